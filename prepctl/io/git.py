"""Reading framework versions straight from git objects: the only module that talks to git.

A version is named by a ref (``main``, ``v2.0.0``, ``HEAD~1``, ``HEAD@{yesterday}``, a commit id:
any revision git reads) or by ``REF:PATH`` (PATH being the framework folder inside the
repository at that ref). Its files are read from the commit's tree, blob by blob, so nothing is
ever checked out and neither the working tree nor the index is touched. Parsed files are cached
by blob id for the life of the process, so reading many versions parses each distinct file once.

git itself does the reading: ``git rev-parse`` finds the repository and resolves refs (so a
ref, GIT_DIR and the other variables of git's environment mean exactly what they mean to git),
and one ``git cat-file --batch`` reads the objects. Every command is started as
:mod:`prepctl.io.gitrun` starts them, running nothing the repository configures. What git says
when it cannot read the repository (a damaged pack, a broken ``packed-refs``, a missing object)
is passed on as damage, in git's words, never mistaken for an empty repository or a missing
framework.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from prepctl.core import source
from prepctl.errors import FrameworkNotFound, InputError, PrepctlError
from prepctl.io import gitrun
from prepctl.io import yaml as yamlio

if TYPE_CHECKING:
    import subprocess

SHALLOW_HINT = "the clone is shallow; fetch more history (git fetch --unshallow)"
FSCK_HINT = "git fsck tells more"
_SYMLINK_MODE = 0o120000


class GitError(PrepctlError):
    """A version cannot be read from git."""


class RefNotFound(GitError):
    """The ref names nothing in the repository."""

    def __init__(self, message: str, suggestion: str | None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


class NoCommitsYet(RefNotFound):
    """The repository has no commit at all (HEAD is unborn and no ref exists)."""


class NotARepository(GitError):
    """There is no git repository to read a ref from."""


class RepositoryDamaged(GitError):
    """git could not read the repository's own data (a pack, an object, the refs)."""


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


def read_snapshot(
    argument: str, *, cwd: Path | None = None, keep_going: bool = False
) -> GitSnapshot:
    """Read the framework at ``REF`` or ``REF:PATH`` from the repository around ``cwd``; with
    ``keep_going``, a file that cannot be read is noted in ``unreadable``, not raised."""
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
    repo = _Repository.open(f"cannot read framework at ref '{ref}'", where)
    commit = repo.commit(ref)
    with repo.objects() as objects:
        trees = _Trees(repo, objects)
        root = trees.root(commit)
        folder = _clean_path(argument, path) if colon else _default_folder(repo, trees, root, where)
        label = f"{ref}:{folder or '.'}"
        unreadable: dict[str, InputError] | None = {} if keep_going else None
        files = _read_framework(trees, root, folder, ref, label, unreadable)
        changelog = _read_changelog(trees, root, folder, ref)
    return GitSnapshot(
        label=label,
        files=files,
        changelog=changelog,
        unreadable=unreadable or {},
        ref=ref,
        path=folder,
        commit=commit,
    )


# The repository ---------------------------------------------------------------------------

_FULL_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_ANCESTRY = re.compile(r"(?:[~^][0-9]*)+\Z")
_DAMAGE_WORDS = re.compile(
    r"corrupt|packfile|packed-refs|pack file|loose object|inflate|bad object|unable to read|"
    r"invalid object|does not match index|broken|damaged",
    re.IGNORECASE,
)
_UNINFORMATIVE = ("Needed a single revision",)


def _says(stderr: bytes) -> str:
    """The line of git's complaint that says most: its last fatal error, else its last error,
    else its last line."""
    lines = [line.strip() for line in os.fsdecode(stderr).splitlines() if line.strip()]
    fatal = [line[7:] for line in lines if line.startswith("fatal: ")]
    fatal = [line for line in fatal if line not in _UNINFORMATIVE]
    errors = [line[7:] for line in lines if line.startswith("error: ")]
    return (fatal or errors or lines or ["git failed"])[-1]


def _is_damage(stderr: bytes) -> bool:
    """Whether what git wrote speaks of its data being unreadable (not of a name it lacks)."""
    text = os.fsdecode(stderr)
    return "error: " in text or bool(_DAMAGE_WORDS.search(text))


