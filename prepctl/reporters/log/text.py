"""The history for people at a terminal: newest commit first, each change with its impact and
the change record that justified it.

```
2026-03-02  a1b2c3d  J. Author
  ▼ weakening      removed   /categories/cyber/thresholds/high/safeguards/usage-monitoring
                             removed from safeguards (more is stricter)
                             justified by 2026-03-cyber (approved: safety-board on 2026-03-01)
                             rationale: Replaced by the classifier, which catches more misuse.
```
"""

from __future__ import annotations

import textwrap
from typing import TextIO

from prepctl.core import address
from prepctl.core.assess.history import AssessmentLog
from prepctl.core.changelog import RecordNote
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, Kind
from prepctl.core.history import Entry, Log
from prepctl.reporters.diff.summary import ORDER, plural
from prepctl.reporters.diff.text import INDENT, heading
from prepctl.terminal import paint, safe, safe_line

_WIDTH = 100
NOT_JUSTIFIED = "NOT JUSTIFIED: no change record in this commit covers it"


def report(log: Log | AssessmentLog, stream: TextIO, color: bool) -> None:
    """Nothing at all for an empty history: the command says so on stderr."""
    if isinstance(log, AssessmentLog):
        from prepctl.reporters.log import assessment_text

        assessment_text.report(log, stream, color)
        return
    if not log.entries:
        return
    for entry in log.entries:
        stream.write(_entry(log, entry, color))
    stream.write("\n" + summary(log) + "\n")


def _entry(log: Log, entry: Entry, color: bool) -> str:
    step = entry.step
    lines = [f"{step.date[:10]}  {paint(step.short, 'yellow', color)}  {safe_line(step.author)}"]
    if step.created and log.address == address.ROOT:
        lines.append(f"  + framework created ({_created(entry.changes)})")
    else:
        for note in entry.reviews:
            lines.extend(_review(note, color))
        notes = {note.id: note for note in entry.records}
        shown: set[str] = set()
        for change in entry.changes:
            lines.extend(_change(change, notes, shown, color))
    if entry.followed is not None:
        earlier = safe_line(address.display(entry.followed))
        lines.append(f"{INDENT}earlier history is under {earlier}")
    return "".join(line + "\n" for line in lines)


def _created(changes: tuple[Change, ...]) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        segments = address.split(change.address)
        if change.kind is Kind.ADDED and len(segments) == 2:
            counts[segments[0]] = counts.get(segments[0], 0) + 1
    parts = [f"{safe_line(key)}: {count}" for key, count in sorted(counts.items())]
    return ", ".join(parts) if parts else plural(len(changes), "change")


def _change(
    change: Change, notes: dict[str, RecordNote], shown: set[str], color: bool
) -> list[str]:
    lines = heading(change, color)
    record = change.justified_by
    if record is not None:
        note = notes.get(record)
        if note is None or record in shown:
            lines.append(f"{INDENT}justified by {safe_line(record)} (see above)")
        else:
            shown.add(record)
            lines.extend(_justification(note))
    elif change.impact is Impact.WEAKENING:
        lines.append(INDENT + paint(NOT_JUSTIFIED, "red", color))
    return lines


def _justification(note: RecordNote) -> list[str]:
    approved = ""
    if note.approved_by:
        approved = f" (approved: {', '.join(note.approved_by)}"
        approved += f" on {note.approved_on})" if note.approved_on else ")"
    lines = [f"{INDENT}justified by {safe_line(note.id)}{safe_line(approved)}"]
    if note.rationale:
        lines.extend(
            textwrap.wrap(
                safe(f"rationale: {note.rationale}"),
                width=_WIDTH,
                initial_indent=INDENT,
                subsequent_indent=INDENT + "  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return lines


def _review(note: RecordNote, color: bool) -> list[str]:
    """'  ✓ reviewed  / by safety-board on 2027-09-10, nothing changed (review-2027-09-10)'."""
    covers = ", ".join(address.display(covered) for covered in note.covers)
    held = f" by {', '.join(note.approved_by)}" if note.approved_by else ""
    held += f" on {note.approved_on}" if note.approved_on else ""
    mark = paint("✓ reviewed", "green", color)
    lines = [
        f"  {mark}  {safe_line(covers)}{safe_line(held)}, nothing changed ({safe_line(note.id)})"
    ]
    if note.rationale:
        lines.extend(
            textwrap.wrap(
                safe(f"note: {note.rationale}"),
                width=_WIDTH,
                initial_indent=INDENT,
                subsequent_indent=INDENT + "  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return lines


def summary(log: Log) -> str:
    """'3 commits changed /categories/cyber: 4 changes (1 weakening, 3 strengthening)'; the
    commit that created the framework counts as one commit, not as its many additions."""
    what = "the framework" if log.address == address.ROOT else address.display(log.address)
    within = f" in {log.revision_range}" if log.revision_range else ""
    if not log.entries:
        return safe_line(f"no history for {what}{within}")
    whole = log.address == address.ROOT
    changes = [
        change
        for entry in log.entries
        if not (whole and entry.step.created)
        for change in entry.changes
    ]
    counts = []
    for impact in ORDER:
        count = sum(1 for change in changes if change.impact is impact)
        if not count:
            continue
        part = f"{count} {impact.value}"
        unjustified = sum(1 for c in changes if c.impact is impact and c.unjustified_weakening)
        if unjustified:
            part += f" ({unjustified} unjustified)"
        counts.append(part)
    created = next((e.step.short for e in log.entries if whole and e.step.created), None)
    origin = f", created in {created}" if created else ""
    detail = f" ({', '.join(counts)})" if counts else ""
    reviews = sum(len(entry.reviews) for entry in log.entries)
    reviewed = f", {plural(reviews, 'review')}" if reviews else ""
    return safe_line(
        f"{plural(len(log.entries), 'commit')} changed {what}{within}{origin}: "
        f"{plural(len(changes), 'change')}{detail}{reviewed}"
    )
