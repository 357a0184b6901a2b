"""Writing files so that a failed or interrupted run never leaves half a file behind, and never
puts a regular file where something else was.

A regular file is written whole beside its place and renamed into it. A symbolic link is kept:
the file it points to is replaced the same way (as ``cp`` and a shell's ``>`` write through a
link), and a link that points to nothing is refused rather than followed to a place that may
not be meant. A character device or a named pipe (``/dev/null``, a terminal, ``mkfifo``) is
written to as it is, never replaced. Standard output and standard error named as files
(``-f json:/dev/stdout``) are the command's own streams.

Several files that change together (a release: the manifest, the changelog, the archived change
records) are written by :func:`write_together`: all or nothing, as far as a process can make it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from prepctl.errors import PrepctlError

# Names of the standard streams that shells and tools pass as files.
_STREAMS = {
    "/dev/stdout": "stdout",
    "/dev/stderr": "stderr",
    "/dev/fd/1": "stdout",
    "/dev/fd/2": "stderr",
    "/proc/self/fd/1": "stdout",
    "/proc/self/fd/2": "stderr",
}


def write_output(path: Path, content: str | bytes, *, sources: Sequence[Path] = ()) -> None:
    """Write an output the user named (``-o FILE``, ``-f FORMAT:FILE``): a standard stream by
    its name, a device or pipe as it is, anything else with :func:`write_atomic`. An output is
    never written inside a framework folder being read (``sources``): it would replace or add
    to the very input of the command."""
    stream = _STREAMS.get(os.path.abspath(path))
    if stream is not None:
        _write_stream(getattr(sys, stream), content)
        return
    target = _destination(path)
    for folder in sources:
        inside = Path(os.path.realpath(folder))
        if target == inside or inside in target.parents:
            raise PrepctlError(
                f"refusing to write {path}: it is inside the framework folder {folder} "
                "being read; write it somewhere else"
            )
    write_atomic(path, content)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place (beside
    and in place of the file a symbolic link points to); a device or a pipe is written to."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = _followed(path)
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise PrepctlError(f"cannot write {path}: {exc.strerror or exc}") from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_in_place(path, status, data)
        return
    folder = path.parent if str(path.parent) else Path(".")
    import tempfile  # costs start-up time; only writing a file needs it

    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise PrepctlError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            # On disk before the rename: after a crash the path holds the old file or the new
            # one, never an empty or partial one.
            os.fsync(stream.fileno())
        if status is not None:
            os.chmod(temporary, status.st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise PrepctlError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _followed(path: Path) -> Path:
    """``path``, or the file its chain of symbolic links ends at; refused when that is
    nothing."""
    if not _is_link(path):
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError:
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        raise PrepctlError(
            f"cannot write {path}: it is a symbolic link to {target}, which does not exist"
        ) from None


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise PrepctlError(f"cannot write {path}: {exc.strerror or exc}") from None


def _destination(path: Path) -> Path:
    """Where writing ``path`` puts the file, every link followed (for comparing places)."""
    if _is_link(path) or path.exists():
        return Path(os.path.realpath(path))
    return Path(os.path.realpath(path.parent if str(path.parent) else ".")) / path.name


def _write_in_place(path: Path, status: os.stat_result, data: bytes) -> None:
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise PrepctlError(f"cannot write {path}: it is a folder")
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        kind = "block device" if stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode) else ""
        raise PrepctlError(f"cannot write {path}: it is a {kind or 'special file'}")
    try:
        # Opened as it is (no O_CREAT, no O_TRUNC): a pipe waits for its reader, as with `>`.
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise PrepctlError(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_stream(stream: TextIO, content: str | bytes) -> None:
    if isinstance(content, str):
        stream.write(content)
        return
    binary = getattr(stream, "buffer", None)
    if binary is None:
        raise PrepctlError("standard output takes no binary data here; use -o FILE")
    stream.flush()
    binary.write(content)
    binary.flush()


class WriteFailed(PrepctlError):
    """A file of :func:`write_together` could not be written, or one could not be removed;
    ``undone`` says whether some had been changed (and were put back) or none."""

    def __init__(self, filename: str, strerror: str, undone: bool) -> None:
        words = "the change was undone" if undone else "nothing was changed"
        super().__init__(f"cannot write {filename}: {strerror}; {words}")
        self.filename = filename
        self.strerror = strerror
        self.undone = undone


def write_together(writes: Mapping[Path, bytes], removes: Sequence[Path] = ()) -> None:
    """Write ``writes`` and remove ``removes`` as one change, as far as a process can make it.

    Every new file is written to a temporary file beside its target first (missing folders
    made), and only when all of them are written are they renamed into place, one after
    another, and the files to remove removed; if a rename or removal fails, the ones already
    done are undone. What remains is the window between the renames themselves: a crash (power
    loss, SIGKILL) there can leave some files renamed and others not.
    """
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    try:
        for target, data in writes.items():
            created.extend(_make_folders(target.parent))
            staged.append((_stage(target, data), target))
    except OSError as exc:
        _discard(staged, created)
        raise WriteFailed(str(exc.filename or "a file"), str(exc.strerror), False) from None
    originals = {target: target.read_bytes() if target.exists() else None for _, target in staged}
    removed: dict[Path, bytes] = {}
    done: list[Path] = []
    try:
        for temporary, target in staged:
            os.replace(temporary, target)
            done.append(target)
        for path in removes:
            content = path.read_bytes()
            path.unlink()
            removed[path] = content
    except OSError as exc:
        _undo(done, originals, removed)
        _discard([(t, p) for t, p in staged if p not in done], created)
        raise WriteFailed(str(exc.filename or "a file"), str(exc.strerror), True) from None


def _make_folders(folder: Path) -> list[Path]:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return missing


def _stage(target: Path, data: bytes) -> Path:
    import tempfile  # costs start-up time; only writing a file needs it

    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        os.chmod(temporary, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


def _discard(staged: list[tuple[Path, Path]], created: list[Path]) -> None:
    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            temporary.unlink()
    for folder in sorted(created, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _undo(
    done: list[Path], originals: dict[Path, bytes | None], removed: dict[Path, bytes]
) -> None:
    for path, content in removed.items():
        with contextlib.suppress(OSError):
            path.write_bytes(content)
    for path in reversed(done):
        original = originals.get(path)
        with contextlib.suppress(OSError):
            if original is None:
                path.unlink()
            else:
                path.write_bytes(original)
