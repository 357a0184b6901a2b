"""Reading framework versions straight from git objects: the only module that talks to git.

A version is named by a ref (``main``, ``v2.0.0``, ``HEAD~1``, a commit id) or by ``REF:PATH``
(PATH being the framework folder inside the repository at that ref). Its files are read from
the commit's tree, blob by blob, so nothing is ever checked out and neither the working tree
nor the index is touched. Parsed files are cached by blob id for the life of the process, so
reading many versions parses each distinct file once.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import TYPE_CHECKING, Any

from prepctl import source
from prepctl import yaml as yamlio
from prepctl.errors import FrameworkNotFound, InputError, PrepctlError

if TYPE_CHECKING:
    import git as gitpython

SHALLOW_HINT = "the clone is shallow; fetch more history (git fetch --unshallow)"
_SYMLINK_MODE = 0o120000


class GitError(PrepctlError):
    """A version cannot be read from git."""


class RefNotFound(GitError):
    """The ref names nothing in the repository."""

    def __init__(self, message: str, suggestion: str | None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


class NotARepository(GitError):
    """There is no git repository to read a ref from."""


@dataclass(frozen=True)
class GitSnapshot(source.Snapshot):
    """A framework version read from a commit; files are shown as ``REF:PATH/FILE``."""

    ref: str = ""
    path: str = ""
    commit: str = ""

    def display(self, relative: str) -> str:
        return _show(self.ref, self.path, relative)

    def repository_path(self, display: str) -> str:
        """A displayed file name as a path from the repository root (``framework/x.yaml``)."""
        prefix = f"{self.ref}:"
        return display[len(prefix) :] if display.startswith(prefix) else display


def _show(ref: str, folder: str, relative: str) -> str:
    return f"{ref}:{folder}/{relative}" if folder else f"{ref}:{relative}"


def read_snapshot(argument: str, *, cwd: Path | None = None) -> GitSnapshot:
    """Read the framework at ``REF`` or ``REF:PATH`` from the repository around ``cwd``."""
    if argument.startswith("-"):
        raise GitError(
            f"refusing to read ref '{argument}': a name beginning with '-' could be read "
            "as an option"
        )
    ref, colon, path = argument.partition(":")
    if not ref:
        raise GitError(
            f"'{argument}' names no ref before ':' (write REF:PATH, e.g. main:framework)"
        )
    where = cwd or Path.cwd()
    with _repository(ref, where) as repo:
        commit = _resolve(repo, ref)
        tree = _tree(repo, commit, ref)
        folder = _clean_path(argument, path) if colon else _default_folder(repo, tree, where)
        label = f"{ref}:{folder or '.'}"
        try:
            files = _read_framework(tree, folder, ref, label)
            changelog = _read_changelog(tree, folder, ref)
        except (ValueError, AttributeError, _gitpython(ref).exc.GitError) as exc:
            # A damaged repository: an object the tree names is missing or unreadable.
            raise GitError(f"cannot read framework at ref '{ref}': {_damaged(repo, exc)}") from None
        return GitSnapshot(
            label=label,
            files=files,
            changelog=changelog,
            ref=ref,
            path=folder,
            commit=commit.hexsha,
        )


def _damaged(repo: gitpython.Repo, exc: Exception) -> str:
    if _is_shallow(repo):
        return SHALLOW_HINT
    found = re.search(r"[0-9a-f]{40}", str(exc))
    what = f"object {found.group()[:12]}" if found else "an object"
    return f"{what} is missing or damaged in the repository (git fsck tells more)"


def _gitpython(ref: str) -> ModuleType:
    """gitpython, imported only when a ref is read: folders never need it, nor a git binary."""
    try:
        import git as module
    except ImportError as exc:  # gitpython refuses to import without a git executable
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "git is not installed"
        raise GitError(f"cannot read framework at ref '{ref}': {first}") from None
    return module


@contextmanager
def _repository(ref: str, cwd: Path) -> Iterator[gitpython.Repo]:
    module = _gitpython(ref)
    try:
        repo = module.Repo(cwd, search_parent_directories=True)
    except (module.InvalidGitRepositoryError, module.NoSuchPathError):
        raise NotARepository(
            f"cannot read framework at ref '{ref}': {cwd} is not inside a git repository"
        ) from None
    try:
        yield repo
    except module.exc.GitCommandError as exc:
        # A git command that fails inside (a damaged packed-refs, a corrupt index) is an input
        # error like any other: one line with git's own words, never a traceback.
        lines = str(exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n").splitlines()
        detail = lines[-1].strip() if lines else f"git exited with status {exc.status}"
        raise GitError(f"cannot read framework at ref '{ref}': {detail}") from None
    finally:
        repo.close()


def _is_shallow(repo: gitpython.Repo) -> bool:
    return (Path(repo.git_dir) / "shallow").is_file()


def _resolve(repo: gitpython.Repo, ref: str) -> Any:
    """The commit a ref names, tags peeled."""
    errors = _gitpython(ref).exc
    try:
        found: Any = repo.rev_parse(ref)
    except (errors.BadName, errors.BadObject, ValueError, IndexError, KeyError):
        raise _missing(repo, ref) from None
    while found.type == "tag":
        found = found.object
    if found.type != "commit":
        raise GitError(
            f"cannot read framework at ref '{ref}': it names a {found.type}, not a commit"
        )
    return found


def _missing(repo: gitpython.Repo, ref: str) -> GitError:
    head = f"cannot read framework at ref '{ref}'"
    if not repo.head.is_valid():
        return RefNotFound(f"{head}: the repository has no commits yet", None)
    names = ["HEAD", *(r.name for r in repo.refs)]
    close = difflib.get_close_matches(ref, names, n=1, cutoff=0.6)
    suggestion = close[0] if close else None
    message = f"{head}: no such branch, tag or commit"
    if _is_shallow(repo) and suggestion is None:
        message += f" here; {SHALLOW_HINT}"
    if suggestion:
        message += f" (did you mean '{suggestion}'?)"
    return RefNotFound(message, suggestion)


_DEFAULT_BRANCHES = ("main", "master")


def remote_default_branch(ref: str, *, cwd: Path | None = None) -> str | None:
    """For a ref ``REMOTE/HEAD`` that git has not recorded (``git clone`` records it; a
    repository that was created and then given a remote does not): the remote-tracking branch
    that can only be the remote's default one, or None when ``ref`` is not such a ref.

    That is the remote's only branch here, else ``main`` or ``master`` when exactly one of the
    two exists. With no branch at all (the first push of a new repository) or several and
    neither of those, nothing is guessed: the error says what to do.
    """
    where = cwd or Path.cwd()
    with _repository(ref, where) as repo:
        remote = next((r for r in repo.remotes if ref == f"{r.name}/HEAD"), None)
        if remote is None:
            return None
        prefix = f"{remote.name}/"
        branches = sorted(
            str(r.name)[len(prefix) :]
            for r in remote.refs
            if str(r.name).startswith(prefix) and str(r.name) != ref
        )
    head = f"cannot read framework at ref '{ref}'"
    set_head = f"git remote set-head {remote.name} --auto"
    if not branches:
        raise GitError(
            f"{head}: {remote.name} has no branches here yet, so there is nothing to compare "
            "with; on the first push of a new repository push once without this check "
            f"(SKIP=prepctl-diff git push), then run '{set_head}'"
        )
    defaults = [name for name in _DEFAULT_BRANCHES if name in branches]
    if len(branches) == 1 or len(defaults) == 1:
        return prefix + (branches[0] if len(branches) == 1 else defaults[0])
    raise GitError(
        f"{head}: {ref} is not set and {remote.name} has several branches "
        f"({', '.join(branches)}); run '{set_head}' to record the remote's default branch, "
        "or name the base with --against"
    )


def _tree(repo: gitpython.Repo, commit: Any, ref: str) -> Any:
    errors = _gitpython(ref).exc
    try:
        return commit.tree
    except (ValueError, errors.BadObject, errors.BadName):
        # The ref resolved (a parent id is written in its child) but the commit is not here.
        problem = SHALLOW_HINT if _is_shallow(repo) else "its commit is missing from the repository"
        raise GitError(f"cannot read framework at ref '{ref}': {problem}") from None


def _clean_path(argument: str, path: str) -> str:
    pure = PurePosixPath(path.strip())
    if pure.is_absolute() or ".." in pure.parts:
        raise GitError(
            f"'{argument}': PATH must lie inside the repository (no leading '/', no '..')"
        )
    text = pure.as_posix()
    return "" if text == "." else text


def _default_folder(repo: gitpython.Repo, tree: Any, cwd: Path) -> str:
    """The working tree framework's folder relative to the repository root, else framework/."""
    top = Path(repo.working_tree_dir) if repo.working_tree_dir is not None else None
    here = _working_folder(top, cwd)
    if here is not None:
        return here
    for candidate in (source.FRAMEWORK_DIR, ""):
        if _entry(tree, f"{candidate}/{source.MANIFEST}".lstrip("/")) is not None:
            return candidate
    return source.FRAMEWORK_DIR


