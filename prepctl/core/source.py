"""Where one version of a framework lives, read into a snapshot of file contents.

A snapshot maps each framework file's path (relative to the framework folder, with '/') to its
bytes. Only the manifest and the collection folders the schema declares are read into ``files``;
the framework's ``CHANGELOG.md``, when there is one, is carried beside them (``changelog``) for
the commands that publish or check it, and is never part of the document.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from prepctl.core import meaning
from prepctl.errors import FrameworkNotFound, InputError
from prepctl.io import yaml as yamlio
from prepctl.io.paths import display

MANIFEST = "framework.yaml"
FRAMEWORK_DIR = "framework"
CHANGELOG = "CHANGELOG.md"
SUFFIXES = (".yaml", ".yml")
"""How the names of a collection's files end: prepctl writes ``.yaml``, and reads ``.yml`` the
same way, so that no framework file is ever passed over for its spelling."""


def is_yaml_name(name: str) -> bool:
    """Whether a file in a collection folder is one of the framework's files, by its name."""
    return name.endswith(SUFFIXES)


def yaml_files(folder: Path) -> list[Path]:
    """The framework files directly in a folder on disk, by name (whatever each one is: a
    folder, a named pipe or a broken link so named is an error when read, not passed over)."""
    return sorted(path for suffix in SUFFIXES for path in folder.glob("*" + suffix))


@dataclass(frozen=True)
class Snapshot:
    """The files of one framework version, and how to name them to people."""

    label: str
    files: dict[str, bytes]
    changelog: bytes | None = None
    unreadable: Mapping[str, InputError] = field(default_factory=dict)
    """Files that could not be read, by path, each with why: only a reader asked to go on past
    them (``keep_going``, for lint) leaves any here; the others raise the first."""

    def display(self, relative: str) -> str:
        return f"{self.label}/{relative}" if self.label else relative


def collection_directories() -> list[str]:
    return [str(node.keyword("directory")) for node in meaning.root().collections().values()]


ANY_FOLDER = "*"
"""In a folder pattern of :func:`item_folders`: any one folder (a release's version)."""


