"""``prepctl fmt``: put framework files in the canonical layout, or say which are not."""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from prepctl.commands.sources import resolve_folder
from prepctl.core import fmt, meaning, source
from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.io import yaml as yamlio
from prepctl.io.output import write_atomic
from prepctl.terminal import safe


@dataclass(frozen=True)
class FrameworkFile:
    path: Path
    display: str
    schema: meaning.SchemaNode
    framework: Path


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else Path(relative).as_posix()


def _schema_for(framework: Path, path: Path) -> meaning.SchemaNode:
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
        f"{_display(path)}: not a framework file (expected {source.MANIFEST} or a .yaml/.yml file "
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
            folder = resolve_folder(argument)
            if (folder / source.MANIFEST).is_file():
                found.extend(_file(folder, p) for p in _framework_files(folder))
                continue
            try:
                found.extend(_files_below(path))
            except FrameworkNotFound:
                raise PrepctlError(
                    f"{_display(path)}: not a framework folder (no {source.MANIFEST} in it)"
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
        display=_display(path),
        schema=_schema_for(framework, path),
        framework=framework,
    )


def _read(file: FrameworkFile) -> str:
    raw = source.read_file(file.path, file.framework, file.display)
    return yamlio.decode(raw, file.display)


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff as ``git diff`` shows it, terminal escapes shown as text."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name.lstrip('/')}",
        tofile=f"b/{name.lstrip('/')}",
    )
    return "".join(
        safe(line) if line.endswith("\n") else safe(line) + "\n\\ No newline at end of file\n"
        for line in lines
    )


def _plural(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def run(paths: list[str], *, check: bool, diff: bool) -> int:
    files = collect(paths)
    # Format everything before writing anything: one bad file means no file is touched.
    changed: list[tuple[FrameworkFile, str, str]] = []
    for file in files:
        before = _read(file)
        after = fmt.format_text(before, schema=file.schema, name=file.display)
        if after != before:
            changed.append((file, before, after))
    if check or diff:
        for file, before, after in changed:
            if diff:
                sys.stdout.write(unified_diff(file.display, before, after))
            if check:
                sys.stdout.write(f"would reformat {safe(file.display)}\n")
        unchanged = len(files) - len(changed)
        if changed:
            sys.stderr.write(
                f"{_plural(len(changed))} would be reformatted, {unchanged} already formatted\n"
            )
        else:
            sys.stderr.write(f"{_plural(len(files))} already formatted\n")
        return 1 if changed else 0
    for file, _, after in changed:
        write_atomic(file.path, after)
    if changed:
        unchanged = len(files) - len(changed)
        sys.stderr.write(f"reformatted {_plural(len(changed))}, {unchanged} already formatted\n")
    else:
        sys.stderr.write(f"{_plural(len(files))} already formatted\n")
    return 0