def _working_folder(top: Path | None, cwd: Path) -> str | None:
    """The folder of the framework found from ``cwd`` in the working tree ``top``, relative to
    it ('' for its root); None without a working tree or a framework inside it."""
    if top is None:
        return None
    try:
        found = source.find_framework(cwd)
    except FrameworkNotFound:
        return None
    try:
        relative = found.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative


def _entry(tree: Any, path: str) -> Any:
    if not path:
        return tree
    try:
        return tree / path
    except KeyError:
        return None


def _read_framework(tree: Any, folder: str, ref: str, label: str) -> dict[str, bytes]:
    root = _entry(tree, folder)
    shown = folder or "the repository root"
    if root is None:
        raise GitError(f"cannot read framework at ref '{ref}': no folder '{shown}' there")
    if root.type != "tree":
        raise GitError(f"cannot read framework at ref '{ref}': '{shown}' is a file, not a folder")
    if _entry(root, source.MANIFEST) is None:
        raise FrameworkNotFound(f"{label}: not a framework folder (no {source.MANIFEST} in it)")
    files = {
        source.MANIFEST: _read_blob(root / source.MANIFEST, _show(ref, folder, source.MANIFEST))
    }
    for relative_folder, subtree in _item_trees(root):
        # By path, not name: a gitlink (submodule) entry has no name without .gitmodules.
        for entry in sorted(subtree, key=lambda e: e.path):
            base = PurePosixPath(entry.path).name
            if not base.endswith(".yaml"):
                continue
            relative = f"{relative_folder}/{base}"
            if entry.type == "submodule":
                raise InputError(
                    _show(ref, folder, relative),
                    1,
                    1,
                    "is a submodule, but a YAML file was expected",
                )
            if entry.type != "blob":
                raise InputError(
                    _show(ref, folder, relative), 1, 1, "is a folder, but a YAML file was expected"
                )
            files[relative] = _read_blob(entry, _show(ref, folder, relative))
    return files


