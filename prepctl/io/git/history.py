"""The framework's history: one ``git log`` and one ``git cat-file --batch``.

A history is read with one ``git log --first-parent --raw`` (which commits changed which
framework files, by blob id) and one persistent ``git cat-file --batch`` (the files' content,
read ahead), after the ``git rev-parse`` calls that find the repository and resolve the range's
refs as reading one version does (so that a ref git refuses is worded as it is for ``diff``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from prepctl.errors import InputError
from prepctl.io import yaml as yamlio
from prepctl.io.git.layout import Layout, framework_file
from prepctl.io.git.objects import (
    BLOB_KINDS,
    GITLINK_KIND,
    SYMLINK_MODE,
    TREE_KIND,
    Answer,
    Objects,
    Trees,
    tree_entries,
)
from prepctl.io.git.repo import SHALLOW_HINT, GitError, Repository, damage, is_damage, says
from prepctl.io.git.snapshot import default_folder, submodule

_NO_BLOB = re.compile(r"^0+$")
_RECORD = "\x1e"
_FIELD = "\x1f"
_COMMIT_HEADER = re.compile(_RECORD + "(?:[0-9a-f]{40}|[0-9a-f]{64})" + _FIELD)
"""How a commit's header starts; it is looked for only where a header may stand."""
_RAW_ENTRY = re.compile(r":[0-7]{6} ([0-7]{6}) [0-9a-f]+ ([0-9a-f]+) [A-Z][0-9]*")
"""The status of one changed path in ``git log --raw`` (``--no-renames``: one path each)."""
_LOG_FORMAT = _FIELD.join(("%H", "%h", "%P", "%p", "%aI", "%an"))


@dataclass(frozen=True)
class FileVersion:
    """A framework file as one commit holds it: its blob's id (possibly abbreviated, always
    unambiguous) and its mode."""

    blob: str
    mode: str

    @property
    def is_symlink(self) -> bool:
        return self.mode == f"{SYMLINK_MODE:o}"

    @property
    def is_submodule(self) -> bool:
        return int(self.mode, 8) >> 12 == GITLINK_KIND


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


@dataclass
class History:
    """The framework's history in one range, oldest commit first, read by one ``git log`` and
    one persistent ``git cat-file --batch``."""

    folder: str
    commits: list[CommitFiles]
    start: dict[str, FileVersion]
    shallow: bool
    objects: Objects

    def read(self, version: FileVersion, shown: str) -> tuple[str, bytes]:
        """A file's full blob id and content, or the error that says why it cannot be read."""
        unread = version.is_symlink or version.is_submodule
        answer = None if unread else self.objects.get([version.blob])[0]
        return self.judge(version, shown, answer)

    def expect(self, versions: list[FileVersion]) -> None:
        """The files about to be read, in order, so that git looks them up ahead."""
        self.objects.expect([v.blob for v in versions if not (v.is_symlink or v.is_submodule)])

    def judge(self, version: FileVersion, shown: str, answer: Answer) -> tuple[str, bytes]:
        """A file's full blob id and content from what ``git cat-file`` answered for its blob,
        or the error that says why it cannot be read."""
        if version.is_symlink:
            raise InputError(shown, 1, 1, "is a symbolic link; prepctl reads only files from git")
        if version.is_submodule:  # as reading one version from git says (read_snapshot)
            raise InputError(shown, 1, 1, "is a submodule, but a YAML file was expected")
        if answer is None:
            words = self.objects.complaint()
            if words:  # git could not read its own data, not merely lacks this file
                raise damage(f"cannot read {shown}", words)
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


def split_range(revision_range: str | None) -> tuple[str, str, str, bool]:
    """``A..B`` (or a single ref; default HEAD) as it is shown, its start and end, and whether
    it is a range: refused when git could read it as an option or as a symmetric range."""
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
    return (shown, start, end, True) if dots else (shown, "", start, False)


def resolve_range(
    repo: Repository, start: str, end: str, dots: bool, what: Callable[[str], str]
) -> tuple[str, str]:
    """The commit at a range's end and the revisions ``git log`` reads (``A..B`` as commit
    ids); each ref is resolved as reading it alone resolves it, named in errors by ``what``."""
    refs = [end or "HEAD", *([start or "HEAD"] if dots else [])]
    resolved = [replace(repo, what=what(ref)).commit(ref) for ref in refs]
    return resolved[0], f"{resolved[1]}..{resolved[0]}" if dots else resolved[0]


