"""The diff for people at a terminal: grouped by category, the impact first.

```
Lineage
  renamed    /categories/cyber → /categories/cybersecurity

Cybersecurity
  ▼ weakening     modified  /categories/cybersecurity/thresholds/high/response
                            "must not be deployed" → "should not be deployed" (commitment language)
                            at framework/categories/cybersecurity.yaml:31:15
                            NOT JUSTIFIED: no change record covers this address
```
"""

from __future__ import annotations

from typing import TextIO

from prepctl.core import address
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Kind
from prepctl.reporters.diff import determinations
from prepctl.reporters.diff.summary import counts, exit_reason, groups, lineage, plural
from prepctl.terminal import paint, safe_line

MARKERS = {
    Impact.WEAKENING: "▼",
    Impact.STRENGTHENING: "▲",
    Impact.EDITORIAL: "·",
    Impact.NEEDS_REVIEW: "?",
    Impact.NEUTRAL: "=",
}
STYLES = {
    Impact.WEAKENING: "red",
    Impact.STRENGTHENING: "green",
    Impact.NEEDS_REVIEW: "yellow",
    Impact.EDITORIAL: "dim",
    Impact.NEUTRAL: "dim",
}
_IMPACT_WIDTH = max(len(impact.value) for impact in Impact)
_KIND_WIDTH = len(Kind.MODIFIED.value)
"""The kinds a report mostly shows fit the column; the rare longer one (relocated) pushes its
own address one column on rather than every address of every report."""
INDENT = " " * (2 + 2 + _IMPACT_WIDTH + 2 + _KIND_WIDTH + 2)
"""Where a change's further lines start, under its address."""
_SHIFT_INDENT = " " * (2 + 2 + len(determinations.LOWERED) + 2)
NOT_JUSTIFIED = "NOT JUSTIFIED: no change record covers this address"


def report(result: DiffResult, stream: TextIO, color: bool) -> None:
    moves = lineage(result)
    if moves:
        stream.write(paint("Lineage", "bold", color) + "\n")
        for kind, sources, targets in moves:
            shown = " → ".join(", ".join(map(address.display, side)) for side in (sources, targets))
            if kind is Kind.RELOCATED:
                went = " ".join(targets[0].split())
                went = went if len(went) <= 80 else went[:79] + "…"
                shown = f"{address.display(sources[0])}: {went}"
            stream.write(f"  {kind.value:<{_KIND_WIDTH + 1}}  {safe_line(shown)}\n")
        stream.write("\n")
    for group, found in groups(result):
        stream.write(paint(safe_line(result.title(group)), "bold", color) + "\n")
        for change in found:
            stream.write(_change(result, change, color))
    if result.changes:
        stream.write("\n")
    material = result.material.lines() if result.material is not None else []
    for line in material:
        stream.write(safe_line(line) + "\n")
    if material:
        stream.write("\n")
    if result.determinations:
        stream.write(_determinations(result, color) + "\n")
    stream.write(summary(result) + "\n")


def _determinations(result: DiffResult, color: bool) -> str:
    lines = [paint(safe_line(determinations.title(result)), "bold", color)]
    for shift in result.determinations:
        mark = f"▼ {determinations.LOWERED}" if shift.lowered else f"· {determinations.CHANGED}"
        style = "red" if shift.lowered else "dim"
        lines.append(f"  {paint(mark, style, color)}  {safe_line(shift.headline())}")
        lines += [f"{_SHIFT_INDENT}{safe_line(line)}" for line in determinations.explain(shift)]
    return "".join(line + "\n" for line in lines)


def heading(change: Change, color: bool) -> list[str]:
    """A change's first two lines, as ``diff`` and ``log`` print it: marker, impact, kind and
    address, then what changed."""
    impact = f"{MARKERS[change.impact]} {change.impact.value:<{_IMPACT_WIDTH}}"
    return [
        f"  {paint(impact, STYLES[change.impact], color)}  "
        f"{change.kind.value:<{_KIND_WIDTH}}  {safe_line(address.display(change.address))}",
        INDENT + safe_line(change.detail),
    ]


def _change(result: DiffResult, change: Change, color: bool) -> str:
    lines = heading(change, color)
    if change.location is not None:
        where = "was" if change.kind is Kind.REMOVED else "at"
        lines.append(f"{INDENT}{where} {safe_line(str(change.location))}")
    if change.justified_by is not None:
        lines.append(INDENT + safe_line(justification(result, change.justified_by)))
    elif change.impact is Impact.WEAKENING:
        lines.append(INDENT + paint(NOT_JUSTIFIED, "red", color))
    for shift in determinations.lowering(result, change):
        lines.append(INDENT + safe_line(f"lowers {shift.headline()}"))
    return "".join(line + "\n" for line in lines)


def justification(result: DiffResult, record_id: str) -> str:
    record = result.record(record_id)
    if record is None:  # pragma: no cover - justified_by always names a record of the result
        return f"justified by change record {record_id}"
    approved = f" (approved: {', '.join(record.approved_by)})" if record.approved_by else ""
    return f"justified by {record.file or record.id}{approved}"


def summary(result: DiffResult) -> str:
    between = f"between {result.base.label} and {result.head.label}"
    if not result.changes:
        return safe_line(f"no changes {between} · {exit_reason(result)}")
    return safe_line(
        f"{plural(len(result.changes), 'change')} {between}: {counts(result)}"
        f" · {exit_reason(result)}"
    )
