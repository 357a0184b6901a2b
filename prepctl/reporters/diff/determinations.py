"""The determinations of past assessments a diff changes, as the text and Markdown reports
show them: each one, why, and the changes that cause it.

```
Past determinations HEAD changes: 1 (1 lowered)
  ▼ lowered  atlas-3, assessed 2026-11-20: cybersecurity High → below High under HEAD
             trigger of /categories/cyber/evaluations/ctf raised 0.6 → 0.7 above its result 0.65
             caused by weakening /categories/cyber/evaluations/ctf/trigger/value
```
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from prepctl.core import address
from prepctl.core.diff import Change, DiffResult
from prepctl.reporters.diff.summary import plural

if TYPE_CHECKING:
    from prepctl.core.assess.revision import Change as Cause
    from prepctl.core.assess.revision import Shift

LOWERED = "lowered"
CHANGED = "changed"


def title(result: DiffResult) -> str:
    """``Past determinations HEAD changes: 3 (2 lowered)``."""
    shifts = result.determinations
    lowered = sum(1 for shift in shifts if shift.lowered)
    return f"Past determinations HEAD changes: {len(shifts)}" + (
        f" ({lowered} lowered)" if lowered else ""
    )


def lowering(result: DiffResult, change: Change) -> list[Shift]:
    """The lowered determinations a change causes."""
    return [shift for shift in result.determinations if shift.lowered and change in shift.causes]


def cause(change: Cause) -> str:
    """A cause in words: its impact, its address and whether a change record covers it."""
    said = f"{change.impact.value} {address.display(change.address)}"
    if change.justified_by is not None:
        return f"{said} (justified by {change.justified_by})"
    if change.unjustified_weakening:
        return f"{said} (no change record)"
    return said


def explain(shift: Shift) -> list[str]:
    """The lines under a determination: why it moved, then what in the diff moves it."""
    lines = list(shift.reasons)
    lines += [f"caused by {cause(change)}" for change in shift.causes]
    if not shift.causes:
        lines.append("no classified change sits at the addresses this determination reads")
    return lines


def table(result: DiffResult, text: Callable[[str], str]) -> list[str]:
    """The Markdown section's opening: a heading that says what a lowered determination
    means, and the table's header."""
    return [
        "",
        f"**{text(title(result))}**: each assessment in the repository determined under BASE "
        "and under HEAD, with the same results. A lowered determination is evidence of a "
        "weakening, shown with the changes that cause it.",
        "",
        "| | determination | why | caused by |",
        "|---|---|---|---|",
    ]


def rows(
    result: DiffResult, text: Callable[[str], str], code: Callable[[str], str]
) -> list[tuple[Shift, str]]:
    """One Markdown table row a determination, with the determination it shows."""
    found: list[tuple[Shift, str]] = []
    for shift in result.determinations:
        mark = f"🔻 {LOWERED}" if shift.lowered else CHANGED
        why = "<br>".join(text(reason) for reason in shift.reasons)
        causes = "<br>".join(
            f"{code(address.display(change.address))}{_record(change, code)}"
            for change in shift.causes
        )
        found.append((shift, f"| {mark} | {text(shift.headline())} | {why} | {causes or '—'} |"))
    return found


def _record(change: Cause, code: Callable[[str], str]) -> str:
    if change.justified_by is not None:
        return f" ({change.impact.value}, justified by {code(change.justified_by)})"
    if change.unjustified_weakening:
        return f" ({change.impact.value}, **no change record**)"
    return f" ({change.impact.value})"


def lowers(result: DiffResult, change: Change) -> str:
    """The note on a change's row when it lowers past determinations."""
    count = len(lowering(result, change))
    return f" — **lowers {plural(count, 'past determination')}**" if count else ""