def _item_trees(root: Any) -> Iterator[tuple[str, Any]]:
    """The trees of the folders :func:`prepctl.source.item_folders` names, with their paths
    inside the framework folder."""
    for _, pattern in source.item_folders():
        found: list[tuple[str, Any]] = [("", root)]
        for part in pattern:
            below: list[tuple[str, Any]] = []
            for path, tree in found:
                if part == source.ANY_FOLDER:
                    children = sorted(tree.trees, key=lambda e: e.path)
                    below.extend((f"{path}/{PurePosixPath(c.path).name}", c) for c in children)
                else:
                    child = _entry(tree, part)
                    if child is not None and child.type == "tree":
                        below.append((f"{path}/{part}", child))
            found = below
        for path, tree in found:
            yield path.lstrip("/"), tree


def _read_changelog(tree: Any, folder: str, ref: str) -> bytes | None:
    """The framework folder's CHANGELOG.md at this commit, if it has one."""
    entry = _entry(tree, f"{folder}/{source.CHANGELOG}".lstrip("/"))
    if entry is None or entry.type != "blob":
        return None
    return _read_blob(entry, _show(ref, folder, source.CHANGELOG))


def _read_blob(blob: Any, shown: str) -> bytes:
    if blob.type != "blob":
        raise InputError(shown, 1, 1, "is a folder, but a YAML file was expected")
    if blob.mode == _SYMLINK_MODE:
        raise InputError(shown, 1, 1, "is a symbolic link; prepctl reads only files from git")
    if blob.size > yamlio.MAX_FILE_BYTES:
        raise InputError(
            shown, 1, 1, f"file is {blob.size:,} bytes, over the limit of {yamlio.MAX_FILE_BYTES:,}"
        )
    data: bytes = blob.data_stream.read()
    return data


def blob_sha(raw: bytes) -> str:
    """The id git gives a blob with this content."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


_PARSED: dict[str, yamlio.YamlFile] = {}
_PARSED_LIMIT = 8192


def parse_cached(raw: bytes, name: str) -> yamlio.YamlFile:
    """``prepctl.yaml.parse``, once per distinct blob in a process.

    The result is shared between documents, so callers must treat parsed data as read-only.
    Errors are not cached: a broken file is reported, with its own name, every time.
    """
    key = blob_sha(raw)
    parsed = _PARSED.get(key)
    if parsed is None:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        parsed = _PARSED[key] = yamlio.parse(raw, name)
    return parsed


def read_snapshot_of(ref: str, folder: Path) -> GitSnapshot:
    """The framework at ``ref`` that lives, in the working tree, in ``folder``: the same folder
    read from git (for comparing a working tree framework with its own past)."""
    with _repository(ref, folder) as repo:
        if repo.working_tree_dir is None:
            raise GitError(
                f"cannot read framework at ref '{ref}': the repository has no working tree"
            )
        try:
            relative = folder.resolve().relative_to(Path(repo.working_tree_dir).resolve())
        except ValueError:
            raise GitError(
                f"cannot read framework at ref '{ref}': {folder} is outside the repository"
            ) from None
    return read_snapshot(f"{ref}:{relative.as_posix()}", cwd=folder)


# History ----------------------------------------------------------------------------------
#
# Reading a history drives git directly (one ``git rev-parse``, one ``git log`` and one
# ``git cat-file --batch``), without gitpython: importing and setting it up would cost more
# than reading the history. When git refuses a ref or the repository, the same question is
# asked again through gitpython, so that the error reads exactly as it does for ``diff``.

_NO_BLOB = re.compile(r"^0+$")
_RECORD = "\x1e"
_FIELD = "\x1f"
_RECORD_START = re.compile(
    r"(?:\A|(?<=\0))" + _RECORD + "(?=(?:[0-9a-f]{40}|[0-9a-f]{64})" + _FIELD + ")"
)
"""Where a commit's record starts: at the start, or after the NUL that ends the previous record's
last field, the separator and a full commit id. The separator inside an author's name or a
file's path (which never holds a NUL) therefore never splits a record."""
_LOG_FORMAT = _FIELD.join(("%H", "%h", "%P", "%p", "%aI", "%an"))
_TREE_KIND = 0o04
_BLOB_KINDS = (0o10, 0o12)  # files and symbolic links, as gitpython counts blobs
_GITLINK_KIND = 0o16  # a submodule's commit


@dataclass(frozen=True)
class FileVersion:
    """A framework file as one commit holds it: its blob's id (possibly abbreviated, always
    unambiguous) and its mode."""

    blob: str
    mode: str

    @property
    def is_symlink(self) -> bool:
        return self.mode == f"{_SYMLINK_MODE:o}"

    @property
    def is_submodule(self) -> bool:
        return int(self.mode, 8) >> 12 == _GITLINK_KIND


@dataclass(frozen=True)
class CommitFiles:
    """One commit of the first-parent history and the framework files it changed (relative to
    the framework folder; None for a file it deleted)."""

    commit: str
    parent: str | None
    date: str
    author: str
    files: dict[str, FileVersion | None]
    short: str = ""
    parent_short: str | None = None


