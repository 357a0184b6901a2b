"""Counting words shared by the diff reporters, so every format says the same thing."""

from __future__ import annotations

from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Kind

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


LINEAGE = (Kind.RENAMED, Kind.SPLIT, Kind.MERGED, Kind.RELOCATED)


def lineage(result: DiffResult) -> list[tuple[Kind, list[str], list[str]]]:
    """What continues under another id, or went elsewhere: (kind, from, to), one entry per
    predecessor of a rename or split, per successor of a merge. A relocation's ``to`` says
    where its tombstone says it went ("to …") or came back from ("back from …"). The changes
    inside each item are listed at their own addresses."""
    found: dict[tuple[Kind, str], tuple[list[str], list[str]]] = {}
    for change in result.changes:
        if change.kind not in LINEAGE:
            continue
        if change.kind is Kind.RELOCATED:
            for way in ("to", "back from"):
                _, said, went = change.detail.partition(f"relocated {way}: ")
                if said:
                    found[(change.kind, change.address)] = ([change.address], [f"{way} {went}"])
            continue
        before = change.base_address or change.address
        key = (change.kind, change.address if change.kind is Kind.MERGED else before)
        sources, targets = found.setdefault(key, ([], []))
        for side, value in ((sources, before), (targets, change.address)):
            if value not in side:
                side.append(value)
    return [(kind, sources, targets) for (kind, _), (sources, targets) in found.items()]
