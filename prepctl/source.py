"""Where one version of a framework lives, read into a snapshot of file contents.

A snapshot maps each framework file's path (relative to the framework folder, with '/') to its
bytes. Only the manifest and the collection folders the schema declares are read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from prepctl import meaning
from prepctl.errors import FrameworkNotFound, InputError

MANIFEST = "framework.yaml"
FRAMEWORK_DIR = "framework"


@dataclass(frozen=True)
class Snapshot:
    """The files of one framework version, and how to name them to people."""

    label: str
    files: dict[str, bytes]

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
    if not manifest.is_file():
        raise FrameworkNotFound(f"{label}: not a framework folder (no {MANIFEST} in it)")
    root = path.resolve()
    files: dict[str, bytes] = {}
    candidates = [manifest]
    for name in collection_directories():
        folder = path / name
        if folder.is_dir():
            candidates.extend(sorted(folder.glob("*.yaml")))
    for candidate in candidates:
        relative = candidate.relative_to(path).as_posix()
        shown = f"{label}/{relative}"
        if not candidate.resolve().is_relative_to(root):
            raise InputError(shown, 1, 1, "symbolic link leads outside the framework folder")
        if candidate.is_dir():
            raise InputError(shown, 1, 1, "is a folder, but a YAML file was expected")
        try:
            files[relative] = candidate.read_bytes()
        except OSError as exc:
            raise InputError(shown, 1, 1, f"cannot be read: {exc.strerror}") from None
    return Snapshot(label=label, files=files)


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
