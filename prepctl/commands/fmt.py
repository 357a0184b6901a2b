"""``prepctl fmt``: put framework files in the canonical layout, or say which are not."""

from __future__ import annotations

import sys

from prepctl.core import fmt, source
from prepctl.core.framework_files import FrameworkFile, collect
from prepctl.io import yaml as yamlio
from prepctl.io.output import write_atomic
from prepctl.reporters.line_diff import line_diff
from prepctl.terminal import safe


def _read(file: FrameworkFile) -> str:
    raw = source.read_file(file.path, file.framework, file.display)
    return yamlio.decode(raw, file.display)


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff as ``git diff`` shows it, terminal escapes shown as text."""
    return line_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        f"a/{name.lstrip('/')}",
        f"b/{name.lstrip('/')}",
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
