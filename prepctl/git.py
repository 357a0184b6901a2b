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
from collections.abc import Iterator
from contextlib import contextmanager
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
        files = _read_framework(tree, folder, ref, label)
        return GitSnapshot(label=label, files=files, ref=ref, path=folder, commit=commit.hexsha)


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
    if repo.working_tree_dir is not None:
        try:
            found: Path | None = source.find_framework(cwd)
        except FrameworkNotFound:
            found = None
        if found is not None:
            try:
                relative = found.resolve().relative_to(Path(repo.working_tree_dir).resolve())
            except ValueError:
                relative = None
            if relative is not None:
                return "" if relative.as_posix() == "." else relative.as_posix()
    for candidate in (source.FRAMEWORK_DIR, ""):
        if _entry(tree, f"{candidate}/{source.MANIFEST}".lstrip("/")) is not None:
            return candidate
    return source.FRAMEWORK_DIR


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
    for name in source.collection_directories():
        subtree = _entry(root, name)
        if subtree is None or subtree.type != "tree":
            continue
        for entry in sorted(subtree, key=lambda e: e.name):
            if not entry.name.endswith(".yaml"):
                continue
            relative = f"{name}/{entry.name}"
            if entry.type != "blob":
                raise InputError(
                    _show(ref, folder, relative), 1, 1, "is a folder, but a YAML file was expected"
                )
            files[relative] = _read_blob(entry, _show(ref, folder, relative))
    return files


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
