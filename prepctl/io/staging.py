"""Writing a set of new files into a folder all at once, or not at all (for ``prepctl init``).

Every file is first written into a staging folder, then moved into place at the end:

- into a folder that does not exist yet, by renaming the staging folder (beside it, named
  ``.NAME.prepctl-init.XXXXXXXX``) to the folder: one step, which happens whole or not at all;
- into an existing folder, from a staging folder inside it (``.prepctl-init.XXXXXXXX``), file by
  file, once every file is staged and the staging folder marked complete.

If anything fails, or the run is interrupted (Ctrl-C, SIGTERM), the staging folder is removed,
the files already moved are taken back and the files already overwritten restored, so the
folder is left as it was found. A run killed outright (SIGKILL, a crash) can leave only the
staging folder: :func:`recover` removes it when it was not complete, and otherwise finishes
moving the files it holds into place (the kill came while the files were being moved).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from prepctl.errors import PrepctlError
from prepctl.io.output import write_atomic
from prepctl.io.paths import display


def check_places(root: Path, planned: dict[str, bytes]) -> None:
    """Refuse, even with --force, where a file or folder stands in the way of the scaffold."""
    for relative in planned:
        target = root / relative
        if target.is_symlink():
            raise PrepctlError(
                f"{display(target)}: is a symbolic link; remove it, then run prepctl init again"
            )
        if target.is_dir():
            raise PrepctlError(
                f"{display(target)}: is a folder, but the scaffold writes a file there"
            )
        for parent in target.relative_to(root).parents:
            folder = root / parent
            if str(parent) != "." and folder.exists() and not folder.is_dir():
                raise PrepctlError(
                    f"{display(folder)}: is a file, but the scaffold needs a folder there"
                )


# A staging folder is recognised by its name; this file in it says whether every file of the
# scaffold was written ("complete") before the files began to be moved.
_MARK = ".prepctl-init"
_COMPLETE = b"complete\n"


def write_all(root: Path, planned: dict[str, bytes]) -> None:
    """Stage every file, then move the scaffold into place (see the module's docstring)."""
    with _interruptible():
        if root.exists():
            _write_into(root, planned)
        else:
            _write_new(root, planned)


def _write_new(root: Path, planned: dict[str, bytes]) -> None:
    created = _make_folders(root.parent)
    staging: Path | None = None
    try:
        staging = _stage(root.parent, f".{root.name}.prepctl-init.", planned)
        (staging / _MARK).unlink()
        os.rename(staging, root)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _write_into(root: Path, planned: dict[str, bytes]) -> None:
    replaced = {root / r: _read_existing(root / r) for r in planned if (root / r).exists()}
    staging = _stage(root, ".prepctl-init.", planned)
    created_folders: list[Path] = []
    moved: list[Path] = []
    try:
        for relative in planned:
            target = root / relative
            created_folders.extend(_make_folders(target.parent))
            os.replace(staging / relative, target)
            moved.append(target)
    except BaseException as exc:
        for path in reversed(moved):  # taken back, or restored
            with contextlib.suppress(OSError, PrepctlError):
                if path in replaced:
                    write_atomic(path, replaced[path])
                else:
                    path.unlink()
        for folder in reversed(created_folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise PrepctlError(f"cannot write {display(target)}: {exc.strerror or exc}") from None
        raise
    (staging / _MARK).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _stage(folder: Path, prefix: str, planned: dict[str, bytes]) -> Path:
    """A new staging folder in ``folder`` holding every planned file, marked complete."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
    except OSError as exc:
        raise PrepctlError(f"cannot write in {display(folder)}: {exc.strerror}") from None
    try:
        (staging / _MARK).write_bytes(b"")
        for relative, content in planned.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, content)
        write_atomic(staging / _MARK, _COMPLETE)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise PrepctlError(f"cannot write in {display(folder)}: {exc.strerror}") from None
        raise
    # mkdtemp's 0700 would otherwise become the new folder's mode.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    return staging


def recover(root: Path) -> list[str]:
    """Clear what a killed run left: staging folders beside a folder that does not exist and
    unfinished ones inside it are removed; a complete one inside it is moved into place. The
    files moved, if any."""
    if not root.exists():
        for leftover in _staging_folders(root.parent, f".{root.name}.prepctl-init."):
            shutil.rmtree(leftover, ignore_errors=True)
        return []
    finished: list[str] = []
    for leftover in _staging_folders(root, ".prepctl-init."):
        mark = leftover / _MARK
        with contextlib.suppress(OSError):
            if mark.read_bytes() == _COMPLETE:
                for path in sorted(p for p in leftover.rglob("*") if p.is_file() and p != mark):
                    relative = path.relative_to(leftover)
                    _make_folders((root / relative).parent)
                    os.replace(path, root / relative)
                    finished.append(relative.as_posix())
        shutil.rmtree(leftover, ignore_errors=True)
    return finished


def _staging_folders(folder: Path, prefix: str) -> list[Path]:
    """The staging folders named ``prefix`` and mkdtemp's eight characters in ``folder``."""
    name = re.compile(re.escape(prefix) + "[a-z0-9_]{8}")
    try:
        found = sorted(p for p in folder.iterdir() if name.fullmatch(p.name))
    except OSError:
        return []
    return [path for path in found if path.is_dir() and not path.is_symlink()]


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM ends the run the way Ctrl-C does, so that the cleanup runs."""

    def stop(number: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError as exc:
            raise PrepctlError(f"cannot create {display(path)}: {exc.strerror}") from None
    return list(reversed(missing))


def _read_existing(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PrepctlError(
            f"cannot read {display(path)} before overwriting it: {exc.strerror}"
        ) from None
