"""The history of an assessment for people at a terminal: newest commit first, each change in
words, named by what it is about.

```
2026-01-03  c3c3c3c  J. Author
  decision: outcome hold → proceed
  decision: rationale reworded
2026-01-02  b2b2b2b  J. Author
  /categories/cybersecurity/evaluations/professional-ctf: value 0.58 → 0.64
  /safeguards/usage-monitoring: in-progress → implemented
2026-01-01  a1a1a1a  J. Author
  + assessment recorded (meridian-atlas-3: 9 results, 9 safeguard statuses; decision ...)
```
"""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core.assess.history import (
    DELETED,
    READABLE,
    RECORDED,
    UNREADABLE,
    AssessmentLog,
    Change,
    FileEntry,
)
from prepctl.reporters.diff.summary import plural
from prepctl.terminal import paint, safe_line

_LABELS = {"decided-by": "deciding body", "framework": "framework version"}
"""Fields shown in other words than their key."""
_STATUS = "status"
"""A safeguard's status is shown as the change itself: 'in-progress → implemented'."""


def report(log: AssessmentLog, stream: TextIO, color: bool) -> None:
    """Nothing at all for an empty history: the command says so on stderr."""
    if not log.entries:
        return
    for entry in log.entries:
        header = f"{entry.date[:10]}  {paint(entry.short, 'yellow', color)}  "
        lines = [header + safe_line(entry.author)]
        for file in entry.files:
            named = not log.single_file or file.earlier_file is not None
            if named:
                lines.append(f"  {safe_line(file.file)}")
            lines.extend(("    " if named else "  ") + line for line in _file(file))
        stream.write("".join(line + "\n" for line in lines))
    stream.write("\n" + summary(log) + "\n")


def _file(file: FileEntry) -> list[str]:
    if file.status == DELETED:
        return ["- assessment deleted"]
    lines = [f"renamed from {safe_line(file.earlier_file)}"] if file.earlier_file else []
    if file.status == RECORDED and not any(c.kind == UNREADABLE for c in file.changes):
        return [_recorded(change.after) for change in file.changes] or ["+ assessment recorded"]
    lines.extend(safe_line(words(change)) for change in file.changes)
    return lines or ["no change to what it records"]


def _recorded(counts: dict[str, Any]) -> str:
    results = plural(int(counts["results"]), "result")
    count = int(counts["safeguards"])
    statuses = f"{count} safeguard status{'' if count == 1 else 'es'}"
    return safe_line(
        f"+ assessment recorded ({counts['model']}: {results}, {statuses}; "
        f"decision: {counts['decision']})"
    )


def words(change: Change) -> str:
    """'/safeguards/usage-monitoring: in-progress → implemented', 'decision: rationale
    reworded', 'framework version 1.0.0 → 1.1.0'."""
    where = f"{change.subject}: " if change.subject else ""
    field = _LABELS.get(change.field, change.field)
    if change.kind == UNREADABLE:
        return f"! this version is no assessment: {change.after}"
    if change.kind == READABLE:
        return "an assessment again (the version before was not one)"
    if not change.field:
        if change.kind == "added":
            return f"{where}added ({_item(change.after)})"
        return f"{where}removed (was {_item(change.before)})"
    if change.kind == "changed" and change.field == _STATUS:
        return f"{where}{change.before} → {change.after}"
    said = {
        "changed": f"{field} {change.before} → {change.after}",
        "reworded": f"{field} reworded",
        "added": f"{field} added ({change.after})",
        "removed": f"{field} removed (was {change.before})",
        "included": f"{field} now include {change.after}",
        "excluded": f"{field} no longer include {change.before}",
    }[change.kind]
    return where + said


def _item(values: dict[str, Any]) -> str:
    """A result or a safeguard status in a few words: '0.64 ± 0.03', 'implemented'."""
    if "value" in values:
        shown = str(values["value"])
        if "uncertainty" in values:
            shown += f" ± {values['uncertainty']}"
        return shown
    return str(values.get(_STATUS, ", ".join(f"{k} {v}" for k, v in values.items())))


def summary(log: AssessmentLog) -> str:
    """'3 commits changed assessments/m/2026-11-20.yaml: 5 changes'."""
    within = f" in {log.revision_range}" if log.revision_range else ""
    # A file recorded, deleted or only renamed counts as one change.
    changes = sum(max(1, len(file.changes)) for entry in log.entries for file in entry.files)
    files = {file.file for entry in log.entries for file in entry.files}
    across = "" if log.single_file else f" in {plural(len(files), 'file')}"
    return safe_line(
        f"{plural(len(log.entries), 'commit')} changed {log.path}{within}: "
        f"{plural(changes, 'change')}{across}"
    )
