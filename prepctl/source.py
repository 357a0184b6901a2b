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
from dataclasses import dataclass
from pathlib import Path

from prepctl import meaning
from prepctl import yaml as yamlio
from prepctl.errors import FrameworkNotFound, InputError

MANIFEST = "framework.yaml"
FRAMEWORK_DIR = "framework"
CHANGELOG = "CHANGELOG.md"


@dataclass(frozen=True)
class Snapshot:
    """The files of one framework version, and how to name them to people."""

    label: str
    files: dict[str, bytes]
    changelog: bytes | None = None

    def display(self, relative: str) -> str:
        return f"{self.label}/{relative}" if self.label else relative


def collection_directories() -> list[str]:
    return [str(node.keyword("directory")) for node in meaning.root().collections().values()]


def _display_root(path: Path) -> str:
    """Show a framework folder relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else Path(relative).as_posix()


def read_directory(path: Path) -> Snapshot:
    """Read a framework folder from disk."""
    label = _display_root(path)
    manifest = path / MANIFEST
    if not os.path.lexists(manifest):
        raise FrameworkNotFound(f"{label}: not a framework folder (no {MANIFEST} in it)")
    root = _resolve(path, label or ".")
    files: dict[str, bytes] = {}
    candidates = [manifest]
    for name in collection_directories():
        folder = path / name
        if folder.is_dir():
            candidates.extend(sorted(folder.glob("*.yaml")))
    for candidate in candidates:
        relative = candidate.relative_to(path).as_posix()
        shown = f"{label}/{relative}"
        _check_inside(candidate, root, shown)
        files[relative] = _read_file(candidate, shown)
    changelog: bytes | None = None
    notes = path / CHANGELOG
    if notes.is_file():
        shown = f"{label}/{CHANGELOG}"
        _check_inside(notes, root, shown)
        changelog = _read_file(notes, shown)
    return Snapshot(label=label, files=files, changelog=changelog)


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
        f"no framework found in {_display_root(start) or '.'} or above it "
        f"(looked for {MANIFEST} and {FRAMEWORK_DIR}/{MANIFEST}); name a framework folder"
    )


def framework_of_file(path: Path) -> Path:
    """The framework folder a framework file belongs to."""
    for folder in path.resolve().parents:
        if (folder / MANIFEST).is_file():
            relative = Path(os.path.relpath(folder))
            return relative if not str(relative).startswith("..") else folder
    raise FrameworkNotFound(f"{path}: no {MANIFEST} in any folder above this file")
