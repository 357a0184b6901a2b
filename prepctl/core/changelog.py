"""The framework's changelog, derived from what changed and why, never from commit messages.

A section of ``framework/CHANGELOG.md`` (Keep a Changelog: ``## [2.0.0] - 2026-12-01``) lists
every change of the semantic diff between two versions, grouped by category (the framework
itself first) and, within a category, by impact, weakening first. Each entry names the address
and the change, and the change record that justifies it with its rationale and approvers. Records
that justify no listed change are listed after the groups, so that every folded record appears.
``prepctl release`` writes the section into the file, ``prepctl changelog`` prints it, and the
``version-bump`` lint rule checks that a new version has one (the EU Code of Practice asks for a
changelog, a version number and a date with every update of a framework, Measure 1.3).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from prepctl.core import address, changes, meaning, source
from prepctl.core.changes import ChangeRecord
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Kind
from prepctl.core.document import Document
from prepctl.terminal import safe

NAME = source.CHANGELOG

IMPACT_ORDER = (
    Impact.WEAKENING,
    Impact.NEEDS_REVIEW,
    Impact.STRENGTHENING,
    Impact.EDITORIAL,
    Impact.NEUTRAL,
)
_HEADINGS = {
    Impact.WEAKENING: "Weakening",
    Impact.NEEDS_REVIEW: "Needs review",
    Impact.STRENGTHENING: "Strengthening",
    Impact.EDITORIAL: "Editorial",
    Impact.NEUTRAL: "Neutral",
}

HEADER = """\
# Changelog

All notable changes to this framework, newest first. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/) and the versions follow
[Semantic Versioning](https://semver.org/spec/v2.0.0.html): a change that weakens the framework
makes a major version, a new or stronger commitment a minor one, and wording a patch. Each section
is written by `prepctl release` from the semantic diff and the change records.
"""


@dataclass(frozen=True)
class RecordNote:
    """A change record as a reader of a changelog or a history needs it."""

    id: str
    title: str
    file: str | None
    covers: tuple[str, ...]
    approved_by: tuple[str, ...]
    approved_on: str | None
    effective: str | None
    rationale: str
    kind: str = "change"

    @property
    def review(self) -> bool:
        """Whether the record is a review that changed nothing (it justifies no change)."""
        return self.kind == changes.REVIEW

    def concerns(self, where: str) -> bool:
        """Whether the record covers ``where``, or something inside it."""
        return any(
            address.is_within(where, covered) or address.is_within(covered, where)
            for covered in self.covers
        )


def note_of(doc: Document, record: ChangeRecord) -> RecordNote:
    """The record's rationale, approval and dates, read from the version that holds it."""
    data = doc.get(address.join(address.join(address.ROOT, changes.collection_key()), record.id))
    data = data if isinstance(data, dict) else {}
    return RecordNote(
        id=record.id,
        title=record.title,
        file=record.file,
        covers=record.covers,
        approved_by=record.approved_by,
        approved_on=_text(data.get("approved-on")),
        effective=_text(data.get("effective")),
        rationale=" ".join(str(data.get("rationale") or "").split()),
        kind=record.kind,
    )


def notes_of(
    doc: Document, records: Iterable[ChangeRecord], used: set[str | None]
) -> tuple[RecordNote, ...]:
    """The notes of the records that justify a change (their ids in ``used``), and of every
    record that justifies none (a review), as a history shows them."""
    return tuple(
        note_of(doc, record) for record in records if record.id in used or not record.justifies
    )


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def content_changes(result: DiffResult) -> list[Change]:
    """The changes a changelog lists: all but the release's own version and date."""
    release = set(meaning.release_fields().values())
    return [change for change in result.changes if change.address not in release]


@dataclass(frozen=True)
class Section:
    """What one changelog section describes."""

    heading: str
    """``[2.0.0] - 2026-12-01`` or ``[Unreleased]``."""
    intro: str
    result: DiffResult | None
    """The diff from the previous version; None for a first release, which lists no diff."""
    notes: tuple[RecordNote, ...]
    """The change records new in this version."""


def heading(version: str | None, date: str | None) -> str:
    if version is None:
        return "[Unreleased]"
    return f"[{version}] - {date}" if date else f"[{version}]"


def render(section: Section) -> str:
    """The Markdown of one section, from its ``##`` heading to a final newline."""
    out = [f"## {section.heading}", "", _wrap(section.intro)]
    written: set[str] = set()
    notes = {note.id: note for note in section.notes}
    if section.result is not None:
        result = section.result
        groups: dict[str, list[Change]] = {}
        for change in content_changes(result):
            groups.setdefault(result.group(change), []).append(change)
        for group in sorted(groups):
            out += ["", f"### {_inline(result.title(group))}"]
            for impact in IMPACT_ORDER:
                found = [change for change in groups[group] if change.impact is impact]
                if not found:
                    continue
                out += ["", f"#### {_HEADINGS[impact]}", ""]
                for change in found:
                    out.extend(_entry(change, notes, written))
    rest = [note for note in section.notes if note.id not in written and not note.review]
    if rest:
        title = "Change records" if section.result is None else "Other change records"
        out += ["", f"### {title}", ""]
        for note in rest:
            out.extend(_wrap_item(f"- {_record(note)}"))
    reviews = [note for note in section.notes if note.review]
    if reviews:
        out += ["", "### Reviews", ""]
        for note in reviews:
            out.extend(_wrap_item(f"- {review_text(note, _inline, _code)}"))
    return "\n".join(out).rstrip("\n") + "\n"


def review_text(
    note: RecordNote,
    inline: Callable[[str], str] = str,
    code: Callable[[str], str] = str,
) -> str:
    """'Review 2027-09-review (*Yearly review*) of the whole framework by safety-board on
    2027-09-10: what it found.' (The section a review is listed in says it changed nothing.)"""
    scope = (
        "the whole framework"
        if any(address.display(c) == "/" for c in note.covers) or not note.covers
        else ", ".join(code(c) for c in note.covers)
    )
    held = f" by {', '.join(inline(body) for body in note.approved_by)}" if note.approved_by else ""
    held += f" on {note.approved_on}" if note.approved_on else ""
    found = f": {inline(note.rationale)}" if note.rationale else "."
    return f"Review {code(note.id)} (*{inline(note.title)}*) of {scope}{held}{found}"


def _entry(change: Change, notes: dict[str, RecordNote], written: set[str]) -> list[str]:
    where = _code(address.display(change.address))
    moved = ""
    if change.kind is Kind.MOVED and change.base_address:
        moved = f" (from {_code(change.base_address)})"
    lines = _wrap_item(f"- {where} {change.kind.value}{moved}: {_inline(change.detail)}.")
    record = change.justified_by
    if record is not None and record in notes:
        if record in written:
            lines += _wrap_item(f"  Change record {_code(record)}, above.", indent="  ")
        else:
            written.add(record)
            lines += _wrap_item(f"  {_record(notes[record])}", indent="  ")
    elif change.impact is Impact.WEAKENING:
        lines += ["  **No change record** justifies this weakening."]
    return lines


def _record(note: RecordNote) -> str:
    approval = ""
    if note.approved_by:
        approval = f", approved by {', '.join(_inline(body) for body in note.approved_by)}"
        if note.approved_on:
            approval += f" on {note.approved_on}"
    effective = f"; effective {note.effective}" if note.effective else ""
    rationale = f": {_inline(note.rationale)}" if note.rationale else "."
    return (
        f"Change record {_code(note.id)} (*{_inline(note.title)}*{approval}{effective}){rationale}"
    )


_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _inline(text: str) -> str:
    """Framework text made inert in Markdown (no emphasis, links, HTML or code from it) and on
    a terminal (control characters and bidirectional overrides shown as escapes)."""
    return _SPECIAL.sub(r"\\\1", safe(" ".join(str(text).split())))


def _code(text: str) -> str:
    # A fence longer than any run of backticks inside: nothing inside can close the span.
    text = safe(" ".join(text.split()))
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, width=100, break_long_words=False, break_on_hyphens=False))