def _damage(what: str, words: str) -> RepositoryDamaged:
    return RepositoryDamaged(f"{what}: the repository is damaged: {words} ({FSCK_HINT})")


@dataclass(frozen=True)
class _Repository:
    """A repository as git finds it from a folder, and how to run git on it."""

    what: str
    """The start of every message about it, e.g. ``cannot read framework at ref 'main'``."""
    program: str
    cwd: Path
    env: dict[str, str]
    top: Path | None
    """The working tree's top folder (None for a bare repository)."""
    shallow: bool

    @classmethod
    def open(cls, what: str, cwd: Path) -> _Repository:
        program = gitrun.executable()
        if program is None:
            raise GitError(f"{what}: git is not installed (no git program on PATH)")
        env = gitrun.environment(program)
        asked = ("rev-parse", "--absolute-git-dir", "--is-shallow-repository")
        done = _start(what, program, cwd, env, *asked, "--is-inside-work-tree")
        if done.returncode != 0:
            said = _says(done.stderr)
            if said.startswith("not a git repository"):
                named = os.environ.get("GIT_DIR")
                if named:
                    raise GitError(f"{what}: GIT_DIR={named} is not a git repository")
                raise NotARepository(f"{what}: {cwd} is not inside a git repository")
            raise GitError(f"{what}: {said}")
        lines = os.fsdecode(done.stdout).split("\n")
        if len(lines) != 4 or lines[1] not in ("true", "false"):
            raise GitError(f"{what}: cannot read what git says of the repository")
        top = None
        if lines[2] == "true":
            shown = _start(what, program, cwd, env, "rev-parse", "--show-toplevel")
            if shown.returncode == 0:
                top = Path(os.fsdecode(shown.stdout).removesuffix("\n"))
        return cls(what, program, cwd, env, top, lines[1] == "true")

    def run(
        self, *arguments: str, hooks: bool = False, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        return _start(self.what, self.program, self.cwd, env or self.env, *arguments, hooks=hooks)

    def output(self, *arguments: str) -> str:
        """What a git command prints; when it fails, its own words, as damage if they say so."""
        done = self.run(*arguments)
        if done.returncode != 0:
            if _is_damage(done.stderr):
                raise _damage(self.what, _says(done.stderr))
            raise GitError(f"{self.what}: {_says(done.stderr)}")
        return os.fsdecode(done.stdout)

    def objects(self) -> _Objects:
        return _Objects(self)

    def peel(self, ref: str, kind: str) -> tuple[str | None, bytes]:
        """The object ``ref`` names, peeled to ``kind`` (``commit``, ``object``), or None, and
        what git said."""
        done = self.run("rev-parse", "--verify", "-q", "--end-of-options", f"{ref}^{{{kind}}}")
        found = os.fsdecode(done.stdout).strip()
        if done.returncode != 0 or not _FULL_ID.fullmatch(found):
            return None, done.stderr
        return found, done.stderr

    def commit(self, ref: str) -> str:
        """The full id of the commit ``ref`` names (tags peeled), in any syntax git reads;
        the error says why when there is none."""
        found, _ = self.peel(ref, "commit")
        if found is not None:
            return found
        other, said = self.peel(ref, "object")
        if other is not None:
            kind = self.output("cat-file", "-t", f"{other}^{{}}").strip()
            if kind != "commit":
                raise GitError(f"{self.what}: it names a {kind}, not a commit")
            raise _damage(self.what, f"commit {other[:12]} cannot be read")
        if said.strip():
            if _is_damage(said):
                raise _damage(self.what, _says(said))
            raise GitError(f"{self.what}: {_says(said)}")
        raise self._missing(ref)

    def _missing(self, ref: str) -> GitError:
        refs = self.output("for-each-ref", "--format=%(refname:short)").splitlines()
        head, _ = self.peel("HEAD", "object")
        if not refs and head is None:
            return NoCommitsYet(f"{self.what}: the repository has no commits yet", None)
        base = _ANCESTRY.sub("", ref)
        for name in dict.fromkeys(part for part in (ref, base) if part):
            named = self.run("rev-parse", "--verify", "-q", "--end-of-options", name)
            found = os.fsdecode(named.stdout).strip()
            if named.returncode != 0 or not _FULL_ID.fullmatch(found) or found == name.lower():
                continue
            if self.run("cat-file", "-e", found).returncode == 0:
                if self.shallow and name != ref:  # the ancestry reaches past the clone's start
                    return GitError(f"{self.what}: {SHALLOW_HINT}")
                break  # an ancestry longer than the history: plainly no such commit
            if self.shallow:
                return GitError(f"{self.what}: {SHALLOW_HINT}")
            elsewhere = os.environ.get("GIT_OBJECT_DIRECTORY")
            where = f" (GIT_OBJECT_DIRECTORY is {elsewhere})" if elsewhere else ""
            # The name is there, the object it names is not.
            return RepositoryDamaged(
                f"{self.what}: '{name}' names object {found[:12]}, which is missing from the "
                f"repository{where} ({FSCK_HINT})"
            )
        close = difflib.get_close_matches(ref, ["HEAD", *refs], n=1, cutoff=0.6)
        suggestion = close[0] if close else None
        message = f"{self.what}: no such branch, tag or commit"
        if self.shallow and suggestion is None:
            message += f" here; {SHALLOW_HINT}"
        if suggestion:
            message += f" (did you mean '{suggestion}'?)"
        return RefNotFound(message, suggestion)


def _start(
    what: str, program: str, cwd: Path, env: dict[str, str], *arguments: str, hooks: bool = False
) -> subprocess.CompletedProcess[bytes]:
    try:
        return gitrun.run(program, cwd, *arguments, hooks=hooks, env=env)
    except OSError as exc:
        raise GitError(f"{what}: cannot run git: {exc.strerror or exc}") from None


_DEFAULT_BRANCHES = ("main", "master")


def remote_default_branch(ref: str, *, cwd: Path | None = None) -> str | None:
    """For a ref ``REMOTE/HEAD`` that git has not recorded (``git clone`` records it; a
    repository that was created and then given a remote does not): the remote-tracking branch
    that can only be the remote's default one, or None when ``ref`` is not such a ref.

    That is the remote's only branch here, else ``main`` or ``master`` when exactly one of the
    two exists. With no branch at all (the first push of a new repository) or several and
    neither of those, nothing is guessed: the error says what to do.
    """
    head = f"cannot read framework at ref '{ref}'"
    repo = _Repository.open(head, cwd or Path.cwd())
    remote = next((r for r in repo.output("remote").split() if ref == f"{r}/HEAD"), None)
    if remote is None:
        return None
    prefix = f"{remote}/"
    names = repo.output(
        "for-each-ref", "--format=%(refname:lstrip=2)", f"refs/remotes/{remote}/"
    ).splitlines()
    branches = sorted(n[len(prefix) :] for n in names if n.startswith(prefix) and n != ref)
    set_head = f"git remote set-head {remote} --auto"
    if not branches:
        raise GitError(
            f"{head}: {remote} has no branches here yet, so there is nothing to compare "
            "with; on the first push of a new repository push once without this check "
            f"(SKIP=prepctl-diff git push), then run '{set_head}'"
        )
    defaults = [name for name in _DEFAULT_BRANCHES if name in branches]
    if len(branches) == 1 or len(defaults) == 1:
        return prefix + (branches[0] if len(branches) == 1 else defaults[0])
    raise GitError(
        f"{head}: {ref} is not set and {remote} has several branches "
        f"({', '.join(branches)}); run '{set_head}' to record the remote's default branch, "
        "or name the base with --against"
    )


# Trees ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One entry of a tree: its mode and object id."""

    mode: str
    sha: str

    @property
    def kind(self) -> str:
        """``tree``, ``blob``, ``symlink`` or ``submodule``."""
        kind = int(self.mode, 8) >> 12
        if kind == _TREE_KIND:
            return "tree"
        if kind == _GITLINK_KIND:
            return "submodule"
        return "symlink" if int(self.mode, 8) == _SYMLINK_MODE else "blob"


class _Trees:
    """The trees and blobs of one repository, read through one ``git cat-file --batch``; an
    object that cannot be read is named as damage."""

    def __init__(self, repo: _Repository, objects: _Objects) -> None:
        self.repo = repo
        self.objects = objects

    def root(self, commit: str) -> _Entry:
        (answer,) = self.objects.get([f"{commit}^{{tree}}"])
        if answer is None or answer[1] != "tree":
            raise self.unreadable(commit)
        return _Entry(f"{_TREE_KIND << 12:o}", answer[0])

    def listing(self, tree: _Entry) -> dict[str, _Entry]:
        (answer,) = self.objects.get([tree.sha])
        if answer is None or answer[1] != "tree":
            raise self.unreadable(tree.sha)
        return {
            name: _Entry(mode, sha)
            for mode, name, sha in _tree_entries(answer[2], len(answer[0]) // 2)
        }

    def entry(self, tree: _Entry, path: str) -> _Entry | None:
        """The entry at ``path`` below ``tree`` (``tree`` itself for ''); None when absent."""
        found: _Entry | None = tree
        for part in path.split("/") if path else []:
            if found is None or found.kind != "tree":
                return None
            found = self.listing(found).get(part)
        return found

    def blobs(self, entries: list[tuple[_Entry, str]]) -> list[bytes]:
        """The content of each (entry, shown name), read ahead; an entry that is not a file
        (a symbolic link, a folder) or is over the size limit is refused by name."""
        for entry, shown in entries:
            if entry.kind == "symlink":
                raise InputError(
                    shown, 1, 1, "is a symbolic link; prepctl reads only files from git"
                )
            if entry.kind == "tree":
                raise InputError(shown, 1, 1, "is a folder, but a YAML file was expected")
            if entry.kind == "submodule":
                raise InputError(shown, 1, 1, "is a submodule, but a YAML file was expected")
        self.objects.expect([entry.sha for entry, _ in entries])
        found: list[bytes] = []
        for entry, shown in entries:
            (answer,) = self.objects.get([entry.sha])
            if answer is None:
                raise self.unreadable(entry.sha)
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
            found.append(data)
        return found

    def unreadable(self, sha: str) -> GitError:
        words = self.objects.complaint()
        if words:
            return _damage(self.repo.what, words)
        if self.repo.shallow:
            return GitError(f"{self.repo.what}: {SHALLOW_HINT}")
        return RepositoryDamaged(
            f"{self.repo.what}: object {sha[:12]} is missing or damaged in the repository "
            f"({FSCK_HINT})"
        )


def _clean_path(argument: str, path: str) -> str:
    pure = PurePosixPath(path.strip())
    if pure.is_absolute() or ".." in pure.parts:
        raise GitError(
            f"'{argument}': PATH must lie inside the repository (no leading '/', no '..')"
        )
    text = pure.as_posix()
    return "" if text == "." else text


def _default_folder(repo: _Repository, trees: _Trees, root: _Entry, cwd: Path) -> str:
    """The working tree framework's folder relative to the repository root, else framework/."""
    here = _working_folder(repo.top, cwd)
    if here is not None:
        return here
    for candidate in (source.FRAMEWORK_DIR, ""):
        if trees.entry(root, f"{candidate}/{source.MANIFEST}".lstrip("/")) is not None:
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


def _read_framework(
    trees: _Trees,
    root: _Entry,
    folder: str,
    ref: str,
    label: str,
    unreadable: dict[str, InputError] | None = None,
) -> dict[str, bytes]:
    where = trees.entry(root, folder)
    shown = folder or "the repository root"
    what = trees.repo.what
    if where is None:
        raise GitError(f"{what}: no folder '{shown}' there")
    if where.kind == "submodule":
        raise _submodule(what, shown)
    if where.kind != "tree":
        raise GitError(f"{what}: '{shown}' is a file, not a folder")
    listing = trees.listing(where)
    manifest = listing.get(source.MANIFEST)
    if manifest is None:
        raise FrameworkNotFound(f"{label}: not a framework folder (no {source.MANIFEST} in it)")
    wanted: list[tuple[str, _Entry]] = [(source.MANIFEST, manifest)]
    for relative_folder, subtree in _item_trees(trees, where):
        inside = trees.listing(subtree)
        wanted += [
            (f"{relative_folder}/{base}", inside[base])
            for base in sorted(inside)
            if source.is_yaml_name(base)
        ]
    while True:
        try:
            read = trees.blobs(
                [(entry, _show(ref, folder, relative)) for relative, entry in wanted]
            )
        except InputError as exc:
            # With keep_going, note the file that cannot be read and read the others.
            failed = [r for r, _ in wanted if exc.file == _show(ref, folder, r)]
            if unreadable is None or not failed:
                raise
            unreadable[failed[0]] = exc
            wanted = [(r, e) for r, e in wanted if r != failed[0]]
            continue
        return {relative: data for (relative, _), data in zip(wanted, read, strict=True)}


def _item_trees(trees: _Trees, root: _Entry) -> Iterator[tuple[str, _Entry]]:
    """The trees of the folders :func:`prepctl.core.source.item_folders` names (a collection's
    folder, and the folders of its archive), with their paths inside the framework folder."""
    for _, pattern in source.item_folders():
        found: list[tuple[str, _Entry]] = [("", root)]
        for part in pattern:
            below: list[tuple[str, _Entry]] = []
            for path, tree in found:
                listing = trees.listing(tree)
                if part == source.ANY_FOLDER:
                    below.extend(
                        (f"{path}/{name}", listing[name])
                        for name in sorted(listing)
                        if listing[name].kind == "tree"
                    )
                elif part in listing and listing[part].kind == "tree":
                    below.append((f"{path}/{part}", listing[part]))
            found = below
        for path, tree in found:
            yield path.lstrip("/"), tree


def _submodule(what: str, folder: str) -> GitError:
    return GitError(
        f"{what}: '{folder}' is a submodule; its files are in the submodule's own repository "
        "(run prepctl inside it)"
    )


def _read_changelog(trees: _Trees, root: _Entry, folder: str, ref: str) -> bytes | None:
    """The framework folder's CHANGELOG.md at this commit, if it has one."""
    entry = trees.entry(root, f"{folder}/{source.CHANGELOG}".lstrip("/"))
    if entry is None or entry.kind not in ("blob", "symlink"):
        return None
    (data,) = trees.blobs([(entry, _show(ref, folder, source.CHANGELOG))])
    return data


def blob_sha(raw: bytes) -> str:
    """The id git gives a blob with this content."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


_PARSED: dict[str, yamlio.YamlFile] = {}
_PARSED_LIMIT = 8192


def parse_cached(raw: bytes, name: str) -> yamlio.YamlFile:
    """``prepctl.io.yaml.parse``, once per distinct blob in a process.

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
    repo = _Repository.open(f"cannot read framework at ref '{ref}'", folder)
    if repo.top is None:
        raise GitError(f"{repo.what}: the repository has no working tree")
    try:
        relative = folder.resolve().relative_to(repo.top.resolve())
    except ValueError:
        raise GitError(f"{repo.what}: {folder} is outside the repository") from None
    return read_snapshot(f"{ref}:{relative.as_posix()}", cwd=folder)


# History ----------------------------------------------------------------------------------
#
# A history is read with one ``git log`` and one ``git cat-file --batch``, after the
# ``git rev-parse`` calls that find the repository and resolve the range's refs as reading one
# version does (so that a ref git refuses is worded as it is for ``diff``).

_NO_BLOB = re.compile(r"^0+$")
_RECORD = "\x1e"
_FIELD = "\x1f"
_COMMIT_HEADER = re.compile(_RECORD + "(?:[0-9a-f]{40}|[0-9a-f]{64})" + _FIELD)
"""How a commit's header starts; it is looked for only where a header may stand."""
_RAW_ENTRY = re.compile(r":[0-7]{6} ([0-7]{6}) [0-9a-f]+ ([0-9a-f]+) [A-Z][0-9]*")
"""The status of one changed path in ``git log --raw`` (``--no-renames``: one path each)."""
_LOG_FORMAT = _FIELD.join(("%H", "%h", "%P", "%p", "%aI", "%an"))
_TREE_KIND = 0o04
_BLOB_KINDS = (0o10, 0o12)  # files and symbolic links
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

    def __init__(self, repo: _Repository) -> None:
        import subprocess  # here, not at the top: lint imports this module too
        import tempfile

        self.what = repo.what
        # git's complaints go to a file (a pipe nobody reads could fill up and stall git), to
        # be read when an object cannot be: they tell damage from absence.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        try:
            self.process = subprocess.Popen(
                gitrun.command(repo.program, "cat-file", "--batch"),
                cwd=repo.cwd,
                env=repo.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
                bufsize=self._BUFFER,
            )
        except OSError as exc:
            self.errors.close()
            raise GitError(f"{self.what}: cannot run git: {exc.strerror or exc}") from None
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
            raise self._stopped() from None
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
            raise self._stopped() from None
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

    def _stopped(self) -> GitError:
        """git stopped answering: it could not read an object it had started to give (a
        damaged pack or object), or it was killed."""
        with suppress(OSError):
            self.stdin.close()
        self.process.wait()
        words = self.complaint()
        if words:
            return _damage(self.what, words)
        return GitError(f"{self.what}: git cat-file stopped (exit {self.process.returncode})")

    def complaint(self) -> str:
        """What git has written to stderr so far, its most telling line ('' for nothing)."""
        try:
            self.errors.flush()
            self.errors.seek(0)
            written = self.errors.read(1 << 16)
            self.errors.seek(0, os.SEEK_END)  # git shares this offset: it goes on writing here
        except (OSError, ValueError):
            return ""
        return _says(written) if written.strip() else ""

    def close(self) -> None:
        with suppress(OSError):  # git went away first
            self.stdin.close()
        self.stdout.close()
        self.process.wait()
        self.errors.close()

    def __enter__(self) -> _Objects:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


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
            words = self.objects.complaint()
            if words:  # git could not read its own data, not merely lacks this file
                raise _damage(f"cannot read {shown}", words)
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
    repo = _Repository.open(f"cannot read framework at ref '{end or start or 'HEAD'}'", where)
    # Each ref is resolved as reading it alone resolves it, for the same words when it fails.
    resolved = [
        replace(repo, what=f"cannot read framework at ref '{ref}'").commit(ref) for ref in refs
    ]
    repo = replace(repo, what=f"cannot read the history of {shown}")
    with repo.objects() as objects:
        folder = _history_folder(repo, objects, resolved[0], where)
        revisions = f"{resolved[1]}..{resolved[0]}" if dots else resolved[0]
        done = replace(repo, cwd=repo.top or where).run(  # the folder is a path from the top
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--root",
            "--raw",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
            "--no-show-signature",
            "--encoding=UTF-8",
            "--reverse",
            f"--format={_RECORD}{_LOG_FORMAT}",
            revisions,
            "--",
            folder or ".",
        )
        if done.returncode != 0:
            said = _says(done.stderr)
            raise (
                _damage(repo.what, said)
                if _is_damage(done.stderr)
                else GitError(f"{repo.what}: {said}")
            )
        commits = _parse_log(os.fsdecode(done.stdout), folder)
        start_files: dict[str, FileVersion] = {}
        if commits and commits[0].parent is not None:
            start_files = _tree_files(objects, commits[0].parent, folder)
        yield History(folder, commits, start_files, repo.shallow, objects)


def _history_folder(repo: _Repository, objects: _Objects, commit: str, cwd: Path) -> str:
    """As :func:`_default_folder`: the working tree framework's folder relative to the
    repository root, else framework/ (or the root) when the commit holds a manifest there. A
    folder that is a submodule at that commit is refused as reading it alone refuses it."""
    trees = _Trees(repo, objects)
    root = trees.root(commit)
    folder = _default_folder(repo, trees, root, cwd)
    found = trees.entry(root, folder)
    if found is not None and found.kind == "submodule":
        raise _submodule(repo.what, folder)
    return folder


def _parse_log(output: str, folder: str) -> list[CommitFiles]:
    """The commits of ``git log -z --raw`` output, read field by field.

    git writes each commit as its header, a NUL, and then, for each changed path, the entry's
    status (``:MODE MODE BLOB BLOB STATUS``) and the path, each ending in a NUL. A path may hold
    any byte but NUL, a file may even be named like a header, so a field is never judged by
    what it holds: the field after an entry's status is always that entry's path, and only a
    field where an entry or a header may stand can start the next commit.
    """
    commits: list[CommitFiles] = []
    prefix = f"{folder}/" if folder else ""
    fields = output.split("\0")
    if fields and fields[-1] == "":
        fields.pop()  # the NUL after the last field
    at = 0
    while at < len(fields):
        header = fields[at].lstrip("\n")
        at += 1
        if not _COMMIT_HEADER.match(header):
            raise GitError("cannot read git's account of the history (an unexpected field)")
        parts = header[1:].split(_FIELD, 5)
        if len(parts) != 6:
            raise GitError(f"cannot read git's account of commit {parts[0][:12]}")
        sha, short, parents, parent_shorts, date, author = parts
        files: dict[str, FileVersion | None] = {}
        while at < len(fields) and fields[at].lstrip("\n").startswith(":"):
            entry = _RAW_ENTRY.fullmatch(fields[at].lstrip("\n"))
            if entry is None or at + 1 == len(fields):
                raise GitError(f"cannot read git's account of commit {sha[:12]}")
            path = fields[at + 1]
            at += 2
            if not path.startswith(prefix):
                continue
            relative = path[len(prefix) :]
            if not framework_file(relative):
                continue
            new_mode, new_blob = entry.groups()
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
    """``prepctl.io.yaml.parse``, reading a file as the entries of its top-level mapping, each
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
    ascending; with ``merged``, only the tags that ref contains. In a shallow clone where that
    ref contains none, the history is too short to tell: that is an error, not a first
    release."""
    from prepctl.core.release import Semver

    where = cwd or Path.cwd()
    repo = _Repository.open(f"cannot read framework at ref '{merged or 'HEAD'}'", where)
    arguments = ["for-each-ref", "--format=%(refname)"]
    if merged is not None:
        try:
            arguments.append(f"--merged={repo.commit(merged)}")
        except NoCommitsYet:
            return []
    output = repo.output(*arguments, "refs/tags/")
    found: list[tuple[Semver, str, str]] = []
    for line in output.splitlines():
        tag = line.removeprefix("refs/tags/")
        if not tag.startswith(prefix):
            continue
        version = Semver.parse(tag[len(prefix) :])
        if version is not None:
            found.append((version, tag, str(version)))
    if merged is not None and not found and repo.shallow:
        raise GitError(f"no {prefix}* tag is reachable from {merged}, and {SHALLOW_HINT}")
    return [(tag, text) for _, tag, text in sorted(found, key=lambda item: (item[0], item[1]))]


def uncommitted(folder: Path) -> list[str]:
    """Files in ``folder`` (from the repository root) that differ from HEAD or are untracked.

    The check reads the index and never writes it, runs no file system monitor, hook or
    filter the repository configures (a file a filter would clean is compared as it is), and
    leaves submodules alone."""
    repo = _Repository.open("cannot check the framework folder against HEAD", folder)
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
        raise GitError(f"{repo.what}: {_says(done.stderr)}")
    paths: list[str] = []
    for entry in os.fsdecode(done.stdout).split("\0"):
        if len(entry) >= 4:
            paths.append(entry[3:])
    return paths


def head_commit(folder: Path) -> str:
    return _Repository.open("cannot read framework at ref 'HEAD'", folder).commit("HEAD")


def create_tag(tag: str, message: str, *, cwd: Path, commit: str) -> None:
    """An annotated tag on ``commit``; never moves an existing tag. The repository's hooks
    run for the tag's creation, the one write here, as they would for ``git tag``."""
    repo = _Repository.open(f"cannot create tag {tag}", cwd)
    if repo.run("check-ref-format", f"refs/tags/{tag}").returncode != 0:
        raise GitError(f"'{tag}' is not a valid git tag name")
    exists = repo.run("rev-parse", "--verify", "-q", f"refs/tags/{tag}")
    if exists.returncode == 0:
        raise GitError(f"tag {tag} already exists; a release tag is never moved")
    with _message_file(message) as path:
        done = repo.run("tag", "-a", "-F", str(path), "--cleanup=verbatim", tag, commit, hooks=True)
    if done.returncode != 0:
        raise GitError(f"{repo.what}: {_says(done.stderr)}")


@contextmanager
def _message_file(message: str) -> Iterator[Path]:
    import tempfile

    descriptor, name = tempfile.mkstemp(prefix="prepctl-tag-", suffix=".txt")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(message)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)
