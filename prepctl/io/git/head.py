"""HEAD and the working tree: the commit HEAD names, and whether a framework folder differs
from it.

:func:`state` answers a rendering's question (which commit is this folder, and is it
committed) as :func:`prepctl.io.git.snapshot.read` would, reading HEAD's framework and
comparing. That reading costs more than the rest of a Markdown rendering, so the usual cases
are answered without it: a folder with no repository above it by looking for one (up the path
as written, for a ``.git`` entry or a bare repository's ``HEAD``), and a folder in an ordinary
working tree by two git commands (``rev-parse`` for HEAD, ``ls-tree`` for the ids and sizes of
HEAD's framework files, compared with the ids of the files on disk). Anything less plain (a
linked worktree, a submodule, git's environment variables, a failing command) is left to the
full reading, so the answer is the same either way. This module imports neither the object
reader nor the history.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.io import yaml as yamlio
from prepctl.io.git import run as gitrun
from prepctl.io.git.layout import Layout, framework_file
from prepctl.io.git.repo import (
    GitError,
    NotARepository,
    RefNotFound,
    Repository,
    blob_sha,
    says,
    start,
)

Head = tuple[str | None, bool]
"""HEAD's commit (None when there is none to name) and whether the folder differs from it."""

# Variables that change which repository, objects or refs git reads; with any of them set,
# HEAD is left to the full reading, which reads them as git does.
_GIT_ENVIRONMENT = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_NAMESPACE",
)
_SYMLINK_MODE = "120000"
_SHA1_HEX = 40


def head_commit(folder: Path) -> str:
    """The full id of the commit HEAD names, for the repository around ``folder``."""
    return Repository.open("cannot read framework at ref 'HEAD'", folder).commit("HEAD")


def uncommitted(folder: Path) -> list[str]:
    """Files in ``folder`` (from the repository root) that differ from HEAD or are untracked.

    The check reads the index and never writes it, runs no file system monitor, hook or
    filter the repository configures (a file a filter would clean is compared as it is), and
    leaves submodules alone."""
    repo = Repository.open("cannot check the framework folder against HEAD", folder)
    env = {**repo.env, **gitrun.without_filters(repo.program, folder, repo.env)}
    done = repo.run(
        "status",
        "--porcelain",
        "-z",
        "--untracked-files=all",
        "--ignore-submodules=all",
        "--no-renames",
        "--",
        str(folder.resolve()),
        env=env,
    )
    if done.returncode != 0:
        raise GitError(f"{repo.what}: {says(done.stderr)}")
    paths: list[str] = []
    for entry in os.fsdecode(done.stdout).split("\0"):
        if len(entry) >= 4:
            paths.append(entry[3:])
    return paths


def state(files: Mapping[str, bytes], folder: Path, layout: Layout) -> Head:
    """HEAD's commit for the framework folder ``folder`` on disk, whose framework files are
    ``files``, and whether they differ from HEAD's; outside a repository, or without git
    installed, the commit is unknown."""
    executable = gitrun.executable()
    if executable is None:
        return None, False
    found = read_head(files, folder, layout, executable)
    return found if found is not None else read_head_from_git(files, folder, layout)


def read_head_from_git(files: Mapping[str, bytes], folder: Path, layout: Layout) -> Head:
    """What :func:`state` answers, read with :func:`prepctl.io.git.snapshot.read`."""
    from prepctl.io.git import snapshot  # here: the object reader is not needed otherwise

    try:
        head = snapshot.read("HEAD", layout, cwd=folder)
    except NotARepository:
        return None, False
    except RefNotFound:
        # A repository with no commits yet: everything in it is uncommitted.
        return None, True
    except PrepctlError:
        # HEAD has no framework at this folder: it was never committed.
        return None, True
    return head.commit, head.files != files


class _Unsure(Exception):
    """Only the full reading can tell: the case is not one :func:`read_head` answers itself."""


def read_head(
    files: Mapping[str, bytes], folder: Path, layout: Layout, executable: str
) -> Head | None:
    """What :func:`read_head_from_git` answers, found without the object reader; None when only
    that reading can tell. ``executable`` is the git to run."""
    try:
        work_tree = _work_tree(_start(folder))
        if work_tree is None:
            return None, False
        return _compare_with_head(files, folder, layout, work_tree, executable)
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


def _work_tree(start_at: str) -> str | None:
    """The working tree of the repository git would find above ``start_at``, walking up the
    path as written (git confirms it later); None when there is no repository there at all."""
    current = start_at
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
        done = start("reading HEAD", executable, cwd, gitrun.environment(executable), *arguments)
    except GitError:
        raise _Unsure from None
    if done.returncode not in (0, failing):
        raise _Unsure
    return done.stdout


def _compare_with_head(
    files: Mapping[str, bytes], folder: Path, layout: Layout, work_tree: str, executable: str
) -> Head:
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
    # The framework's folder in the repository, found as the full reading finds it.
    try:
        relative = layout.find_framework(folder).resolve().relative_to(Path(work_tree).resolve())
    except (FrameworkNotFound, ValueError):
        raise _Unsure from None
    inside = relative.as_posix()
    prefix = "" if inside == "." else f"{inside}/"
    collections = layout.collection_directories()
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
        *(prefix + name for name in (layout.MANIFEST, layout.CHANGELOG, *collections)),
    )
    entries: dict[str, tuple[str, str, str, str]] = {}
    for record in listing.split(b"\0"):
        if record:
            meta, _, path = record.partition(b"\t")
            mode, kind, object_id, size = meta.decode("ascii").split()
            entries[os.fsdecode(path)] = (mode, kind, object_id, size)
    head = _framework_files(layout, entries, prefix)
    if head is None:
        # The full reading would refuse HEAD's framework here, so it counts as never committed.
        return None, True
    same = head.keys() == files.keys() and all(
        blob_sha(data) == head[name] for name, data in files.items()
    )
    return commit, not same


def _readable(entry: tuple[str, str, str, str]) -> bool:
    """Whether the full reading reads this tree entry as a file (not a folder, a submodule, a
    symbolic link, or a file over the size limit)."""
    mode, kind, _, size = entry
    return kind == "blob" and mode != _SYMLINK_MODE and int(size) <= yamlio.MAX_FILE_BYTES


def _framework_files(
    layout: Layout, entries: dict[str, tuple[str, str, str, str]], prefix: str
) -> dict[str, str] | None:
    """The blob id of each framework file of HEAD's tree, as the full reading would read them;
    None where it would refuse them."""
    manifest = entries.get(prefix + layout.MANIFEST)
    if manifest is None or not _readable(manifest):
        return None
    changelog = entries.get(prefix + layout.CHANGELOG)
    if changelog is not None and changelog[1] == "blob" and not _readable(changelog):
        return None
    files = {layout.MANIFEST: manifest[2]}
    for path, entry in entries.items():
        relative = path[len(prefix) :]
        if not path.startswith(prefix) or not framework_file(layout, relative):
            continue
        if not _readable(entry):
            return None
        files[relative] = entry[2]
    return files