def _wrap_item(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(
        text,
        width=100,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [text]


# The file ---------------------------------------------------------------------------------


def _heading_pattern(version: str) -> re.Pattern[str]:
    return re.compile(rf"^##\s+\[?v?{re.escape(version)}\]?(?=[\s(\-\u2013\u2014]|$)")


def _headings(text: str) -> Iterable[tuple[int, str]]:
    """Each level-two heading line outside fenced code, with its index."""
    fence: str | None = None
    for index, line in enumerate(text.splitlines()):
        marker = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if marker:
            fence = None if fence and marker.group(1)[0] == fence[0] else fence or marker.group(1)
            continue
        if fence is None and line.startswith("## "):
            yield index, line


def section_text(text: str, version: str) -> str | None:
    """The body of the ``## [VERSION]`` section (empty when it has none), or None when the
    changelog has no such section."""
    lines = text.splitlines()
    pattern = _heading_pattern(version)
    indexes = [index for index, _ in _headings(text)]
    for index in indexes:
        if pattern.match(lines[index]):
            end = next((i for i in indexes if i > index), len(lines))
            return "\n".join(lines[index + 1 : end]).strip("\n")
    return None


def has_section(text: str, version: str) -> bool:
    """Whether a changelog has a ``## [VERSION]`` section."""
    return section_text(text, version) is not None


def insert(text: str | None, section: str) -> str:
    """The changelog with a new section above the newest release (below ``[Unreleased]``)."""
    if text is None or not text.strip():
        return f"{HEADER}\n{section}"
    lines = text.splitlines(keepends=True)
    unreleased = re.compile(r"^##\s+\[?unreleased\]?\s*$", re.IGNORECASE)
    position = len(lines)
    seen_unreleased = False
    for index, line in _headings(text):
        if unreleased.match(line) and not seen_unreleased:
            seen_unreleased = True
            continue
        position = index
        break
    before, after = "".join(lines[:position]), "".join(lines[position:])
    if before and not before.endswith("\n"):
        before += "\n"
    if before and not before.endswith("\n\n"):
        before += "\n"
    return before + section + ("\n" + after if after else "")
