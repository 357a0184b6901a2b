"""Turning SOURCE arguments into snapshots, the same way for every command."""

from __future__ import annotations

from pathlib import Path

from prepctl import source
from prepctl.errors import PrepctlError


def resolve_snapshots(arguments: list[str]) -> list[source.Snapshot]:
    """Snapshots for each argument (the current framework when there is none), each once."""
    folders: list[Path] = []
    if not arguments:
        folders.append(source.find_framework(Path.cwd()))
    for argument in arguments:
        folders.append(resolve_folder(argument))
    unique = list(dict.fromkeys(folder.resolve() for folder in folders))
    by_resolved = {folder.resolve(): folder for folder in folders}
    return [source.read_directory(by_resolved[folder]) for folder in unique]


def resolve_folder(argument: str) -> Path:
    path = Path(argument)
    if path.is_dir():
        if (path / source.MANIFEST).is_file():
            return path
        nested = path / source.FRAMEWORK_DIR
        if (nested / source.MANIFEST).is_file():
            return nested
        return path  # read_directory explains what is missing
    if path.is_file():
        return source.framework_of_file(path)
    raise PrepctlError(f"'{argument}' is not a framework folder or file")
