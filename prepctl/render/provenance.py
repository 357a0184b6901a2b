"""Where a rendering came from: the commit, a hash of the content, and prepctl's version.

Nothing here reads a clock, so the same input always gives the same footer. The content hash
is SHA-256 over the files the document was rendered from, in path order, each fed as its path,
a NUL, its length in decimal, a NUL and its bytes (the length keeps one file's bytes from
passing for the next file's path). It names the content wherever the folder lies, so a copy of
the framework anywhere renders with the same hash.

For a folder on disk the commit is HEAD's, as :func:`prepctl.io.git.read_snapshot` reads it, and
the framework counts as uncommitted when its files differ from HEAD's. Importing
:mod:`prepctl.io.git` costs more than the rest of a Markdown rendering, so the usual cases are
answered without it: a folder with no repository above it by looking for one (up the path as
written, for a ``.git`` entry or a bare repository's ``HEAD``), and a folder in an ordinary
working tree by two git commands (``rev-parse`` for HEAD, ``ls-tree`` for the ids and sizes of
HEAD's framework files, compared with the ids of the files on disk), run as
:mod:`prepctl.io.gitrun` runs every git command. Anything less plain (a linked worktree, a
submodule, git's environment variables, a failing command) is left to
:func:`read_head_from_git`, so the answer is the same either way.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from prepctl import __version__
from prepctl.core import source
from prepctl.core.source import Snapshot
from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.io import gitrun
from prepctl.io import yaml as yamlio
from prepctl.render.view import Provenance

# Variables that change which repository, objects or refs git reads; with any of them set,
# HEAD is read by prepctl.io.git, which reads them as git does.
_GIT_ENVIRONMENT = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_NAMESPACE",
)
_SYMLINK_MODE = "120000"
_SHA1_HEX = 40


def content_hash(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        digest.update(path.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()


def of_snapshot(snapshot: Snapshot, folder: Path | None, files: Mapping[str, bytes]) -> Provenance:
    """The provenance of a rendering of ``files`` (the snapshot's, plus any changelog).

    A version read from git names its commit. A folder on disk names the HEAD commit of its
    repository, marked as uncommitted when its framework files differ from HEAD's; outside a
    repository, or without git installed, the commit is unknown.
    """
    digest = content_hash(files)
    if type(snapshot) is not Snapshot:  # only prepctl.io.git makes other kinds
        from prepctl.io import git

        if isinstance(snapshot, git.GitSnapshot):
            return Provenance(snapshot.commit, False, digest, __version__)
    executable = gitrun.executable() if folder is not None else None
    if folder is None or executable is None:
        return Provenance(None, False, digest, __version__)
    found = read_head(snapshot, folder, executable)
    commit, uncommitted = found if found is not None else read_head_from_git(snapshot, folder)
    return Provenance(commit, uncommitted, digest, __version__)


def read_head_from_git(snapshot: Snapshot, folder: Path) -> tuple[str | None, bool]:
    """HEAD's commit for a folder on disk and whether the folder differs from it, read with
    :func:`prepctl.io.git.read_snapshot`."""
    from prepctl.io import git

    try:
        head = git.read_snapshot("HEAD", cwd=folder)
    except git.NotARepository:
        return None, False
    except git.RefNotFound:
        # A repository with no commits yet: everything in it is uncommitted.
        return None, True
    except PrepctlError:
        # HEAD has no framework at this folder: it was never committed.
        return None, True
    return head.commit, head.files != snapshot.files


class _Unsure(Exception):
    """Only the full reading can tell: the case is not one :func:`read_head` answers itself."""


def read_head(snapshot: Snapshot, folder: Path, executable: str) -> tuple[str | None, bool] | None:
    """What :func:`read_head_from_git` answers, found without importing :mod:`prepctl.io.git`;
    None when only that reading can tell. ``executable`` is the git to run."""
    try:
        work_tree = _work_tree(_start(folder))
        if work_tree is None:
            return None, False
        return _compare_with_head(snapshot, folder, work_tree, executable)
    except _Unsure:
        return None


def _start(folder: Path) -> str:
    """The path to start looking for a repository from."""
    written = os.fspath(folder)
    if "~" in written or "$" in written:
        raise _Unsure  # left to the full reading, to be sure no one expands these
    return os.path.normpath(os.path.abspath(written))


def _present(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        raise _Unsure from None


def _work_tree(start: str) -> str | None:
    """The working tree of the repository git would find above ``start``, walking up the path
    as written (git confirms it later); None when there is no repository there at all."""
    current = start
    while True:
        dot_git = _present(os.path.join(current, ".git"))
        if dot_git is not None:
            if stat.S_ISDIR(dot_git.st_mode):
                return current
            raise _Unsure  # a linked worktree or a submodule names its repository in a file
        if _present(os.path.join(current, "HEAD")) is not None:
            raise _Unsure  # perhaps a bare repository
        parent, tail = os.path.split(current)
        if not tail:
            return None
        current = parent


def _git(executable: str, cwd: Path, *arguments: str, failing: int = 0) -> bytes:
    """What a git command prints; its exit status must be 0 (or ``failing``, which then stands
    for an answer too: ``rev-parse --verify -q`` finding no commit)."""
    try:
        done = gitrun.run(executable, cwd, *arguments)
    except OSError:
        raise _Unsure from None
    if done.returncode not in (0, failing):
        raise _Unsure
    return done.stdout


def _compare_with_head(
    snapshot: Snapshot, folder: Path, work_tree: str, executable: str
) -> tuple[str | None, bool]:
    if any(name in os.environ for name in _GIT_ENVIRONMENT):
        raise _Unsure
    git_dir = os.path.join(work_tree, ".git")
    arguments = ("--show-toplevel", "--absolute-git-dir", "--verify", "-q", "HEAD^{commit}")
    lines = os.fsdecode(_git(executable, folder, "rev-parse", *arguments, failing=1)).splitlines()
    if len(lines) not in (2, 3):
        raise _Unsure
    toplevel, found_git_dir, *named = lines
    same_repository = os.path.realpath(toplevel) == os.path.realpath(work_tree) and (
        os.path.realpath(found_git_dir) == os.path.realpath(git_dir)
    )
    if not same_repository:
        raise _Unsure
    if not named:
        # HEAD names no commit (a repository with no commits yet): everything is uncommitted.
        return None, True
    commit = named[0]
    if len(commit) != _SHA1_HEX:
        raise _Unsure
    # The framework's folder in the repository, found as prepctl.io.git finds it.
    try:
        relative = source.find_framework(folder).resolve().relative_to(Path(work_tree).resolve())
    except (FrameworkNotFound, ValueError):
        raise _Unsure from None
    inside = relative.as_posix()
    prefix = "" if inside == "." else f"{inside}/"
    collections = source.collection_directories()
    listing = _git(
        executable,
        folder,
        "--literal-pathspecs",
        "ls-tree",
        "--full-tree",
        "-r",
        "-t",
        "-z",
        "-l",
        commit,
        "--",
        *(prefix + name for name in (source.MANIFEST, source.CHANGELOG, *collections)),
    )
    entries: dict[str, tuple[str, str, str, str]] = {}
    for record in listing.split(b"\0"):
        if record:
            meta, _, path = record.partition(b"\t")
            mode, kind, object_id, size = meta.decode("ascii").split()
            entries[os.fsdecode(path)] = (mode, kind, object_id, size)
    head = _framework_files(entries, prefix)
    if head is None:
        # prepctl.io.git would refuse HEAD's framework here, so it counts as never committed.
        return None, True
    same = head.keys() == snapshot.files.keys() and all(
        _blob_id(data) == head[name] for name, data in snapshot.files.items()
    )
    return commit, not same


def _blob_id(data: bytes) -> str:
    """The id git gives a blob with this content (as :func:`prepctl.io.git.blob_sha`, without
    importing that module for it)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _readable(entry: tuple[str, str, str, str]) -> bool:
    """Whether prepctl.io.git reads this tree entry as a file (not a folder, a submodule, a
    symbolic link, or a file over the size limit)."""
    mode, kind, _, size = entry
    return kind == "blob" and mode != _SYMLINK_MODE and int(size) <= yamlio.MAX_FILE_BYTES


def _framework_files(
    entries: dict[str, tuple[str, str, str, str]], prefix: str
) -> dict[str, str] | None:
    """The blob id of each framework file of HEAD's tree, as :func:`prepctl.io.git.read_snapshot`
    would read them; None where it would refuse them."""
    manifest = entries.get(prefix + source.MANIFEST)
    if manifest is None or not _readable(manifest):
        return None
    changelog = entries.get(prefix + source.CHANGELOG)
    if changelog is not None and changelog[1] == "blob" and not _readable(changelog):
        return None
    files = {source.MANIFEST: manifest[2]}
    for path, entry in entries.items():
        relative = path[len(prefix) :]
        if not path.startswith(prefix) or source.collection_of(relative) is None:
            continue
        if not _readable(entry):
            return None
        files[relative] = entry[2]
    return files
