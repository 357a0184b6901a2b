"""Line diffs as ``git diff`` shows them, for ``prepctl fmt --diff`` and git's diff driver."""

from __future__ import annotations

import difflib

from prepctl.terminal import safe

CONTEXT_LINES = 3
NO_NEWLINE = "\\ No newline at end of file"


def line_diff(before: list[str], after: list[str], old_name: str, new_name: str) -> str:
    """A unified diff of two lists of lines (each with its line break, the last one perhaps
    without), terminal escapes shown as text."""
    lines = difflib.unified_diff(before, after, fromfile=old_name, tofile=new_name, n=CONTEXT_LINES)
    return "".join(
        safe(line) if line.endswith("\n") else safe(line) + "\n" + NO_NEWLINE + "\n"
        for line in lines
    )
