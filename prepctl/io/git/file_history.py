"""The history of one file or folder outside the framework (an assessment, a model's
assessments): one ``git log`` and one ``git cat-file --batch``.

Each commit of the first-parent history that changed the path is listed with, for every file
it changed there, the content before and after the commit (git's own raw diff names both
blobs, so no version has to be tracked from one commit to the next). A single file is followed
across renames (``git log --follow``); a folder is not (git follows one file only).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from prepctl.errors import InputError
from prepctl.io import yaml as yamlio
from prepctl.io.git.history import FIRST_PARENT_LOG, PLAIN_OUTPUT, resolve_range, split_range
from prepctl.io.git.objects import SYMLINK_MODE, Objects
from prepctl.io.git.repo import GitError, Repository, damage, is_damage, says

_RECORD = "\x1e"
_FIELD = "\x1f"
_FORMAT = _FIELD.join(("%H", "%h", "%aI", "%an"))
_RAW = re.compile(r":([0-7]{6}) ([0-7]{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])([0-9]*)")
_NO_BLOB = re.compile(r"^0+$")


@dataclass(frozen=True)
class FileChange:
    """One file one commit changed: its path from the repository's top after the commit (the
    path it had, for a deletion), its path before (None when the commit created it) and its
    content on either side (None where it did not exist)."""

    path: str
    before_path: str | None
    before: bytes | None
    after: bytes | None


@dataclass(frozen=True)
class FileCommit:
    commit: str
    short: str
    date: str
    author: str
    files: tuple[FileChange, ...]


@dataclass(frozen=True)
class PathHistory:
    path: str
    """The path asked for, from the repository's top."""
    commits: tuple[FileCommit, ...]
    """Newest first."""


def top_relative(path: Path, *, cwd: Path) -> tuple[Repository, str]:
    """The repository holding ``path`` and the path from its top (with '/')."""
    repo = Repository.open(f"cannot read the history of {path}", cwd)
    if repo.top is None:
        raise GitError(f"cannot read the history of {path}: the repository has no working tree")
    absolute = Path(os.path.abspath(cwd / path))
    try:
        relative = absolute.relative_to(Path(os.path.abspath(repo.top)))
    except ValueError:
        try:
            relative = absolute.resolve().relative_to(repo.top.resolve())
        except ValueError:
            raise GitError(
                f"cannot read the history of {path}: it is not inside the repository at {repo.top}"
            ) from None
    return repo, relative.as_posix()


def history(
    repo: Repository, relative: str, revision_range: str | None, *, follow: bool
) -> PathHistory:
    """Every first-parent commit of ``revision_range`` (``A..B`` or a ref; default HEAD) that
    changed ``relative``, newest first, with what each changed there."""
    _, start, end, dots = split_range(revision_range)
    _, revisions = resolve_range(
        repo, start, end, dots, lambda ref: f"cannot read the history at ref '{ref}'"
    )
    at_top = replace(repo, what=f"cannot read the history of {relative}", cwd=repo.top or repo.cwd)
    done = at_top.run(
        *FIRST_PARENT_LOG,
        "--follow" if follow else "--no-renames",
        *PLAIN_OUTPUT,
        f"--format={_RECORD}{_FORMAT}",
        revisions,
        "--",
        relative,
        env={**at_top.env, "GIT_LITERAL_PATHSPECS": "1"},
    )
    if done.returncode != 0:
        said = says(done.stderr)
        raise (
            damage(at_top.what, said)
            if is_damage(done.stderr)
            else GitError(f"{at_top.what}: {said}")
        )
    raw = list(_parse(os.fsdecode(done.stdout), at_top.what))
    with Objects(at_top) as objects:
        wanted = [blob for _, _, _, _, entries in raw for entry in entries for blob in entry[2:]]
        objects.expect([blob for blob in wanted if blob is not None])
        commits = tuple(
            FileCommit(sha, short, date, author, tuple(_read(objects, sha, short, entries)))
            for sha, short, date, author, entries in raw
        )
    return PathHistory(relative, commits)


_Entry = tuple[str, str | None, str | None, str | None, str, str]
"""A changed file: path, path before, blob before, blob after, mode before, mode after."""


def _parse(output: str, what: str) -> Iterator[tuple[str, str, str, str, list[_Entry]]]:
    fields = output.split("\0")
    if fields and fields[-1] == "":
        fields.pop()
    at = 0
    while at < len(fields):
        header = fields[at].lstrip("\n")
        at += 1
        parts = header[1:].split(_FIELD, 3) if header.startswith(_RECORD) else []
        if len(parts) != 4:
            raise GitError(f"{what}: cannot read git's account of the history")
        sha, short, date, author = parts
        entries: list[_Entry] = []
        while at < len(fields) and fields[at].lstrip("\n").startswith(":"):
            found = _RAW.fullmatch(fields[at].lstrip("\n"))
            if found is None:
                raise GitError(f"{what}: cannot read git's account of commit {sha[:12]}")
            old_mode, new_mode, old_blob, new_blob, status, _ = found.groups()
            two = status in ("R", "C")
            if at + (2 if two else 1) >= len(fields):
                raise GitError(f"{what}: cannot read git's account of commit {sha[:12]}")
            before_path = fields[at + 1]
            path = fields[at + 2] if two else before_path
            at += 3 if two else 2
            before = None if _NO_BLOB.match(old_blob) else old_blob
            after = None if _NO_BLOB.match(new_blob) else new_blob
            entries.append(
                (path, before_path if before else None, before, after, old_mode, new_mode)
            )
        yield sha, short, date, author, entries


def _read(objects: Objects, sha: str, short: str, entries: list[_Entry]) -> Iterator[FileChange]:
    for path, before_path, before, after, old_mode, new_mode in entries:
        yield FileChange(
            path,
            before_path,
            _content(objects, before, old_mode, f"{short}^:{before_path}"),
            _content(objects, after, new_mode, f"{short}:{path}"),
        )


def _content(objects: Objects, blob: str | None, mode: str, shown: str) -> bytes | None:
    if blob is None:
        return None
    if int(mode, 8) == SYMLINK_MODE:
        raise InputError(shown, 1, 1, "is a symbolic link; prepctl reads only files from git")
    (answer,) = objects.get([blob])
    if answer is None or answer[1] != "blob":
        raise GitError(f"cannot read {shown}: its content is missing from the repository")
    size = objects.oversized.get(answer[0], len(answer[2]))
    if size > yamlio.MAX_FILE_BYTES:
        raise InputError(
            shown, 1, 1, f"file is {size:,} bytes, over the limit of {yamlio.MAX_FILE_BYTES:,}"
        )
    return answer[2]
