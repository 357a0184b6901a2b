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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from prepctl.core import address, meaning
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Kind
from prepctl.core.document import Document, item_segments
from prepctl.render import model
from prepctl.render.model import Framework, Link
from prepctl.render.placement import Placement, one_line

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
    lists = _Lists()
    records = {
        record.id: _justification(record.id, head, bodies, lists) for record in result.records
    }
    marks = [_mark(change, base, head, records, lists) for change in result.changes]
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


def _justification(
    record_id: str, head: Document, bodies: dict[str, Link], lists: _Lists
) -> Justification:
    from prepctl.core import changes

    where = address.join(address.join(address.ROOT, changes.collection_key()), record_id)
    data, _ = _walk(head, where, lists)
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
    lists: _Lists,
) -> Mark:
    removed = change.kind is Kind.REMOVED
    place = change.base_address or change.address if removed else change.address
    doc = base if removed else head
    record = records.get(change.justified_by) if change.justified_by is not None else None
    before_text = _describe(change.before, place, base, lists) if change.before is not None else ""
    after_text = (
        _describe(change.after, change.address, head, lists) if change.after is not None else ""
    )
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
        what=_what(place, doc, lists),
        title=_title(value, place, doc, lists) if change.kind is not Kind.MODIFIED else "",
        before=change.before,
        after=change.after,
        before_text=before_text,
        after_text=after_text,
        words=words,
        slot=_slot(place, base, head, lists) if removed else None,
    )


def word_diff(before: str, after: str) -> list[Word]:
    """The words of ``before`` and ``after`` as runs kept, deleted and inserted (whitespace
    is not compared: line breaks of folded YAML prose are not changes).

    difflib finds the runs, within a budget of work that grows with the texts' length: on
    texts with many repeated words its search takes time quadratic or even cubic in the words.
    Past the budget, the words both texts start and end with are kept and everything between
    them is shown deleted, then inserted.
    """
    old, new = before.split(), after.split()
    opcodes: Sequence[tuple[str, int, int, int, int]]
    try:
        opcodes = _BoundedMatcher(old, new).get_opcodes()
    except _OverBudget:
        opcodes = _ends_kept(old, new)
    runs: list[Word] = []
    for operation, old_start, old_end, new_start, new_end in opcodes:
        if operation == "equal":
            runs.append(Word("same", " ".join(old[old_start:old_end])))
            continue
        if operation in ("delete", "replace"):
            runs.append(Word("deleted", " ".join(old[old_start:old_end])))
        if operation in ("insert", "replace"):
            runs.append(Word("inserted", " ".join(new[new_start:new_end])))
    return runs


class _OverBudget(Exception):
    pass


