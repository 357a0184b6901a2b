"""Counting words shared by the diff reporters, so every format says the same thing."""

from __future__ import annotations

from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult

ORDER = (
    Impact.WEAKENING,
    Impact.NEEDS_REVIEW,
    Impact.STRENGTHENING,
    Impact.EDITORIAL,
    Impact.NEUTRAL,
)
"""Impacts from the one a reviewer must see first to the one that matters least."""


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def groups(result: DiffResult) -> list[tuple[str, list[Change]]]:
    """Changes by category (the framework itself first), each group in address order."""
    found: dict[str, list[Change]] = {}
    for change in result.changes:
        found.setdefault(result.group(change), []).append(change)
    return [(group, found[group]) for group in sorted(found)]


def counts(result: DiffResult) -> str:
    """'2 weakening (1 unjustified), 1 strengthening, 1 editorial'."""
    parts = []
    for impact in ORDER:
        count = result.count(impact)
        if not count:
            continue
        part = f"{count} {impact.value}"
        if impact is Impact.WEAKENING and result.unjustified:
            part += f" ({len(result.unjustified)} unjustified)"
        parts.append(part)
    return ", ".join(parts)


def exit_reason(result: DiffResult) -> str:
    return f"exit 1 (--fail-on {result.fail_on.value})" if result.failed else "exit 0"
