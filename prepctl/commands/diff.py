"""``prepctl diff``: classify every change between two versions and gate on the result."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from prepctl import diff, document, git
from prepctl.commands.sources import resolve_version
from prepctl.output import write_atomic
from prepctl.reporters.diff import DIFF_REPORTERS
from prepctl.source import Snapshot
from prepctl.terminal import wants_color

DEFAULT_BASE = "HEAD"


def compare(base: str | None, head: str | None, *, fail_on: str) -> diff.DiffResult:
    """The diff of BASE (default: the last commit) and HEAD (default: the working tree)."""
    base_snapshot = resolve_version(base or DEFAULT_BASE)
    head_snapshot = resolve_version(head)
    return diff.diff(_load(base_snapshot), _load(head_snapshot), fail_on=diff.FailOn(fail_on))


def _load(snapshot: Snapshot) -> document.Document:
    return document.load(snapshot, parse=git.parse_cached)


def run(
    base: str | None,
    head: str | None,
    *,
    outputs: list[tuple[str, str | None]],
    fail_on: str,
    color: str,
) -> int:
    result = compare(base, head, fail_on=fail_on)
    for name, target in outputs:
        reporter = DIFF_REPORTERS[name]
        if target is None:
            reporter(result, sys.stdout, wants_color(sys.stdout, color))
        else:
            buffer = io.StringIO()
            reporter(result, buffer, color == "always")
            write_atomic(Path(target), buffer.getvalue())
    return 1 if result.failed else 0
