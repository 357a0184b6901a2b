"""``prepctl diff``: classify every change between two versions and gate on the result."""

from __future__ import annotations

from prepctl import diff, document, git
from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_version
from prepctl.reporters.diff import DIFF_REPORTERS
from prepctl.source import Snapshot

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
    emit(result, outputs, DIFF_REPORTERS, color)
    return 1 if result.failed else 0