@cache
def item_folders() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each folder whose YAML files are items of a collection, as a pattern of folder
    names, with the collection's key: the collection's directory (``x-prepctl-directory``) and,
    for a collection a release archives (``x-prepctl-archive``), one folder per release in the
    archive (``changes/archive/*``). An archived item is an item like any other."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for key, node in meaning.root().collections().items():
        directory = str(node.keyword("directory"))
        found.append((key, (directory,)))
        archive = node.keyword("archive")
        if archive is not None:
            found.append((key, (directory, str(archive), ANY_FOLDER)))
    return tuple(found)


def collection_of(relative: str) -> str | None:
    """The key of the collection a file is an item of, by its path inside the framework folder
    (``categories/cyber.yaml``, ``changes/archive/2.0.0/x.yaml``); None for any other file."""
    *folders, name = relative.split("/")
    if not is_yaml_name(name):
        return None
    for key, pattern in item_folders():
        if len(folders) == len(pattern) and all(
            part == want or (want == ANY_FOLDER and part not in ("", ".", ".."))
            for part, want in zip(folders, pattern, strict=True)
        ):
            return key
    return None


def leads_to_items(relative: str) -> bool:
    """Whether a folder (by its path inside the framework folder) is, or holds, a folder of
    :func:`item_folders`."""
    parts = relative.split("/")
    return any(
        len(parts) <= len(pattern)
        and all(
            part == want or want == ANY_FOLDER
            for part, want in zip(parts, pattern[: len(parts)], strict=True)
        )
        for _, pattern in item_folders()
    )


def item_files(path: Path) -> list[Path]:
    """The collections' item files of the framework folder ``path`` on disk: everything named
    ``*.yaml`` or ``*.yml`` in the folders of :func:`item_folders`, each folder's files sorted
    by name."""
    files: list[Path] = []
    for _, pattern in item_folders():
        folders = [path]
        for part in pattern:
            if part == ANY_FOLDER:
                folders = [
                    child for f in folders for child in sorted(f.glob("*")) if child.is_dir()
                ]
            else:
                folders = [f / part for f in folders if (f / part).is_dir()]
        for folder in folders:
            files.extend(yaml_files(folder))
    return files


def read_directory(path: Path, *, keep_going: bool = False) -> Snapshot:
    """Read a framework folder from disk; with ``keep_going``, a file that cannot be read is
    noted in ``unreadable`` and the others are read all the same."""
    label = display(path)
    manifest = path / MANIFEST
    if not os.path.lexists(manifest):
        raise FrameworkNotFound(f"{label}: not a framework folder (no {MANIFEST} in it)")
    root = _resolve(path, label or ".")
    files: dict[str, bytes] = {}
    unreadable: dict[str, InputError] = {}
    candidates = [manifest, *item_files(path)]
    for candidate in candidates:
        relative = candidate.relative_to(path).as_posix()
        shown = f"{label}/{relative}"
        try:
            _check_inside(candidate, root, shown)
            files[relative] = _read_file(candidate, shown)
        except InputError as exc:
            if not keep_going:
                raise
            unreadable[relative] = exc
    changelog: bytes | None = None
    notes = path / CHANGELOG
    if notes.is_file():
        shown = f"{label}/{CHANGELOG}"
        _check_inside(notes, root, shown)
        changelog = _read_file(notes, shown)
    return Snapshot(label=label, files=files, changelog=changelog, unreadable=unreadable)


def _resolve(path: Path, shown: str) -> Path:
    """``path`` with every symbolic link followed; a loop of links is an input error."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):  # RuntimeError before Python 3.13, OSError(ELOOP) since
        raise InputError(shown, 1, 1, _LOOP) from None


def _check_inside(path: Path, root: Path, shown: str) -> None:
    """Refuse a file whose symbolic links lead out of the framework folder."""
    if not _resolve(path, shown).is_relative_to(root):
        raise InputError(shown, 1, 1, "symbolic link leads outside the framework folder")


_LOOP = "symbolic link loop: the links lead back to each other, never to a file"
_NOT_A_FILE = (
    (stat.S_ISDIR, "is a folder, but a YAML file was expected"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a file; prepctl reads only regular files"),
    (stat.S_ISSOCK, "is a socket, not a file; prepctl reads only regular files"),
    (stat.S_ISCHR, "is a device, not a file; prepctl reads only regular files"),
    (stat.S_ISBLK, "is a device, not a file; prepctl reads only regular files"),
)


def read_file(path: Path, root: Path, shown: str) -> bytes:
    """One framework file's bytes, read as ``read_directory`` reads it: a regular file inside
    the framework folder ``root`` (links followed and checked), never blocking, within the
    size limit."""
    _check_inside(path, _resolve(root, shown), shown)
    return _read_file(path, shown)


def read_regular_file(path: Path, shown: str) -> bytes:
    """A regular file's bytes, wherever it is: refused unread when it is a named pipe, a
    device or over the size limit (an :class:`InputError` at line 1, column 1 of ``shown``)."""
    return _read_file(path, shown)


def _read_file(path: Path, shown: str) -> bytes:
    """A regular file's bytes, read without ever blocking and never more than the size limit.

    The file is opened non-blocking and checked on the open descriptor, so that a named pipe
    or a device (even one swapped in after a check by name) cannot stall the run, and a file
    over the limit is refused before it is read into memory.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        problem = {errno.ELOOP: _LOOP, errno.EISDIR: _NOT_A_FILE[0][1]}.get(
            exc.errno or 0, f"cannot be read: {exc.strerror}"
        )
        raise InputError(shown, 1, 1, problem) from None
    try:
        status = os.fstat(descriptor)
        for is_kind, problem in _NOT_A_FILE:
            if is_kind(status.st_mode):
                raise InputError(shown, 1, 1, problem)
        if status.st_size > yamlio.MAX_FILE_BYTES:
            raise yamlio.too_large(shown, status.st_size)
        chunks: list[bytes] = []
        remaining = yamlio.MAX_FILE_BYTES + 1  # one byte more tells a file that grew past it
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise InputError(shown, 1, 1, f"cannot be read: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > yamlio.MAX_FILE_BYTES:
        raise yamlio.too_large(shown, len(data))
    return data


def find_framework(start: Path) -> Path:
    """The framework folder for a working directory: itself, its framework/, or an ancestor's."""
    for folder in (start, *start.parents):
        if (folder / MANIFEST).is_file():
            return folder
        if (folder / FRAMEWORK_DIR / MANIFEST).is_file():
            return folder / FRAMEWORK_DIR
        if (folder / ".git").exists():
            break
    raise FrameworkNotFound(
        f"no framework found in {display(start) or '.'} or above it "
        f"(looked for {MANIFEST} and {FRAMEWORK_DIR}/{MANIFEST}); name a framework folder"
    )


def repository_root(start: Path) -> Path | None:
    """The top of the git working tree holding ``start``: the nearest folder, from ``start``
    up, with a ``.git`` in it (a folder, or the file a linked worktree or submodule has)."""
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def framework_of_file(path: Path) -> Path:
    """The framework folder a framework file belongs to."""
    for folder in path.resolve().parents:
        if (folder / MANIFEST).is_file():
            relative = Path(os.path.relpath(folder))
            return relative if not str(relative).startswith("..") else folder
    raise FrameworkNotFound(f"{path}: no {MANIFEST} in any folder above this file")