_Answer = tuple[str, str, bytes] | None
"""What ``git cat-file`` says of an object: its full id, kind and content, or None when git
does not have it."""


class _Objects:
    """One ``git cat-file --batch`` for every object a history reads.

    The objects a walk will need are known in advance (:meth:`expect`): they are asked for a
    window at a time, the next window while the answers to the one before are read, so git
    looks them up while prepctl parses. At most two windows are unanswered at once, less than
    a pipe holds: neither process ever waits for the other to read.
    """

    _WINDOW = 1536
    """Bytes of names in one window: two windows and one name asked alone stay under 4 KiB, the
    least a pipe holds."""
    _BUFFER = 1 << 16

    def __init__(self, cwd: Path) -> None:
        import subprocess  # here, not at the top: lint imports this module too

        self.process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=self._BUFFER,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin = self.process.stdin
        self.stdout = self.process.stdout
        _widen(self.stdout)
        self.plan: list[str] = []
        self.planned = 0
        self.coming: set[str] = set()
        self.asked: list[list[str]] = []
        self.ready: dict[str, _Answer] = {}
        self.oversized: dict[str, int] = {}
        """The sizes of blobs over the file size limit, whose content was not kept."""

    def expect(self, names: list[str]) -> None:
        """The objects :meth:`get` will be asked for next, in that order."""
        self.plan = [name for name in dict.fromkeys(names) if "\n" not in name]
        self.planned = 0
        self.coming = set(self.plan)
        self._ahead()

    def get(self, names: list[str]) -> list[_Answer]:
        """Each named object's full id, kind and content; None for one git does not have."""
        found: list[_Answer] = []
        for name in names:
            if "\n" in name:
                found.append(None)
                continue
            if name not in self.ready and name not in self.coming:
                self._ask([name])  # not expected: asked alone, after what is on its way
            while name not in self.ready:
                self._take()
            found.append(self.ready.pop(name))
        return found

    def _ahead(self) -> None:
        while len(self.asked) < 2 and self.planned < len(self.plan):
            end, size = self.planned, 0
            while end < len(self.plan) and (
                end == self.planned or size + len(self.plan[end]) < self._WINDOW
            ):
                size += len(self.plan[end]) + 1
                end += 1
            self._ask(self.plan[self.planned : end])
            self.planned = end

    def _ask(self, names: list[str]) -> None:
        try:
            # A path git gave as bytes that are not UTF-8 goes back as the same bytes.
            asked = "".join(f"{name}\n" for name in names)
            self.stdin.write(asked.encode("utf-8", "surrogateescape"))
            self.stdin.flush()
        except OSError:
            raise GitError("git cat-file stopped while reading the history") from None
        self.asked.append(names)

    def _take(self) -> None:
        if not self.asked:  # pragma: no cover - every name asked for is on its way
            raise GitError("git cat-file was not asked for an object it is waited on for")
        names = self.asked.pop(0)
        try:
            for name in names:
                self.ready[name] = self._answer()
                self.coming.discard(name)
        except (OSError, ValueError):
            raise GitError("git cat-file stopped while reading the history") from None
        self._ahead()

    def _answer(self) -> _Answer:
        header = self.stdout.readline()
        if not header:
            raise ValueError("no answer")
        if header.endswith((b" missing\n", b" ambiguous\n")):
            return None
        sha, kind, size_text = header.split()
        size = int(size_text)
        if kind == b"blob" and size > yamlio.MAX_FILE_BYTES:
            # Too large to read: passed over a piece at a time, never held whole.
            left = size + 1  # and the line break after it
            while left:
                piece = self.stdout.read(min(left, 1 << 20))
                if not piece:
                    raise ValueError("short answer")
                left -= len(piece)
            self.oversized[sha.decode("ascii")] = size
            return sha.decode("ascii"), "blob", b""
        data = self.stdout.read(size)
        if len(data) != size or self.stdout.read(1) != b"\n":
            raise ValueError("short answer")
        return sha.decode("ascii"), kind.decode("ascii"), data

    def close(self) -> None:
        with suppress(OSError):  # git went away first
            self.stdin.close()
        self.stdout.close()
        self.process.wait()


