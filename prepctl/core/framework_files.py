"""Which framework files a path names, and the schema that governs each (for ``prepctl fmt``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from prepctl.core import meaning, source
from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.io.paths import display


def framework_folder(path: Path) -> Path:
    """The framework a folder names: itself when it holds the manifest, else its
    ``framework/`` folder when that holds one, else the folder (whose reading then says what
    is missing)."""
    if (path / source.MANIFEST).is_file():
        return path
    nested = path / source.FRAMEWORK_DIR
    if (nested / source.MANIFEST).is_file():
        return nested
    return path


@dataclass(frozen=True)
class FrameworkFile:
    path: Path
    display: str
    schema: meaning.SchemaNode
    framework: Path


def schema_for(framework: Path, path: Path) -> meaning.SchemaNode:
    """The schema governing a file of the framework in folder ``framework``."""
    # Where the file stands, not where its links lead: read_file refuses links leaving the
    # framework when the file is read.
    relative = Path(os.path.relpath(path.absolute(), framework.absolute())).as_posix()
    root = meaning.root()
    if relative == source.MANIFEST:
        return root
    key = source.collection_of(relative)
    items = root.collections()[key].items() if key is not None else None
    if items is not None:
        return items
    folders = ", ".join("/".join(pattern) + "/" for _, pattern in source.item_folders())
    raise PrepctlError(
        f"{display(path)}: not a framework file (expected {source.MANIFEST} or a .yaml/.yml file "
        f"directly in {folders.replace(source.ANY_FOLDER, 'VERSION')})"
    )


def _framework_files(folder: Path) -> list[Path]:
    # Every YAML file, as lint reads it: a folder, a named pipe or a broken link in its
    # place is an error when read, not something to pass over in silence.
    return [folder / source.MANIFEST, *source.item_files(folder)]


def _files_below(path: Path) -> list[FrameworkFile]:
    """The framework files inside a folder of a framework (``framework/changes``)."""
    framework = source.framework_of_file(path)
    inside = Path(os.path.normpath(path.absolute()))
    return [
        _file(framework, file)
        for file in _framework_files(framework)
        if Path(os.path.normpath(file.absolute())).is_relative_to(inside)
    ]


def collect(paths: list[str]) -> list[FrameworkFile]:
    """The files to format: a framework's files for each folder, or each file named."""
    found: list[FrameworkFile] = []
    if not paths:
        folder = source.find_framework(Path.cwd())
        found.extend(_file(folder, p) for p in _framework_files(folder))
    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            folder = framework_folder(path)
            if (folder / source.MANIFEST).is_file():
                found.extend(_file(folder, p) for p in _framework_files(folder))
                continue
            try:
                found.extend(_files_below(path))
            except FrameworkNotFound:
                raise PrepctlError(
                    f"{display(path)}: not a framework folder (no {source.MANIFEST} in it)"
                ) from None
        elif path.is_file():
            found.append(_file(source.framework_of_file(path), path))
        else:
            raise PrepctlError(f"'{argument}' is not a framework folder or file")
    unique: dict[Path, FrameworkFile] = {}
    for file in found:
        # By where the file stands: following links here would fail on a loop before the
        # reader could say so.
        unique.setdefault(Path(os.path.normpath(file.path.absolute())), file)
    return list(unique.values())


def _file(framework: Path, path: Path) -> FrameworkFile:
    return FrameworkFile(
        path=path,
        display=display(path),
        schema=schema_for(framework, path),
        framework=framework,
    )
