"""A redline: one framework version rendered with every change from another marked in place.

The marks come from the semantic diff (:mod:`prepctl.core.diff`), never from comparing text: each
:class:`~prepctl.core.diff.Change` becomes one :class:`Mark` at its address, with its impact, the
change record that justified it (its title, rationale and approvers), and what a reader needs
to see it: the removed item's name and text, or a word-level diff of changed prose.

The formats render HEAD with their usual templates and a placement
(:class:`~prepctl.render.placement.Placement`) in the context as ``redline``. Where a template
shows a field or an item, the macros of ``redline.html.j2`` and ``redline.md.j2`` ask the
placement for the changes at that address, show them in place and
thereby *claim* them: changed prose as a word diff, a changed value as old → new, an added or
moved item wrapped as inserted, and the items BASE had in a list, struck through after the
nearest sibling that is still there (or first in the list). Whatever no template claimed (a
field the document does not show, a list the document leaves out) is listed under "Other
changes" at the end, so that no change is ever silently left out. Plain rendering passes an
empty placement: the templates then print exactly the plain document.

Every change is linked from the summary by its address: an added item carries that anchor
already; a removed item or a changed field gets it on its mark.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from prepctl.core import address, meaning
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Kind
from prepctl.core.document import Document, item_segments
from prepctl.render.placement import Placement
from prepctl.render.values import number, one_line
from prepctl.render.view import Framework, Link

SYMBOLS = {
    Impact.WEAKENING: "\u25bc",  # ▼
    Impact.NEEDS_REVIEW: "\u25c6",  # ◆
    Impact.STRENGTHENING: "\u25b2",  # ▲
    Impact.EDITORIAL: "\u270e",  # ✎
    Impact.NEUTRAL: "\u00b7",  # ·
}
ORDER = (
    Impact.WEAKENING,
    Impact.NEEDS_REVIEW,
    Impact.STRENGTHENING,
    Impact.EDITORIAL,
    Impact.NEUTRAL,
)
"""Impacts from the one a reader must see first to the one that matters least."""

# The field that names an item, and the one that says what it is, in the order tried.
_NAME_KEYS = ("name", "term", "title")
_TEXT_KEYS = (
    "capability",
    "measures",
    "summary",
    "text",
    "meaning",
    "description",
    "when",
    "estimate",
)


@dataclass(frozen=True)
class Justification:
    """The change record that justified a change, as the redline shows it."""

    id: str
    title: str
    rationale: str
    approved_by: list[Link]
    target: str | None  # the record's anchor in the document, when it has one


@dataclass(frozen=True)
class Word:
    """A run of words of a word-level diff: ``same``, ``deleted`` or ``inserted``."""

    kind: str
    text: str


@dataclass(frozen=True)
class Mark:
    """One change as the redline shows it."""

    address: str
    base_address: str | None
    kind: str  # added, removed, modified, moved
    impact: str  # the Impact's value
    label: str  # the impact in words: "needs review"
    symbol: str
    detail: str
    record: Justification | None
    unjustified: bool
    what: str  # what changed, in words: "evaluation", "required safeguard", "capability"
    title: str  # the name of the item added or removed ('' for a field)
    before: Any  # the values as the framework holds them
    after: Any
    before_text: str  # the same, as one line of plain text
    after_text: str
    words: list[Word]  # a word diff, when text changed into text
    # Where a removed list item stood: its list, and the sibling it followed (None: first).
    slot: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class Count:
    impact: str
    label: str
    symbol: str
    count: int


@dataclass(frozen=True)
class Redline:
    """Every change between two versions, ready to be marked in HEAD's document."""

    base_label: str
    head_label: str
    base_version: str
    head_version: str
    marks: list[Mark]
    counts: list[Count]
    unjustified: int
    records: list[Justification] = field(default_factory=list)


def empty(view: Framework) -> Placement:
    """The placement of a plain rendering: no redline, nothing marked."""
    return Placement(None, view.anchors)


# -- building the redline ---------------------------------------------------------------------


