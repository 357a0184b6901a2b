"""``prepctl init``: scaffold a framework repository that lints, hooks and checks at once.

Nothing is overwritten without ``--force``: every conflict is listed and nothing is written. A
place that cannot take a file (a folder where a file goes, a file where a folder goes) is an
error even with ``--force``. Each file is written atomically, and if writing one fails, the
files already written are removed and the files already overwritten restored, so a failed run
leaves the folder as it found it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import date
from pathlib import Path

import click

from prepctl import __version__, scaffold
from prepctl.errors import PrepctlError
from prepctl.output import write_atomic
from prepctl.terminal import safe

NEXT_STEPS = """\
  prepctl lint        # clean from the start; now make the framework your own
  pip install pre-commit && pre-commit install
  git config diff.prepctl.command "prepctl git-diff-driver"
  CI: name the prepctl to install in .github/prepctl-requirements.txt (CI fails until you do)
"""


def run(directory: str | None, *, force: bool) -> int:
    root = Path(directory) if directory else Path(".")
    if root.exists() and not root.is_dir():
        raise PrepctlError(f"{_shown(root)}: exists and is not a folder")
    planned = scaffold.files(today=date.today(), version=__version__)
    _check_places(root, planned)
    conflicts = [relative for relative in planned if (root / relative).exists()]
    if conflicts and not force:
        for relative in conflicts:
            sys.stderr.write(f"  {safe(_shown(root / relative))}\n")
        raise PrepctlError(
            f"{_count(len(conflicts), 'file')} already exist{'s' if len(conflicts) == 1 else ''} "
            "(listed above); nothing was written. Use --force to overwrite them"
        )
    _write_all(root, planned)
    overwritten = set(conflicts)
    where = _shown(root) or "."
    click.echo(f"wrote {_count(len(planned), 'file')} in {safe(where)}:")
    for relative in planned:
        note = "  (overwritten)" if relative in overwritten else ""
        click.echo(f"  {safe(relative)}{note}")
    click.echo("next steps:")
    if where != ".":
        click.echo(f"  cd {safe(where)}")
    if not any((folder / ".git").exists() for folder in (root, *root.resolve().parents)):
        click.echo("  git init")
    click.echo(NEXT_STEPS, nl=False)
    return 0


def _check_places(root: Path, planned: dict[str, bytes]) -> None:
    """Refuse, even with --force, where a file or folder stands in the way of the scaffold."""
    for relative in planned:
        target = root / relative
        if target.is_symlink():
            raise PrepctlError(
                f"{_shown(target)}: is a symbolic link; remove it, then run prepctl init again"
            )
        if target.is_dir():
            raise PrepctlError(
                f"{_shown(target)}: is a folder, but the scaffold writes a file there"
            )
        for parent in target.relative_to(root).parents:
            folder = root / parent
            if str(parent) != "." and folder.exists() and not folder.is_dir():
                raise PrepctlError(
                    f"{_shown(folder)}: is a file, but the scaffold needs a folder there"
                )


def _write_all(root: Path, planned: dict[str, bytes]) -> None:
    created_folders: list[Path] = []
    created_files: list[Path] = []
    replaced: dict[Path, bytes] = {}
    try:
        for relative, content in planned.items():
            target = root / relative
            created_folders.extend(_make_folders(target.parent))
            if target.exists():
                replaced[target] = _read_existing(target)
            else:
                created_files.append(target)
            write_atomic(target, content)
    except BaseException:
        for path in reversed(created_files):
            with contextlib.suppress(OSError):
                path.unlink()
        for path, old in replaced.items():
            with contextlib.suppress(PrepctlError):
                write_atomic(path, old)
        for folder in reversed(created_folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError as exc:
            raise PrepctlError(f"cannot create {_shown(path)}: {exc.strerror}") from None
    return list(reversed(missing))


def _read_existing(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PrepctlError(
            f"cannot read {_shown(path)} before overwriting it: {exc.strerror}"
        ) from None


def _shown(path: Path) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    if relative == ".":
        return ""
    return str(path) if relative.startswith("..") else Path(relative).as_posix()


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