def _widen(pipe: Any) -> None:
    """Let git write up to a megabyte ahead of what prepctl has read (Linux; elsewhere the
    pipe keeps its size), so that it looks up files while prepctl parses others."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Windows
        return
    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if size is not None:
        with suppress(OSError):  # over /proc/sys/fs/pipe-max-size for an unprivileged user
            fcntl.fcntl(pipe.fileno(), size, 1 << 20)


@dataclass
class History:
    """The framework's history in one range, oldest commit first, read by one ``git log`` and
    one persistent ``git cat-file --batch``."""

    folder: str
    commits: list[CommitFiles]
    start: dict[str, FileVersion]
    shallow: bool
    objects: _Objects

    def read(self, version: FileVersion, shown: str) -> tuple[str, bytes]:
        """A file's full blob id and content, or the error that says why it cannot be read."""
        unread = version.is_symlink or version.is_submodule
        answer = None if unread else self.objects.get([version.blob])[0]
        return self.judge(version, shown, answer)

    def expect(self, versions: list[FileVersion]) -> None:
        """The files about to be read, in order, so that git looks them up ahead."""
        self.objects.expect([v.blob for v in versions if not (v.is_symlink or v.is_submodule)])

    def judge(self, version: FileVersion, shown: str, answer: _Answer) -> tuple[str, bytes]:
        """A file's full blob id and content from what ``git cat-file`` answered for its blob,
        or the error that says why it cannot be read."""
        if version.is_symlink:
            raise InputError(shown, 1, 1, "is a symbolic link; prepctl reads only files from git")
        if version.is_submodule:  # as reading one version from git says (read_snapshot)
            raise InputError(shown, 1, 1, "is a submodule, but a YAML file was expected")
        if answer is None:
            problem = SHALLOW_HINT if self.shallow else "its content is missing from the repository"
            raise GitError(f"cannot read {shown}: {problem}")
        sha, kind, data = answer
        if kind != "blob":
            raise InputError(shown, 1, 1, "is a folder, but a YAML file was expected")
        size = self.objects.oversized.get(sha, len(data))
        if size > yamlio.MAX_FILE_BYTES:
            raise InputError(
                shown,
                1,
                1,
                f"file is {size:,} bytes, over the limit of {yamlio.MAX_FILE_BYTES:,}",
            )
        return sha, data

    def abbreviations(self, commits: list[str]) -> dict[str, str]:
        """Short, unambiguous names of commits (from the same ``git log``, as ``%h``)."""
        known: dict[str, str] = {}
        for commit in self.commits:
            known[commit.commit] = commit.short
            if commit.parent is not None and commit.parent_short:
                known.setdefault(commit.parent, commit.parent_short)
        return {sha: known.get(sha) or sha[:12] for sha in commits}


def framework_file(relative: str) -> bool:
    """Whether a path inside the framework folder is one the document is read from."""
    return relative == source.MANIFEST or source.collection_of(relative) is not None


@contextmanager
def open_history(revision_range: str | None, *, cwd: Path | None = None) -> Iterator[History]:
    """The first-parent history of the framework folder in ``A..B`` (or up to ``B``; default
    HEAD). Merge commits are compared with their first parent, as ``git log --first-parent``
    shows them."""
    import subprocess  # here, not at the top: lint imports this module too

    shown = revision_range or "HEAD"
    if shown.startswith("-"):
        raise GitError(
            f"refusing to read range '{shown}': a name beginning with '-' could be read as "
            "an option"
        )
    if "..." in shown:
        raise GitError(
            f"'{shown}': give a range as A..B (symmetric ranges A...B are not supported)"
        )
    start, dots, end = shown.partition("..")
    if not dots:
        start, end = "", start
    where = cwd or Path.cwd()
    refs = [end or "HEAD", *([start or "HEAD"] if dots else [])]
    located = _locate(refs, where) or _locate_with_gitpython(refs, end or start or "HEAD", where)
    toplevel, shallow, resolved = located
    try:
        objects = _Objects(where)
    except OSError as exc:
        raise GitError(f"cannot read the history of {shown}: {exc.strerror or exc}") from None
    try:
        folder = _history_folder(objects, toplevel, resolved[0], where)
        revisions = f"{resolved[1]}..{resolved[0]}" if dots else resolved[0]
        try:
            output = subprocess.run(
                [
                    "git",
                    "log",
                    "--first-parent",
                    "--diff-merges=first-parent",
                    "--root",
                    "--raw",
                    "-z",
                    "--no-renames",
                    "--no-color",
                    "--no-show-signature",
                    "--encoding=UTF-8",
                    "--reverse",
                    f"--format={_RECORD}{_LOG_FORMAT}",
                    revisions,
                    "--",
                    folder or ".",
                ],
                cwd=toplevel or where,  # the folder is a path from the top, as git takes it there
                capture_output=True,
                check=True,
            ).stdout
        except subprocess.CalledProcessError as exc:
            exc.stderr = exc.stderr.decode("utf-8", "replace")
            raise GitError(f"cannot read the history of {shown}: {_failure(exc)}") from None
        commits = _parse_log(os.fsdecode(output), folder)  # as gitpython decodes it
        start_files: dict[str, FileVersion] = {}
        if commits and commits[0].parent is not None:
            start_files = _tree_files(objects, commits[0].parent, folder)
        yield History(folder, commits, start_files, shallow, objects)
    finally:
        objects.close()


def _locate(refs: list[str], cwd: Path) -> tuple[Path | None, bool, list[str]] | None:
    """The repository's top folder, whether it is shallow, and the commit each ref names, from
    one ``git rev-parse``; None when git refuses any of it."""
    import subprocess

    try:
        result = subprocess.run(
            [
                "git",
                "rev-parse",
                "--is-shallow-repository",
                "--show-toplevel",
                *(f"{ref}^{{commit}}" for ref in refs),
            ],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    lines = os.fsdecode(result.stdout).splitlines()
    if result.returncode != 0 or len(lines) != 2 + len(refs) or lines[0] not in ("true", "false"):
        return None
    commits = lines[2:]
    if not all(re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit) for commit in commits):
        return None
    return Path(lines[1]), lines[0] == "true", commits


def _locate_with_gitpython(
    refs: list[str], label: str, cwd: Path
) -> tuple[Path | None, bool, list[str]]:
    """What :func:`_locate` finds, through gitpython; for a ref or repository git refused, it
    raises the error prepctl gives everywhere else for it."""
    with _repository(label, cwd) as repo:
        commits = [_resolve(repo, ref) for ref in refs]
        _tree(repo, commits[0], refs[0])
        top = Path(repo.working_tree_dir) if repo.working_tree_dir is not None else None
        return top, _is_shallow(repo), [str(commit.hexsha) for commit in commits]


