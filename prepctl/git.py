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
import re
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
        # By path, not name: a gitlink (submodule) entry has no name without .gitmodules.
        for entry in sorted(subtree, key=lambda e: e.path):
            base = PurePosixPath(entry.path).name
            if not base.endswith(".yaml"):
                continue
            relative = f"{name}/{base}"
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

_NO_BLOB = re.compile(r"^0+$")
_RECORD = "\x1e"
_FIELD = "\x1f"
_LOG_FORMAT = _FIELD.join(("%H", "%P", "%aI", "%an"))


@dataclass(frozen=True)
class FileVersion:
    """A framework file as one commit holds it: its blob's id (possibly abbreviated, always
    unambiguous) and its mode."""

    blob: str
    mode: str

    @property
    def is_symlink(self) -> bool:
        return self.mode == f"{_SYMLINK_MODE:o}"


@dataclass(frozen=True)
class CommitFiles:
    """One commit of the first-parent history and the framework files it changed (relative to
    the framework folder; None for a file it deleted)."""

    commit: str
    parent: str | None
    date: str
    author: str
    files: dict[str, FileVersion | None]


@dataclass
class History:
    """The framework's history in one range, oldest commit first, read by one ``git log`` and
    one persistent ``git cat-file --batch``."""

    repo: Any
    folder: str
    commits: list[CommitFiles]
    start: dict[str, FileVersion]
    shallow: bool

    def read(self, version: FileVersion, shown: str) -> tuple[str, bytes]:
        """A file's full blob id and content."""
        if version.is_symlink:
            raise InputError(shown, 1, 1, "is a symbolic link; prepctl reads only files from git")
        try:
            sha, kind, size, data = self.repo.git.get_object_data(version.blob)
        except ValueError:
            problem = SHALLOW_HINT if self.shallow else "its content is missing from the repository"
            raise GitError(f"cannot read {shown}: {problem}") from None
        sha = sha.decode("ascii") if isinstance(sha, bytes) else str(sha)
        kind = kind.decode("ascii") if isinstance(kind, bytes) else str(kind)
        if kind != "blob":
            raise InputError(shown, 1, 1, "is a folder, but a YAML file was expected")
        if size > yamlio.MAX_FILE_BYTES:
            raise InputError(
                shown, 1, 1, f"file is {size:,} bytes, over the limit of {yamlio.MAX_FILE_BYTES:,}"
            )
        return sha, bytes(data)

    def abbreviations(self, commits: list[str]) -> dict[str, str]:
        """Short, unambiguous names of commits, from one ``git log --no-walk`` (never one
        process per commit)."""
        if not commits:
            return {}
        import tempfile

        with tempfile.TemporaryFile() as names:
            names.write("".join(f"{sha}\n" for sha in commits).encode("ascii"))
            names.seek(0)
            output = self.repo.git.log(
                "--no-walk=unsorted", "--stdin", "--format=%H %h", istream=names
            )
        found = dict(line.split(" ", 1) for line in str(output).splitlines() if " " in line)
        return {sha: found.get(sha, sha[:12]) for sha in commits}


def framework_file(relative: str, collections: list[str] | None = None) -> bool:
    """Whether a path inside the framework folder is one the document is read from."""
    if relative == source.MANIFEST:
        return True
    folder, slash, name = relative.partition("/")
    return (
        bool(slash)
        and "/" not in name
        and name.endswith(".yaml")
        and folder in (collections if collections is not None else source.collection_directories())
    )


@contextmanager
def open_history(revision_range: str | None, *, cwd: Path | None = None) -> Iterator[History]:
    """The first-parent history of the framework folder in ``A..B`` (or up to ``B``; default
    HEAD). Merge commits are compared with their first parent, as ``git log --first-parent``
    shows them."""
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
    with _repository(end or start or "HEAD", where) as repo:
        until = _resolve(repo, end or "HEAD")
        since = _resolve(repo, start or "HEAD") if dots else None
        folder = _default_folder(repo, _tree(repo, until, end or "HEAD"), where)
        revisions = f"{since.hexsha}..{until.hexsha}" if since is not None else until.hexsha
        errors = _gitpython(shown).exc
        try:
            output = repo.git.log(
                "--first-parent",
                "--diff-merges=first-parent",
                "--root",
                "--raw",
                "-z",
                "--no-renames",
                "--no-color",
                "--no-show-signature",
                "--reverse",
                f"--format={_RECORD}{_LOG_FORMAT}",
                revisions,
                "--",
                folder or ".",
            )
        except errors.GitCommandError as exc:
            raise GitError(f"cannot read the history of {shown}: {_failure(exc)}") from None
        commits = _parse_log(str(output), folder)
        start_files: dict[str, FileVersion] = {}
        if commits and commits[0].parent is not None:
            start_files = _tree_files(repo, commits[0].parent, folder, shown)
        yield History(repo, folder, commits, start_files, _is_shallow(repo))


def _parse_log(output: str, folder: str) -> list[CommitFiles]:
    commits: list[CommitFiles] = []
    prefix = f"{folder}/" if folder else ""
    collections = source.collection_directories()
    for record in output.split(_RECORD)[1:]:
        header, _, raw = record.partition("\0")
        sha, parents, date, author = header.split(_FIELD, 3)
        tokens = raw.lstrip("\n").split("\0")
        files: dict[str, FileVersion | None] = {}
        for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
            if not meta.startswith(":") or not path.startswith(prefix):
                continue
            relative = path[len(prefix) :]
            if not framework_file(relative, collections):
                continue
            _, new_mode, _, new_blob, _ = meta[1:].split(" ", 4)
            files[relative] = None if _NO_BLOB.match(new_blob) else FileVersion(new_blob, new_mode)
        first = parents.split()[0] if parents.split() else None
        commits.append(CommitFiles(sha, first, date, author, files))
    return commits


def _tree_files(
    repo: gitpython.Repo, commit: str, folder: str, shown: str
) -> dict[str, FileVersion]:
    """The framework files of a commit's tree, by blob id (read through the same cat-file)."""
    errors = _gitpython(shown).exc
    try:
        root = _entry(repo.commit(commit).tree, folder)
    except (ValueError, errors.BadObject, errors.BadName):
        return {}  # beyond a shallow boundary: the history starts here
    if root is None or root.type != "tree":
        return {}
    found: dict[str, FileVersion] = {}
    for entry in root.traverse(depth=2):
        relative = entry.path[len(folder) + 1 :] if folder else entry.path
        if entry.type == "blob" and framework_file(relative):
            found[relative] = FileVersion(entry.hexsha, f"{entry.mode:o}")
    return found


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


def read_yaml_files(
    snapshot: GitSnapshot, relative: str, *, cwd: Path | None = None
) -> dict[str, bytes]:
    """The ``*.yaml`` files directly in a folder of a framework read from git (``relative`` to
    the framework folder), by file name; none when the folder is absent."""
    with _repository(snapshot.ref, cwd or Path.cwd()) as repo:
        tree = _tree(repo, _resolve(repo, snapshot.commit), snapshot.ref)
        folder = _entry(tree, f"{snapshot.path}/{relative}".strip("/"))
        if folder is None or folder.type != "tree":
            return {}
        return {
            entry.name: _read_blob(
                entry, _show(snapshot.ref, snapshot.path, f"{relative}/{entry.name}")
            )
            for entry in sorted(folder, key=lambda e: e.name)
            if entry.name.endswith(".yaml") and entry.type == "blob"
        }
