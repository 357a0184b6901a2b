"""The diff as a pull-request comment: the headline problem, counts, a table per category and
every change in a collapsible section.

Framework text is escaped so that it can neither break a table (``|``), nor format, link,
mention people (``@``) or refer to issues (``#12``), nor inject HTML; control characters and
bidirectional overrides are shown as escapes (``\\x1b``), as on a terminal.
"""

from __future__ import annotations

import re
from typing import TextIO

from prepctl import address
from prepctl.classify import Impact
from prepctl.diff import Change, DiffResult
from prepctl.reporters.diff.summary import ORDER, exit_reason, groups, plural
from prepctl.terminal import safe

ICONS = {
    Impact.WEAKENING: "🔻",
    Impact.NEEDS_REVIEW: "❓",
    Impact.STRENGTHENING: "🔺",
    Impact.EDITORIAL: "✏️",
    Impact.NEUTRAL: "⚪",
}
_NAMES = {impact: impact.value.replace("-", " ") for impact in Impact}
_TABLED = (Impact.WEAKENING, Impact.NEEDS_REVIEW, Impact.STRENGTHENING)
"""Impacts listed in the per-category tables; editorial and neutral changes only in the full
list."""

_SPECIAL = re.compile(r"[\\`*_{}\[\]|~]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;", "#": "&#35;"}


def text(value: str) -> str:
    """Framework text made inert inside a Markdown table cell."""
    flat = " ".join(safe(value).split())
    flat = "".join(_ENTITIES.get(char, char) for char in flat)
    return _SPECIAL.sub(lambda m: "\\" + m.group(), flat)


def code(value: str) -> str:
    """A code span that survives a table cell, whatever the value holds: its fence is a run of
    backticks longer than any inside, so that nothing inside can close it early."""
    flat = " ".join(safe(value).split()).replace("|", "\\|")
    fence = "`" * (max(map(len, re.findall("`+", flat)), default=0) + 1)
    pad = " " if "`" in flat else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def headline(result: DiffResult) -> str:
    weakening = result.count(Impact.WEAKENING)
    review = result.count(Impact.NEEDS_REVIEW)
    if result.unjustified:
        return plural(len(result.unjustified), "unjustified weakening")
    if weakening:
        return f"{plural(weakening, 'weakening')}, each with a change record"
    if review:
        return f"{plural(review, 'change')} to review, no weakening"
    if result.changes:
        return f"no weakening ({plural(len(result.changes), 'change')})"
    return "no changes"


def report(result: DiffResult, stream: TextIO, color: bool) -> None:
    out: list[str] = [f"### Preparedness framework: {headline(result)}", ""]
    out.append(
        f"{code(result.base.label)} → {code(result.head.label)} · "
        f"{plural(len(result.changes), 'change')} · {exit_reason(result)}"
    )
    if result.changes:
        out += ["", "| impact | count |", "|---|---|"]
        for impact in ORDER:
            count = result.count(impact)
            if not count:
                continue
            note = ""
            if impact is Impact.WEAKENING and result.unjustified:
                note = f" ({len(result.unjustified)} without a change record)"
            out.append(f"| {ICONS[impact]} {_NAMES[impact]} | {count}{note} |")
        for group, found in groups(result):
            tabled = [change for change in found if change.impact in _TABLED]
            if not tabled:
                continue
            out += ["", f"**{text(result.title(group))}**", "", "| | change | address |"]
            out.append("|---|---|---|")
            for change in tabled:
                out.append(
                    f"| {ICONS[change.impact]} | {text(change.detail)}{_justification(change)} "
                    f"| {code(address.display(change.address))} |"
                )
        out += [
            "",
            f"<details><summary>All {plural(len(result.changes), 'change')}</summary>",
            "",
            "| impact | kind | address | change | where | change record |",
            "|---|---|---|---|---|---|",
        ]
        out.extend(_row(change) for change in result.changes)
        out += ["", "</details>"]
    out += _material(result)
    stream.write("\n".join(out) + "\n")


def _material(result: DiffResult) -> list[str]:
    """The material-modification section: each weakening's justification and what every
    claimed profile then requires."""
    material = result.material
    if material is None or not material.material:
        return []
    out = [
        "",
        "**Material modification**: this update weakens or removes "
        f"{plural(len(material.weakenings), 'commitment')}.",
        "",
    ]
    for weakening in material.weakenings:
        out.append(
            f"- {code(address.display(weakening.address))}: {text(weakening.justification())}"
        )
    if material.obligations:
        out += ["", "| profile | requires | due |", "|---|---|---|"]
        for obligation in material.obligations:
            due = code(obligation.due) if obligation.due else "—"
            out.append(f"| {code(obligation.profile)} | {text(obligation.text)} | {due} |")
    return out


def _justification(change: Change) -> str:
    if change.justified_by is not None:
        return f" — justified by {code(change.justified_by)}"
    if change.impact is Impact.WEAKENING:
        return " — **no change record**"
    return ""


def _row(change: Change) -> str:
    where = code(str(change.location)) if change.location else ""
    if change.justified_by is not None:
        record = code(change.justified_by)
    else:
        record = "**none**" if change.impact is Impact.WEAKENING else ""
    return (
        f"| {ICONS[change.impact]} {_NAMES[change.impact]} | {change.kind.value} "
        f"| {code(address.display(change.address))} | {text(change.detail)} | {where} "
        f"| {record} |"
    )