def _history_folder(objects: _Objects, top: Path | None, commit: str, cwd: Path) -> str:
    """As :func:`_default_folder`: the working tree framework's folder relative to the
    repository root, else framework/ (or the root) when the commit holds a manifest there."""
    here = _working_folder(top, cwd)
    if here is not None:
        return here
    candidates = (source.FRAMEWORK_DIR, "")
    paths = [f"{candidate}/{source.MANIFEST}".lstrip("/") for candidate in candidates]
    answers = objects.get([f"{commit}:{path}" for path in paths])
    for candidate, answer in zip(candidates, answers, strict=True):
        if answer is not None:
            return candidate
    return source.FRAMEWORK_DIR


def _parse_log(output: str, folder: str) -> list[CommitFiles]:
    commits: list[CommitFiles] = []
    prefix = f"{folder}/" if folder else ""
    for record in _RECORD_START.split(output)[1:]:
        header, _, raw = record.partition("\0")
        fields = header.split(_FIELD, 5)
        if len(fields) != 6:
            raise GitError(f"cannot read git's account of commit {fields[0][:12]}")
        sha, short, parents, parent_shorts, date, author = fields
        tokens = raw.lstrip("\n").split("\0")
        files: dict[str, FileVersion | None] = {}
        for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
            if not meta.startswith(":") or not path.startswith(prefix):
                continue
            relative = path[len(prefix) :]
            if not framework_file(relative):
                continue
            _, new_mode, _, new_blob, _ = meta[1:].split(" ", 4)
            files[relative] = None if _NO_BLOB.match(new_blob) else FileVersion(new_blob, new_mode)
        first = parents.split()[0] if parents.split() else None
        first_short = parent_shorts.split()[0] if parent_shorts.split() else None
        commits.append(CommitFiles(sha, first, date, author, files, short, first_short))
    return commits


