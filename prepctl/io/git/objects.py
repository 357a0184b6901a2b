"""Objects read from git: one ``git cat-file --batch``, read ahead, and the trees walked in it.

A reading asks one ``git cat-file --batch`` for every object it needs. The objects a history
will need are known in advance, so they are asked for a window at a time, the next while the
answers to the one before are read: git looks them up while prepctl parses. A file over the
size limit is passed over a piece at a time, never held whole, and refused by name; an object
git cannot read is named as damage.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from prepctl.errors import InputError
from prepctl.io import yaml as yamlio
from prepctl.io.git import run as gitrun
from prepctl.io.git.repo import (
    FSCK_HINT,
    SHALLOW_HINT,
    GitError,
    Repository,
    RepositoryDamaged,
    damage,
    says,
)

TREE_KIND = 0o04
BLOB_KINDS = (0o10, 0o12)  # files and symbolic links
GITLINK_KIND = 0o16  # a submodule's commit
SYMLINK_MODE = 0o120000

Answer = tuple[str, str, bytes] | None
"""What ``git cat-file`` says of an object: its full id, kind and content, or None when git
does not have it."""


class Objects:
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

    def __init__(self, repo: Repository) -> None:
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
        self.ready: dict[str, Answer] = {}
        self.oversized: dict[str, int] = {}
        """The sizes of blobs over the file size limit, whose content was not kept."""

    def expect(self, names: list[str]) -> None:
        """The objects :meth:`get` will be asked for next, in that order."""
        self.plan = [name for name in dict.fromkeys(names) if "\n" not in name]
        self.planned = 0
        self.coming = set(self.plan)
        self._ahead()

    def get(self, names: list[str]) -> list[Answer]:
        """Each named object's full id, kind and content; None for one git does not have."""
        found: list[Answer] = []
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

    def _answer(self) -> Answer:
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
            return damage(self.what, words)
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
        return says(written) if written.strip() else ""

    def close(self) -> None:
        with suppress(OSError):  # git went away first
            self.stdin.close()
        self.stdout.close()
        self.process.wait()
        self.errors.close()

    def __enter__(self) -> Objects:
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


@dataclass(frozen=True)
class Entry:
    """One entry of a tree: its mode and object id."""

    mode: str
    sha: str

    @property
    def kind(self) -> str:
        """``tree``, ``blob``, ``symlink`` or ``submodule``."""
        kind = int(self.mode, 8) >> 12
        if kind == TREE_KIND:
            return "tree"
        if kind == GITLINK_KIND:
            return "submodule"
        return "symlink" if int(self.mode, 8) == SYMLINK_MODE else "blob"


class Trees:
    """The trees and blobs of one repository, read through one ``git cat-file --batch``; an
    object that cannot be read is named as damage."""

    def __init__(self, repo: Repository, objects: Objects) -> None:
        self.repo = repo
        self.objects = objects

    def root(self, commit: str) -> Entry:
        (answer,) = self.objects.get([f"{commit}^{{tree}}"])
        if answer is None or answer[1] != "tree":
            raise self.unreadable(commit)
        return Entry(f"{TREE_KIND << 12:o}", answer[0])

    def listing(self, tree: Entry) -> dict[str, Entry]:
        (answer,) = self.objects.get([tree.sha])
        if answer is None or answer[1] != "tree":
            raise self.unreadable(tree.sha)
        return {
            name: Entry(mode, sha)
            for mode, name, sha in tree_entries(answer[2], len(answer[0]) // 2)
        }

    def entry(self, tree: Entry, path: str) -> Entry | None:
        """The entry at ``path`` below ``tree`` (``tree`` itself for ''); None when absent."""
        found: Entry | None = tree
        for part in path.split("/") if path else []:
            if found is None or found.kind != "tree":
                return None
            found = self.listing(found).get(part)
        return found

    def blobs(self, entries: list[tuple[Entry, str]]) -> list[bytes]:
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
            return damage(self.repo.what, words)
        if self.repo.shallow:
            return GitError(f"{self.repo.what}: {SHALLOW_HINT}")
        return RepositoryDamaged(
            f"{self.repo.what}: object {sha[:12]} is missing or damaged in the repository "
            f"({FSCK_HINT})"
        )


def tree_entries(data: bytes, width: int) -> Iterator[tuple[str, str, str]]:
    """A tree object's entries as (mode, name, object id)."""
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        mode = data[at:space].decode("ascii")
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        yield mode, name, data[nul + 1 : nul + 1 + width].hex()
        at = nul + 1 + width