FIRST_PARENT_LOG = ("log", "--first-parent", "--diff-merges=first-parent", "--root", "--raw", "-z")
"""``git log`` as the histories read it: first parents only, each merge against its first
parent, the root commit's files as added, raw diffs, NUL-separated."""
PLAIN_OUTPUT = (
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
    "--no-show-signature",
    "--encoding=UTF-8",
)
"""Options that keep ``git log``'s output what prepctl parses, whatever the user's config."""


@contextmanager
def open_history(
    revision_range: str | None, layout: Layout, *, cwd: Path | None = None
) -> Iterator[History]:
    """The first-parent history of the framework folder in ``A..B`` (or up to ``B``; default
    HEAD). Merge commits are compared with their first parent, as ``git log --first-parent``
    shows them. ``layout`` says which files are the framework's."""
    shown, start, end, dots = split_range(revision_range)
    where = cwd or Path.cwd()
    repo = Repository.open(f"cannot read framework at ref '{end or start or 'HEAD'}'", where)
    tip, revisions = resolve_range(
        repo, start, end, dots, lambda ref: f"cannot read framework at ref '{ref}'"
    )
    repo = replace(repo, what=f"cannot read the history of {shown}")
    with Objects(repo) as objects:
        folder = _history_folder(layout, repo, objects, tip, where)
        done = replace(repo, cwd=repo.top or where).run(  # the folder is a path from the top
            *FIRST_PARENT_LOG,
            "--no-renames",
            *PLAIN_OUTPUT,
            "--reverse",
            f"--format={_RECORD}{_LOG_FORMAT}",
            revisions,
            "--",
            folder or ".",
        )
        if done.returncode != 0:
            said = says(done.stderr)
            raise (
                damage(repo.what, said)
                if is_damage(done.stderr)
                else GitError(f"{repo.what}: {said}")
            )
        commits = _parse_log(layout, os.fsdecode(done.stdout), folder)
        start_files: dict[str, FileVersion] = {}
        if commits and commits[0].parent is not None:
            start_files = _tree_files(layout, objects, commits[0].parent, folder)
        yield History(folder, commits, start_files, repo.shallow, objects)


def _history_folder(
    layout: Layout, repo: Repository, objects: Objects, commit: str, cwd: Path
) -> str:
    """As :func:`~prepctl.io.git.snapshot.default_folder`: the working tree framework's
    folder relative to the repository root, else framework/ (or the root) when the commit holds
    a manifest there. A folder that is a submodule at that commit is refused as reading it alone
    refuses it."""
    trees = Trees(repo, objects)
    root = trees.root(commit)
    folder = default_folder(layout, repo, trees, root, cwd)
    found = trees.entry(root, folder)
    if found is not None and found.kind == "submodule":
        raise submodule(repo.what, folder)
    return folder


def _parse_log(layout: Layout, output: str, folder: str) -> list[CommitFiles]:
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
            if not framework_file(layout, relative):
                continue
            new_mode, new_blob = entry.groups()
            files[relative] = None if _NO_BLOB.match(new_blob) else FileVersion(new_blob, new_mode)
        first = parents.split()[0] if parents.split() else None
        first_short = parent_shorts.split()[0] if parent_shorts.split() else None
        commits.append(CommitFiles(sha, first, date, author, files, short, first_short))
    return commits


def _tree_files(
    layout: Layout, objects: Objects, commit: str, folder: str
) -> dict[str, FileVersion]:
    """The framework files of a commit's tree, by blob id (read through the same cat-file)."""
    # The folder is found step by step from the commit's tree (cat-file cannot be asked for
    # "commit:path" when the path holds a line break).
    (root,) = objects.get([f"{commit}^{{tree}}"])
    for part in folder.split("/") if folder else []:
        if root is None or root[1] != "tree":
            break
        entries = tree_entries(root[2], len(root[0]) // 2)
        found_sha = next(
            (
                sha
                for mode, name, sha in entries
                if name == part and int(mode, 8) >> 12 == TREE_KIND
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
            for mode, name, sha in tree_entries(tree[2], len(tree[0]) // 2):
                relative = f"{path}/{name}" if path else name
                kind = int(mode, 8) >> 12
                if kind == TREE_KIND and layout.leads_to_items(relative):
                    wanted.append((relative, sha))
                elif kind in (*BLOB_KINDS, GITLINK_KIND) and framework_file(layout, relative):
                    found[relative] = FileVersion(sha, mode)
        trees = objects.get([sha for _, sha in wanted]) if wanted else []
        level = [(relative, tree) for (relative, _), tree in zip(wanted, trees, strict=True)]
    return found
