"""The diff as a pull-request comment: the headline problem, counts, a table per category and
every change in a collapsible section.

Framework text is escaped so that it can neither break a table (``|``), nor format, link,
mention people (``@``) or refer to issues (``#12``), nor inject HTML; control characters and
bidirectional overrides are shown as escapes (``\\x1b``), as on a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TextIO

from prepctl.core import address
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Kind
from prepctl.errors import PrepctlError
from prepctl.reporters.diff import determinations
from prepctl.reporters.diff.summary import ORDER, exit_reason, groups, lineage, plural
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


GITHUB_COMMENT_LIMIT = 65_536
"""The most characters GitHub takes in a pull-request comment ("Body is too long (maximum is
65536 characters)"). Characters are counted as code points: reports of GitHub refusing
comments put the limit at 65,536 code points or at 262,144 UTF-8 bytes, and a body of at most
65,536 code points is within both."""


@dataclass
class _Block:
    """Lines of the report that stand or fall together: an opening (a heading, a table's
    header), rows that can be left out one by one, and a closing (``</details>``)."""

    opening: list[str]
    rows: list[tuple[int, str]] = field(default_factory=list)
    """(rank, line): the lower the rank, the longer a row is kept when the report is cut."""
    closing: list[str] = field(default_factory=list)
    mandatory: bool = False


_RANK = {  # which rows a cut report keeps longest
    "material": 0,
    "lowered": 1,
    "unjustified": 2,
    Impact.WEAKENING: 3,
    Impact.NEEDS_REVIEW: 4,
    "changed": 5,
    Impact.STRENGTHENING: 6,
    "all": 7,
}


def report(
    result: DiffResult,
    stream: TextIO,
    color: bool,
    *,
    max_chars: int = GITHUB_COMMENT_LIMIT,
    full_report: str | None = None,
) -> None:
    """The report, summary first; when it is longer than ``max_chars`` (0: no limit), the
    rows that matter least are left out until it fits, and a closing note says what is missing
    and where the whole report is (``full_report``, a URL)."""
    blocks = _blocks(result)
    whole = _text(blocks, None)
    if not max_chars or len(whole) <= max_chars:
        stream.write(whole)
        return
    stream.write(_cut(blocks, len(whole), max_chars, full_report))


def _blocks(result: DiffResult) -> list[_Block]:
    head = [f"### Preparedness framework: {headline(result)}", ""]
    head.append(
        f"{code(result.base.label)} → {code(result.head.label)} · "
        f"{plural(len(result.changes), 'change')} · {exit_reason(result)}"
    )
    if result.changes:
        head += ["", "| impact | count |", "|---|---|"]
        for impact in ORDER:
            count = result.count(impact)
            if not count:
                continue
            note = ""
            if impact is Impact.WEAKENING and result.unjustified:
                note = f" ({len(result.unjustified)} without a change record)"
            head.append(f"| {ICONS[impact]} {_NAMES[impact]} | {count}{note} |")
    blocks = [_Block(head, mandatory=True), *_lineage(result), *_material(result)]
    if result.determinations:
        rows = [
            (_RANK["lowered" if shift.lowered else "changed"], row)
            for shift, row in determinations.rows(result, text, code)
        ]
        blocks.append(_Block(determinations.table(result, text), rows))
    for group, found in groups(result):
        tabled = [change for change in found if change.impact in _TABLED]
        if not tabled:
            continue
        opening = [
            "",
            f"**{text(result.title(group))}**",
            "",
            "| | change | address |",
            "|---|---|---|",
        ]
        rows = [
            (
                _rank(change),
                f"| {ICONS[change.impact]} | {text(change.detail)}{_justification(change)}"
                f"{determinations.lowers(result, change)} "
                f"| {code(address.display(change.address))} |",
            )
            for change in tabled
        ]
        blocks.append(_Block(opening, rows))
    if result.changes:
        blocks.append(
            _Block(
                ["", _all(len(result.changes), len(result.changes)), "", *_ALL_HEADER],
                [(_RANK["all"], _row(change)) for change in result.changes],
                ["", "</details>"],
            )
        )
    return blocks


_ALL_HEADER = [
    "| impact | kind | address | change | where | change record |",
    "|---|---|---|---|---|---|",
]


def _rank(change: Change) -> int:
    if change.impact is Impact.WEAKENING and change.justified_by is None:
        return _RANK["unjustified"]
    return _RANK[change.impact]


def _text(blocks: list[_Block], kept: set[tuple[int, int]] | None) -> str:
    """The blocks as Markdown, with every row when ``kept`` is None, else only the rows whose
    (block, row) index it holds; a block left with no row is left out whole."""
    lines: list[str] = []
    for number, block in enumerate(blocks):
        rows = [
            line
            for index, (_, line) in enumerate(block.rows)
            if kept is None or (number, index) in kept
        ]
        if rows or block.mandatory or (kept is None and not block.rows):
            lines += block.opening + rows + block.closing
    return "\n".join(lines) + "\n"


def _cost(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _cut(blocks: list[_Block], whole: int, limit: int, full_report: str | None) -> str:
    """The report within ``limit`` characters. Rows are kept from the lowest rank up, and in
    the order they stand within a rank; the first row that does not fit ends the choosing, so
    no row is shown while a row that matters more is left out. A block is never split below
    its opening: a table keeps its header, a <details> its closing tag."""
    totals = _totals(blocks)
    listing = next((b for b in blocks if b.rows and b.rows[0][0] == _RANK["all"]), None)
    if listing is not None:  # the longest the summary of a cut list can be
        listing.opening[1] = _all(totals["all"], totals["all"], cut=True)
    nothing = dict.fromkeys(totals, 0)
    reserve = _cost(_notice(nothing, totals, whole, limit, full_report))
    budget = limit - reserve - sum(_cost(b.opening + b.closing) for b in blocks if b.mandatory)
    if budget < 0:
        raise PrepctlError(
            f"--max-chars {limit} leaves no room for the report's summary and its note "
            f"(it needs at least {limit - budget:,} characters)"
        )
    order = sorted(
        (rank, number, index)
        for number, block in enumerate(blocks)
        for index, (rank, _) in enumerate(block.rows)
    )
    kept: set[tuple[int, int]] = set()
    opened: set[int] = set()
    for _, number, index in order:
        block = blocks[number]
        cost = len(block.rows[index][1]) + 1
        if number not in opened and not block.mandatory:
            cost += _cost(block.opening + block.closing)
        if cost > budget:
            break
        budget -= cost
        kept.add((number, index))
        opened.add(number)
    shown = _totals(blocks, kept)
    if listing is not None:
        listing.opening[1] = _all(shown["all"], totals["all"], cut=True)
    note = _notice(shown, totals, whole, limit, full_report)
    return _text(blocks, kept) + "\n".join(note) + "\n"


def _all(shown: int, total: int, *, cut: bool = False) -> str:
    """The summary line of the collapsible list of all changes."""
    if not cut:
        return f"<details><summary>All {plural(total, 'change')}</summary>"
    return f"<details><summary>{shown} of {plural(total, 'change')}</summary>"


_KINDS = {
    _RANK["material"]: "material",
    _RANK["lowered"]: "determinations",
    _RANK["changed"]: "determinations",
    _RANK["all"]: "all",
}


def _totals(blocks: list[_Block], kept: set[tuple[int, int]] | None = None) -> dict[str, int]:
    """Rows in the material section, the tables by category and the list of all changes."""
    found = {"material": 0, "determinations": 0, "tables": 0, "all": 0}
    for number, block in enumerate(blocks):
        for index, (rank, _) in enumerate(block.rows):
            if kept is not None and (number, index) not in kept:
                continue
            kind = _KINDS.get(rank, "tables")
            found[kind] += 1
    return found


def _notice(
    shown: dict[str, int], totals: dict[str, int], whole: int, limit: int, full_report: str | None
) -> list[str]:
    names = {
        "material": "lines about the material modification",
        "determinations": "rows of past determinations HEAD changes",
        "tables": "rows of the tables by category",
        "all": "rows of the list of all changes",
    }
    parts = [
        f"{totals[kind] - shown[kind]:,} of {totals[kind]:,} {name}"
        for kind, name in names.items()
        if totals[kind] - shown[kind]
    ]
    if full_report is not None and is_link(full_report):
        pointer = f"The whole report: <{full_report}>"
    else:
        pointer = "`prepctl diff` with `-f markdown --max-chars 0` writes the whole report."
    return [
        "",
        "---",
        "",
        f"**This report is cut short** to {limit:,} characters (a pull-request comment on "
        f"GitHub holds at most {GITHUB_COMMENT_LIMIT:,}); the whole report has {whole:,}. "
        f"Left out, least important first: {'; '.join(parts)}. {pointer}",
    ]


_LINK = re.compile(r"https?://[!-;=?-~]+")  # printable ASCII but '<' and '>' (CommonMark)


def is_link(url: str) -> bool:
    """Whether ``url`` is a web address that stands as a Markdown autolink (``<url>``)."""
    return _LINK.fullmatch(url) is not None


def _lineage(result: DiffResult) -> list[_Block]:
    """Items that continue under another id, or went elsewhere, before the tables."""
    rows = []
    for kind, sources, targets in lineage(result):
        went = (
            text(targets[0])
            if kind is Kind.RELOCATED
            else ", ".join(code(address.display(target)) for target in targets)
        )
        came = ", ".join(code(address.display(source)) for source in sources)
        arrow = ":" if kind is Kind.RELOCATED else " →"
        rows.append((_RANK[Impact.WEAKENING], f"- {kind.value}: {came}{arrow} {went}"))
    return [_Block(["", "**Lineage**", ""], rows)] if rows else []


def _material(result: DiffResult) -> list[_Block]:
    """The material-modification section: each weakening's justification and what every
    claimed profile then requires."""
    material = result.material
    if material is None or not material.material:
        return []
    opening = [
        "",
        "**Material modification**: this update weakens or removes "
        f"{plural(len(material.weakenings), 'commitment')}.",
        "",
    ]
    bullets = [
        (
            _RANK["material"],
            f"- {code(address.display(weakening.address))}: {text(weakening.justification())}",
        )
        for weakening in material.weakenings
    ]
    blocks = [_Block(opening, bullets)]
    if material.obligations:
        obligations = []
        for obligation in material.obligations:
            due = code(obligation.due) if obligation.due else "—"
            obligations.append(
                (
                    _RANK["material"],
                    f"| {code(obligation.profile)} | {text(obligation.text)} | {due} |",
                )
            )
        blocks.append(_Block(["", "| profile | requires | due |", "|---|---|---|"], obligations))
    return blocks


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