def build(result: DiffResult, base: Document, head: Document) -> Redline:
    """The redline of a diff; ``base`` and ``head`` are the documents it compared."""
    bodies = _bodies(head)
    records = {record.id: _justification(record.id, head, bodies) for record in result.records}
    marks = [_mark(change, base, head, records) for change in result.changes]
    counts = [
        Count(impact.value, _label(impact), SYMBOLS[impact], result.count(impact))
        for impact in ORDER
        if result.count(impact)
    ]
    used = sorted({mark.record.id for mark in marks if mark.record is not None})
    return Redline(
        base_label=result.base.label,
        head_label=result.head.label,
        base_version=one_line(base.data.get("version", "")),
        head_version=one_line(head.data.get("version", "")),
        marks=marks,
        counts=counts,
        unjustified=len(result.unjustified),
        records=[records[record_id] for record_id in used],
    )


def placement(redline: Redline, view: Framework) -> Placement:
    return Placement(redline, view.anchors)


def _label(impact: Impact) -> str:
    return impact.value.replace("-", " ")


def _bodies(doc: Document) -> dict[str, Link]:
    governance = doc.data.get("governance")
    bodies = governance.get("bodies") if isinstance(governance, dict) else None
    found: dict[str, Link] = {}
    if isinstance(bodies, list):
        for body in bodies:
            if isinstance(body, dict) and isinstance(body.get("id"), str):
                where = address.join("/governance/bodies", body["id"])
                found[body["id"]] = Link(one_line(body.get("name") or body["id"]), where)
    return found


def _justification(record_id: str, head: Document, bodies: dict[str, Link]) -> Justification:
    from prepctl.core import changes

    where = address.join(address.join(address.ROOT, changes.collection_key()), record_id)
    data = head.get(where)
    data = data if isinstance(data, dict) else {}
    approvers = data.get("approved-by")
    return Justification(
        id=record_id,
        title=one_line(data.get("title") or record_id),
        rationale=one_line(data.get("rationale") or ""),
        approved_by=[
            bodies.get(str(body), Link(str(body)))
            for body in (approvers if isinstance(approvers, list) else [])
        ],
        target=where,
    )


def _mark(
    change: Change, base: Document, head: Document, records: dict[str, Justification]
) -> Mark:
    removed = change.kind is Kind.REMOVED
    place = change.base_address or change.address if removed else change.address
    doc = base if removed else head
    record = records.get(change.justified_by) if change.justified_by is not None else None
    before_text = _describe(change.before, place, base) if change.before is not None else ""
    after_text = _describe(change.after, change.address, head) if change.after is not None else ""
    words: list[Word] = []
    if (
        change.kind is Kind.MODIFIED
        and isinstance(change.before, str)
        and isinstance(change.after, str)
    ):
        words = word_diff(change.before, change.after)
    value = change.before if removed else change.after
    return Mark(
        address=change.address,
        base_address=change.base_address,
        kind=change.kind.value,
        impact=change.impact.value,
        label=_label(change.impact),
        symbol=SYMBOLS[change.impact],
        detail=change.detail,
        record=record,
        unjustified=change.unjustified_weakening,
        what=_what(place, doc),
        title=_title(value, place, doc) if change.kind is not Kind.MODIFIED else "",
        before=change.before,
        after=change.after,
        before_text=before_text,
        after_text=after_text,
        words=words,
        slot=_slot(place, base, head) if removed else None,
    )


def word_diff(before: str, after: str) -> list[Word]:
    """The words of ``before`` and ``after`` as runs kept, deleted and inserted (whitespace
    is not compared: line breaks of folded YAML prose are not changes)."""
    old, new = before.split(), after.split()
    runs: list[Word] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            runs.append(Word("same", " ".join(old[old_start:old_end])))
            continue
        if operation in ("delete", "replace"):
            runs.append(Word("deleted", " ".join(old[old_start:old_end])))
        if operation in ("insert", "replace"):
            runs.append(Word("inserted", " ".join(new[new_start:new_end])))
    return runs


# -- naming what changed ---------------------------------------------------------------------