def _tree_files(objects: _Objects, commit: str, folder: str) -> dict[str, FileVersion]:
    """The framework files of a commit's tree, by blob id (read through the same cat-file)."""
    # The folder is found step by step from the commit's tree (cat-file cannot be asked for
    # "commit:path" when the path holds a line break).
    (root,) = objects.get([f"{commit}^{{tree}}"])
    for part in folder.split("/") if folder else []:
        if root is None or root[1] != "tree":
            break
        entries = _tree_entries(root[2], len(root[0]) // 2)
        found_sha = next(
            (
                sha
                for mode, name, sha in entries
                if name == part and int(mode, 8) >> 12 == _TREE_KIND
            ),
            None,
        )
        (root,) = objects.get([found_sha]) if found_sha is not None else (None,)
    if root is None or root[1] != "tree":
        return {}  # beyond a shallow boundary, or no framework folder: the history starts here
    found: dict[str, FileVersion] = {}
    level: list[tuple[str, tuple[str, str, bytes] | None]] = [("", root)]
    while level:  # one look-up of git objects per depth of folders
        wanted: list[tuple[str, str]] = []
        for path, tree in level:
            if tree is None or tree[1] != "tree":
                continue
            for mode, name, sha in _tree_entries(tree[2], len(tree[0]) // 2):
                relative = f"{path}/{name}" if path else name
                kind = int(mode, 8) >> 12
                if kind == _TREE_KIND and source.leads_to_items(relative):
                    wanted.append((relative, sha))
                elif kind in (*_BLOB_KINDS, _GITLINK_KIND) and framework_file(relative):
                    found[relative] = FileVersion(sha, mode)
        trees = objects.get([sha for _, sha in wanted]) if wanted else []
        level = [(relative, tree) for (relative, _), tree in zip(wanted, trees, strict=True)]
    return found


def _tree_entries(data: bytes, width: int) -> Iterator[tuple[str, str, str]]:
    """A tree object's entries as (mode, name, object id)."""
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        mode = data[at:space].decode("ascii")
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        yield mode, name, data[nul + 1 : nul + 1 + width].hex()
        at = nul + 1 + width


# Reading historic files in parts ------------------------------------------------------------

_TOP_KEY = re.compile(rb"\n(?=[A-Za-z_][^:#\r\n]*:(?:[ \t\r\n]|\Z))")
"""The line break before a line that starts an entry of the top-level mapping: a plain key at
column 1 (written with the line break, which the regex engine finds fast, rather than '^')."""
_FIRST_KEY = re.compile(rb"[A-Za-z_][^:#\r\n]*:(?:[ \t\r\n]|\Z)")
_AFTER_TOP = re.compile(rb"\n(?:---|\.\.\.|%)")
"""A document marker or directive, which would make a file more than one mapping."""
_EXPLICIT_KEY = re.compile(rb"(?m)^[ \t-]*\?(?:[ \t\r\n]|$)")
"""A complex key written after '?': rare, and a piece holding one could be placed differently
when read alone, so the file is parsed whole."""
_PARTS: dict[bytes, yamlio.YamlFile | None] = {}
_SHIFTED: dict[tuple[bytes, int], tuple[dict[yamlio.Path, yamlio.Position], ...]] = {}
_PARTS_LIMIT = 16384


def parse_in_parts(raw: bytes, name: str) -> yamlio.YamlFile:
    """``prepctl.yaml.parse``, reading a file as the entries of its top-level mapping, each
    entry's text parsed once until :func:`forget_parts` (successive versions of a file mostly
    repeat them; :func:`_entry_in_items` goes on to the items of a list).

    A file splits where a line starts with a plain key at column 1. Each part is parsed alone,
    and the parts are joined (positions moved down by the lines before them) only when that
    must give what parsing the whole file gives: every part reads as a mapping, the first starts
    exactly at the first such line (so the top level is a block mapping at column 1, and each
    later key line is one of its entries), no key repeats across parts, the file holds no
    document marker or directive after its first key and stays under the value limit. Anything
    else (and any part that cannot be read) is parsed whole, so every refusal is exactly
    ``parse``'s. The result shares data with other versions: treat it as read-only.
    """
    starts = [found.end() for found in _TOP_KEY.finditer(raw)]
    if _FIRST_KEY.match(raw):
        starts.insert(0, 0)
    if (
        len(starts) < 2
        or len(raw) > yamlio.MAX_FILE_BYTES
        or _AFTER_TOP.search(raw, starts[0]) is not None
        or _EXPLICIT_KEY.search(raw) is not None
    ):
        return yamlio.parse(raw, name)
    first = _part(raw[: starts[1]], name)
    lines = _line_breaks(raw, 0, starts[0])
    if first is None or not isinstance(first.data, dict) or first.values.get(()) != (lines + 1, 1):
        return yamlio.parse(raw, name)
    data: dict[str, Any] = dict(first.data)
    values = dict(first.values)
    keys = dict(first.keys)
    entries = len(data)
    count = len(values)
    lines = _line_breaks(raw, 0, starts[1])
    returns = b"\r" in raw
    bounds = [*starts[1:], len(raw)]
    for index in range(len(bounds) - 1):
        begin, end = bounds[index], bounds[index + 1]
        text = raw[begin:end]
        part = _part(text, name)
        if part is None or not isinstance(part.data, dict):
            return yamlio.parse(raw, name)
        data.update(part.data)
        entries += len(part.data)
        count += len(part.values) - 1
        shifted = _SHIFTED.get((text, lines))
        if shifted is None:
            shifted = _SHIFTED[(text, lines)] = _shift(part, lines)
        values.update(shifted[0])
        keys.update(shifted[1])
        lines += _line_breaks(raw, begin, end) if returns else raw.count(b"\n", begin, end)
    if entries != len(data) or count > yamlio.MAX_VALUES:
        return yamlio.parse(raw, name)  # a key repeated across parts, or too many values
    return yamlio.YamlFile(name=name, data=data, values=values, keys=keys)


def forget_parts() -> None:
    """Drop the pieces :func:`parse_in_parts` keeps, at the end of a walk: freed then, rather
    than kept to the end of the process (where the garbage collector would go over them)."""
    _PARTS.clear()
    _SHIFTED.clear()
    _ITEMS.clear()


def _part(text: bytes, name: str) -> yamlio.YamlFile | None:
    """One entry of the top-level mapping parsed alone (None if it cannot be read)."""
    if text in _PARTS:
        return _PARTS[text]
    if len(_PARTS) >= _PARTS_LIMIT:
        _PARTS.clear()
        _SHIFTED.clear()
        _ITEMS.clear()
    parsed = _entry_in_items(text, name)
    if parsed is None:
        try:
            parsed = yamlio.parse(text, name)
        except InputError:
            parsed = None
    _PARTS[text] = parsed
    return parsed


_HEADER = re.compile(rb"[A-Za-z_][^:#\r\n]*:[ ]*\n")
"""An entry whose value starts on the next line: ``key:`` and nothing else on its line."""
_FIRST_ITEM = re.compile(rb"( +)- ")
_ITEM_LINES: dict[bytes, re.Pattern[bytes]] = {}
_Positions = dict[yamlio.Path, yamlio.Position]
_ITEMS: dict[tuple[bytes, int, int, str], tuple[Any, _Positions, _Positions]] = {}
"""Items read alone, as (value, value positions, key positions) in the list they stand in."""


def _entry_in_items(text: bytes, name: str) -> yamlio.YamlFile | None:
    """An entry whose value is a block list, indented, read item by item (each item's text
    parsed once, as entries are); None when it is not one, or its items cannot be read alone.

    A line of exactly the first item's indentation followed by ``- `` starts the next item:
    what the item before it opened (a quotation, a flow collection) is closed, since that item
    reads alone, and anything it holds on later lines (a block scalar, continued text, a
    nested list or mapping) is indented further. So each item reads alone as it reads in the
    list: a list of that one value, one level less deep.
    """
    header = _HEADER.match(text)
    first = _FIRST_ITEM.match(text, header.end()) if header is not None else None
    if header is None or first is None:
        return None
    indent = first.group(1)
    lines = _ITEM_LINES.get(indent)
    if lines is None:
        lines = _ITEM_LINES[indent] = re.compile(b"\n" + indent + b"- ")
    starts = [header.end(), *(found.start() + 1 for found in lines.finditer(text, header.end()))]
    head = _part_alone(text[: header.end()], name)
    if head is None or not isinstance(head.data, dict) or len(head.data) != 1:
        return None
    (key,) = head.data
    items: list[Any] = []
    values: dict[yamlio.Path, yamlio.Position] = {(): head.values[()]}
    keys = dict(head.keys)
    bounds = [*starts, len(text)]
    row = _line_breaks(text, 0, starts[0])
    for index in range(len(starts)):
        item = text[bounds[index] : bounds[index + 1]]
        found = _ITEMS.get((item, row, index, key))
        if found is None:
            parsed = _part_alone(item, name)
            if (
                parsed is None
                or not isinstance(parsed.data, list)
                or len(parsed.data) != 1
                or parsed.values.get(()) != (1, len(indent) + 1)
                or max(map(len, parsed.values)) >= yamlio.MAX_DEPTH - 1
            ):
                return None
            found = _ITEMS[(item, row, index, key)] = (
                parsed.data[0],
                {
                    (key, index, *path[1:]): (line + row, column)
                    for path, (line, column) in parsed.values.items()
                    if path
                },
                {
                    (key, index, *path[1:]): (line + row, column)
                    for path, (line, column) in parsed.keys.items()
                },
            )
        if index == 0:
            values[(key,)] = (row + 1, len(indent) + 1)
        items.append(found[0])
        values.update(found[1])
        keys.update(found[2])
        row += _line_breaks(text, bounds[index], bounds[index + 1])
    return yamlio.YamlFile(name=name, data={key: items}, values=values, keys=keys)


def _part_alone(text: bytes, name: str) -> yamlio.YamlFile | None:
    if text in _PARTS:
        return _PARTS[text]
    try:
        parsed: yamlio.YamlFile | None = yamlio.parse(text, name)
    except InputError:
        parsed = None
    _PARTS[text] = parsed
    return parsed


def _shift(part: yamlio.YamlFile, lines: int) -> tuple[dict[yamlio.Path, yamlio.Position], ...]:
    """A later part's value and key positions, ``lines`` further down, without its root."""
    return (
        {path: (row + lines, column) for path, (row, column) in part.values.items() if path},
        {path: (row + lines, column) for path, (row, column) in part.keys.items()},
    )


def _line_breaks(raw: bytes, begin: int, end: int) -> int:
    """Line breaks in ``raw[begin:end]``, counted as the YAML reader counts them."""
    breaks = raw.count(b"\n", begin, end)
    if raw.find(b"\r", begin, end) >= 0:
        breaks += raw.count(b"\r", begin, end) - raw.count(b"\r\n", begin, end)
    return breaks


# Releases ---------------------------------------------------------------------------------


def release_tags(
    prefix: str, *, cwd: Path | None = None, merged: str | None = None
) -> list[tuple[str, str]]:
    """Tags named ``prefix`` + a semantic version, as (tag, version) sorted by version
    ascending; with ``merged``, only the tags that ref contains."""
    from prepctl.release import Semver

    where = cwd or Path.cwd()
    with _repository(merged or "HEAD", where) as repo:
        arguments = ["--format=%(refname)"]
        if merged is not None:
            if repo.head.is_valid() or merged != "HEAD":
                arguments.append(f"--merged={_resolve(repo, merged).hexsha}")
            else:
                return []
        output = str(repo.git.for_each_ref(*arguments, "refs/tags/"))
    found: list[tuple[Semver, str, str]] = []
    for line in output.splitlines():
        tag = line.removeprefix("refs/tags/")
        if not tag.startswith(prefix):
            continue
        version = Semver.parse(tag[len(prefix) :])
        if version is not None:
            found.append((version, tag, str(version)))
    return [(tag, text) for _, tag, text in sorted(found, key=lambda item: (item[0], item[1]))]


def uncommitted(folder: Path) -> list[str]:
    """Files in ``folder`` (from the repository root) that differ from HEAD or are untracked."""
    with _repository("HEAD", folder) as repo:
        output = str(
            repo.git.status(
                "--porcelain", "-z", "--untracked-files=all", "--", str(folder.resolve())
            )
        )
    paths: list[str] = []
    entries = iter(output.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":
            next(entries, None)  # a rename or copy is followed by its source path
    return paths


def head_commit(folder: Path) -> str:
    with _repository("HEAD", folder) as repo:
        return str(_resolve(repo, "HEAD").hexsha)


def create_tag(tag: str, message: str, *, cwd: Path, commit: str) -> None:
    """An annotated tag on ``commit``; never moves an existing tag."""
    with _repository("HEAD", cwd) as repo:
        errors = _gitpython(tag).exc
        try:
            repo.git.check_ref_format(f"refs/tags/{tag}")
        except errors.GitCommandError:
            raise GitError(f"'{tag}' is not a valid git tag name") from None
        if f"refs/tags/{tag}" in {ref.path for ref in repo.tags}:
            raise GitError(f"tag {tag} already exists; a release tag is never moved")
        with _message_file(message) as path:
            try:
                repo.git.tag("-a", "-F", str(path), "--cleanup=verbatim", tag, commit)
            except errors.GitCommandError as exc:
                raise GitError(f"cannot create tag {tag}: {_failure(exc)}") from None


def _failure(exc: Any) -> str:
    """The last line git wrote to stderr for a failed command."""
    text = str(getattr(exc, "stderr", "") or "").strip()
    text = text.removeprefix("stderr:").strip().strip("'").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1].removeprefix("fatal: ").removeprefix("error: ") if lines else "git failed"


@contextmanager
def _message_file(message: str) -> Iterator[Path]:
    import os
    import tempfile

    descriptor, name = tempfile.mkstemp(prefix="prepctl-tag-", suffix=".txt")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(message)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)
