"""A redline: one framework version rendered with every change from another marked in place.

The marks come from the semantic diff (:mod:`prepctl.core.diff`), never from comparing text: each
:class:`~prepctl.core.diff.Change` becomes one :class:`~prepctl.render.marks.Mark` at its address,
with its impact, the change record that justified it (its title, rationale and approvers), and
what a reader needs to see it: the removed item's name and text, or a word-level diff of
changed prose.

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

import json
from typing import Any

from prepctl.core import address, concepts, meaning, naming, walk
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Kind
from prepctl.core.document import Document
from prepctl.render.marks import Count, Justification, Mark, Redline, Word
from prepctl.render.values import number, one_line
from prepctl.render.view import Link
from prepctl.render.words import word_diff as word_diff

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


# -- building the redline ---------------------------------------------------------------------


def build(result: DiffResult, base: Document, head: Document) -> Redline:
    """The redline of a diff; ``base`` and ``head`` are the documents it compared."""
    bodies = _bodies(head)
    records = {record.id: _justification(record.id, head, bodies) for record in result.records}
    slots = _Slots(base, head)
    marks = [_mark(change, base, head, records, slots) for change in result.changes]
    counts = [
        Count(impact.value, _label(impact), SYMBOLS[impact], result.count(impact))
        for impact in ORDER
        if result.count(impact)
    ]
    used = sorted({mark.record.id for mark in marks if mark.record is not None})
    return Redline(
        base_label=result.base.label,
        head_label=result.head.label,
        # The release field, by name until the schema marks it.
        base_version=one_line(base.data.get("version", "")),
        head_version=one_line(head.data.get("version", "")),
        marks=marks,
        counts=counts,
        unjustified=len(result.unjustified),
        records=[records[record_id] for record_id in used],
    )


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
    change: Change,
    base: Document,
    head: Document,
    records: dict[str, Justification],
    slots: _Slots,
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
        slot=slots.slot(place) if removed else None,
    )


# -- naming what changed ---------------------------------------------------------------------


def _node(doc: Document, where: str) -> meaning.SchemaNode | None:
    """The schema of the value at an address, when the document has that address."""
    return walk.schema_at(where) if where in doc.locations else None


def _segments(doc: Document, list_address: str) -> list[str]:
    value = doc.get(list_address)
    if not isinstance(value, list):
        return []
    return doc.segments(value, walk.schema_at(list_address))


class _Slots:
    """Where removed list items stood, each list worked out once for the whole redline (a
    removed item's place is then found at once, however long its list)."""

    def __init__(self, base: Document, head: Document) -> None:
        self.base = base
        self.head = head
        self._lists: dict[str, dict[str, str | None]] = {}

    def slot(self, where: str) -> tuple[str, str | None] | None:
        """A removed list item's list address and the address of the nearest earlier sibling
        that HEAD still has (None: it goes first). None for anything that is not a list item."""
        parent = address.parent(where)
        earlier = self._lists.get(parent)
        if earlier is None:
            surviving = set(_segments(self.head, parent))
            earlier, last = {}, None
            for sibling in _segments(self.base, parent):
                earlier[sibling] = last
                if sibling in surviving:
                    last = sibling
            self._lists[parent] = earlier
        segment = address.split(where)[-1] if address.split(where) else ""
        if segment not in earlier:
            return None
        before = earlier[segment]
        return parent, address.join(parent, before) if before is not None else None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _what(where: str, doc: Document) -> str:
    """What is at an address, in words: the item of a collection, or the field. A list of
    compliance mappings and a threshold's required safeguards are known by the schema."""
    parent = address.parent(where)
    in_list = bool(address.split(where)) and isinstance(doc.get(parent), list)
    key = naming.named_by(where, lambda at: in_list and at == parent)
    if not in_list:
        return key.replace("-", " ")
    if concepts.is_mappings(walk.schema_at(address.parent(parent)), key):
        return "compliance mapping"
    word = _singular(key).replace("-", " ")
    return f"required {word}" if concepts.is_required_reference(parent) else word


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
    if isinstance(value, str):
        node = _node(doc, where)
        target = node.reference if node is not None else None
        named = _referenced(target, value, where, doc) if target is not None else None
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