class _BoundedMatcher(difflib.SequenceMatcher[str]):
    """difflib's matcher (no junk heuristic), stopped once its search would pass a budget.

    Each search for the longest matching run, over ``old[lo:hi]``, visits each word there and
    each place where that word occurs in ``new``: the number of occurrences, summed over the
    range with a running total, bounds its work before it starts.
    """

    FIXED = 100_000
    PER_WORD = 20

    def __init__(self, old: list[str], new: list[str]) -> None:
        super().__init__(None, old, new, autojunk=False)
        occurrences = Counter(new)
        self._visits = [0]
        for word in old:
            self._visits.append(self._visits[-1] + 1 + occurrences[word])
        self._left = self.FIXED + self.PER_WORD * (len(old) + len(new))

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        ahi = len(self._visits) - 1 if ahi is None else ahi
        self._left -= self._visits[ahi] - self._visits[alo]
        if self._left < 0:
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def _ends_kept(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes keeping the words both lists start and end with, replacing all between."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    opcodes = [("equal", 0, start, 0, start)] if start else []
    old_end, new_end = len(old) - end, len(new) - end
    if start < old_end and start < new_end:
        opcodes.append(("replace", start, old_end, start, new_end))
    elif start < old_end:
        opcodes.append(("delete", start, old_end, start, new_end))
    elif start < new_end:
        opcodes.append(("insert", start, old_end, start, new_end))
    if end:
        opcodes.append(("equal", old_end, len(old), new_end, len(new)))
    return opcodes


# -- naming what changed ---------------------------------------------------------------------


class _Lists:
    """The lists a redline looks into, each indexed by its items' address segments the first
    time it is looked into: a lookup then costs the same in a list of five items or of twenty
    thousand, and a redline is built in time linear in its documents and changes."""

    def __init__(self) -> None:
        # Keyed by the list's id(); the list itself is kept so that the id stays its own.
        self._index: dict[int, tuple[list[Any], list[str], dict[str, int]]] = {}
        self._earlier: dict[tuple[int, int], tuple[list[Any], list[Any], list[str | None]]] = {}

    def _indexed(self, items: list[Any], identity: str) -> tuple[list[str], dict[str, int]]:
        found = self._index.get(id(items))
        if found is None:
            segments = item_segments(items, identity)
            found = (items, segments, {segment: n for n, segment in enumerate(segments)})
            self._index[id(items)] = found
        return found[1], found[2]

    def segments(self, items: list[Any], identity: str) -> list[str]:
        return self._indexed(items, identity)[0]

    def position(self, items: list[Any], identity: str, segment: str) -> int | None:
        return self._indexed(items, identity)[1].get(segment)

    def item(self, items: list[Any], identity: str, segment: str) -> Any:
        position = self.position(items, identity, segment)
        return items[position] if position is not None else None

    def surviving_before(
        self, base: list[Any], head: list[Any], identity: str, segment: str
    ) -> str | None:
        """The nearest item before ``segment`` in the BASE list that the HEAD list still has
        (None: there is none)."""
        key = (id(base), id(head))
        found = self._earlier.get(key)
        if found is None:
            surviving = set(self.segments(head, identity))
            earlier: list[str | None] = []
            last: str | None = None
            for sibling in self.segments(base, identity):
                earlier.append(last)
                if sibling in surviving:
                    last = sibling
            found = (base, head, earlier)
            self._earlier[key] = found
        position = self._indexed(base, identity)[1][segment]
        return found[2][position]


def _walk(doc: Document, where: str, lists: _Lists) -> tuple[Any, meaning.SchemaNode | None]:
    """The value at an address and the schema node that governs it."""
    value: Any = doc.data
    node: meaning.SchemaNode | None = meaning.root()
    for segment in address.split(where):
        if isinstance(value, dict):
            value = value.get(segment)
            node = node.entry(segment) if node else None
        elif isinstance(value, list):
            identity = node.identity if node else meaning.BY_POSITION
            value = lists.item(value, identity, segment)
            node = node.items() if node else None
        else:
            return None, None
        if value is None:
            return None, None
    return value, node


def _slot(
    where: str, base: Document, head: Document, lists: _Lists
) -> tuple[str, str | None] | None:
    """Where a removed list item stood: its list's address and the address of the nearest
    earlier sibling that HEAD still has (None: it goes first). None for anything that is not
    an item of a list."""
    parent = address.parent(where)
    siblings, node = _walk(base, parent, lists)
    segment = address.split(where)[-1] if address.split(where) else ""
    if not isinstance(siblings, list):
        return None
    identity = node.identity if node else meaning.BY_POSITION
    if lists.position(siblings, identity, segment) is None:
        return None
    remaining, _ = _walk(head, parent, lists)
    earlier = lists.surviving_before(
        siblings, remaining if isinstance(remaining, list) else [], identity, segment
    )
    return parent, address.join(parent, earlier) if earlier is not None else None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _what(where: str, doc: Document, lists: _Lists) -> str:
    """What is at an address, in words: the item of a collection, or the field."""
    segments = address.split(where)
    if not segments:
        return "framework"
    parent = address.parent(where)
    container, _ = _walk(doc, parent, lists)
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


def _title(value: Any, where: str, doc: Document, lists: _Lists) -> str:
    """The name of an item: its name field, the name of what a reference names, its id."""
    if isinstance(value, dict):
        for key in _NAME_KEYS:
            if isinstance(value.get(key), str) and value[key].strip():
                return one_line(value[key])
        for key in ("id", "address"):
            if value.get(key) is not None:
                return one_line(value[key])
        return ""
    _, node = _walk(doc, where, lists)
    target = node.reference if node is not None else None
    if target is not None and isinstance(value, str):
        named = _referenced(target, value, where, doc, lists)
        if named is not None:
            return named
    return one_line(value) if not isinstance(value, (list, dict)) else ""


def _referenced(target: str, ref: str, where: str, doc: Document, lists: _Lists) -> str | None:
    """The name of the item a reference names: ``/safeguards`` from the root, ``thresholds``
    from the nearest enclosing item that has such a collection."""
    candidates = [target] if target.startswith("/") else []
    if not target.startswith("/"):
        ancestor = address.parent(where)
        while ancestor:
            candidates.append(f"{ancestor}/{target}")
            ancestor = address.parent(ancestor)
    for collection in candidates:
        item, _ = _walk(doc, address.join(collection, ref), lists)
        if isinstance(item, dict):
            for key in _NAME_KEYS:
                if isinstance(item.get(key), str) and item[key].strip():
                    return one_line(item[key])
            return ref
    return None


def _describe(value: Any, where: str, doc: Document, lists: _Lists) -> str:
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
        return model.number(value)
    title = _title(value, where, doc, lists)
    return title or one_line(value)