def _walk(doc: Document, where: str) -> tuple[Any, meaning.SchemaNode | None]:
    """The value at an address and the schema node that governs it."""
    value: Any = doc.data
    node: meaning.SchemaNode | None = meaning.root()
    for segment in address.split(where):
        if isinstance(value, dict):
            value = value.get(segment)
            node = node.entry(segment) if node else None
        elif isinstance(value, list):
            identity = node.identity if node else meaning.BY_POSITION
            segments = item_segments(value, identity)
            value = value[segments.index(segment)] if segment in segments else None
            node = node.items() if node else None
        else:
            return None, None
        if value is None:
            return None, None
    return value, node


def _segments(doc: Document, list_address: str) -> list[str]:
    value, node = _walk(doc, list_address)
    if not isinstance(value, list):
        return []
    return item_segments(value, node.identity if node else meaning.BY_POSITION)


def _slot(where: str, base: Document, head: Document) -> tuple[str, str | None] | None:
    """Where a removed list item stood: its list's address and the address of the nearest
    earlier sibling that HEAD still has (None: it goes first). None for anything that is not
    an item of a list."""
    parent = address.parent(where)
    siblings = _segments(base, parent)
    segment = address.split(where)[-1] if address.split(where) else ""
    if segment not in siblings:
        return None
    surviving = set(_segments(head, parent))
    earlier = [s for s in siblings[: siblings.index(segment)] if s in surviving]
    return parent, address.join(parent, earlier[-1]) if earlier else None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _what(where: str, doc: Document) -> str:
    """What is at an address, in words: the item of a collection, or the field."""
    segments = address.split(where)
    if not segments:
        return "framework"
    parent = address.parent(where)
    container, _ = _walk(doc, parent)
    key = address.split(parent)[-1] if isinstance(container, list) and parent else segments[-1]
    word = _singular(key) if isinstance(container, list) else key
    if isinstance(container, list) and key == "satisfies":
        word = "compliance mapping"
    if isinstance(container, list) and key in ("safeguards", "baseline-safeguards"):
        word = (
            "baseline safeguard"
            if key == "baseline-safeguards"
            else ("required safeguard" if len(segments) > 2 else "safeguard")
        )
    return word.replace("-", " ")


def _title(value: Any, where: str, doc: Document) -> str:
    """The name of an item: its name field, the name of what a reference names, its id."""
    if isinstance(value, dict):
        for key in _NAME_KEYS:
            if isinstance(value.get(key), str) and value[key].strip():
                return one_line(value[key])
        for key in ("id", "address"):
            if value.get(key) is not None:
                return one_line(value[key])
        return ""
    _, node = _walk(doc, where)
    target = node.reference if node is not None else None
    if target is not None and isinstance(value, str):
        named = _referenced(target, value, where, doc)
        if named is not None:
            return named
    return one_line(value) if not isinstance(value, (list, dict)) else ""


def _referenced(target: str, ref: str, where: str, doc: Document) -> str | None:
    """The name of the item a reference names: ``/safeguards`` from the root, ``thresholds``
    from the nearest enclosing item that has such a collection."""
    candidates = [target] if target.startswith("/") else []
    if not target.startswith("/"):
        ancestor = address.parent(where)
        while ancestor:
            candidates.append(f"{ancestor}/{target}")
            ancestor = address.parent(ancestor)
    for collection in candidates:
        item = doc.get(address.join(collection, ref))
        if isinstance(item, dict):
            for key in _NAME_KEYS:
                if isinstance(item.get(key), str) and item[key].strip():
                    return one_line(item[key])
            return ref
    return None


def _describe(value: Any, where: str, doc: Document) -> str:
    """A value as one line of text: an item's main prose, a scalar as written, anything else
    as compact JSON (so that nothing is hidden)."""
    if isinstance(value, dict):
        for key in _TEXT_KEYS:
            if isinstance(value.get(key), str):
                return one_line(value[key])
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (bool, int, float)):
        return number(value)
    title = _title(value, where, doc)
    return title or one_line(value)
