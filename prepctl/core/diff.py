"""The semantic diff of two framework versions: every change as a classified record.

Items are matched by the identity the schema declares, never by list position: before
comparing, each list becomes a mapping from its items' address segments to the items (the ids
of ``x-prepctl-identity``; ``#N`` only for lists the schema orders by position). A walk of the
two keyed trees then finds each difference once, where it is, and each becomes one
:class:`Change` at an address, with the impact :mod:`prepctl.core.classify` reads from the schema.

The walk is ours rather than DeepDiff's: on keyed trees (mappings and scalars only) it is a
dozen lines, skips equal subtrees with one C-level ``==``, and on a 5 MB framework with 11,000
changes takes 0.06 s where DeepDiff took 5 s; the tests check that both agree exactly.

A whole item added or removed is one change, not one per field. An item whose identity leaves
one parent and appears under another of the same kind (an evaluation moved between categories)
is one ``moved`` change. Change records (``x-prepctl-compare: false``) are not compared; they
justify changes instead.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from prepctl.core import address, changes, classify, document, meaning
from prepctl.core.changes import ChangeRecord
from prepctl.core.classify import Impact
from prepctl.core.document import Document, Location

if TYPE_CHECKING:
    from prepctl.core.compliance.obligations import MaterialModification

GROUP_COLLECTION = "categories"
"""Reports group changes by the item of this collection they fall in (everything else under
the framework itself)."""


class Kind(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    MOVED = "moved"

    def mirrored(self) -> Kind:
        swap = {Kind.ADDED: Kind.REMOVED, Kind.REMOVED: Kind.ADDED}
        return swap.get(self, self)


class FailOn(str, Enum):
    """How serious a change must be for ``diff`` to exit 1."""

    UNJUSTIFIED = "unjustified"
    WEAKENING = "weakening"
    NEEDS_REVIEW = "needs-review"
    ANY = "any"
    NONE = "none"


@dataclass(frozen=True)
class Change:
    """One change between two versions.

    ``address`` is where the change stands in HEAD (in BASE for a removal); ``base_address`` is
    set only when the place in BASE differs (a move, or a change inside a moved item).
    """

    address: str
    kind: Kind
    impact: Impact
    before: Any
    after: Any
    base_location: Location | None
    head_location: Location | None
    detail: str
    base_address: str | None = None
    justified_by: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable across rebases and unrelated edits: what changed and where, not lines or
        commits."""
        key = [self.address, self.base_address, self.kind.value, self.before, self.after]
        text = json.dumps(key, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def location(self) -> Location | None:
        """Where a reader should look: the base side for a removal, the head side otherwise."""
        return self.base_location if self.kind is Kind.REMOVED else self.head_location

    @property
    def addresses(self) -> list[str]:
        return [self.address] + ([self.base_address] if self.base_address else [])

    @property
    def unjustified_weakening(self) -> bool:
        return self.impact is Impact.WEAKENING and self.justified_by is None


@dataclass(frozen=True)
class Version:
    """One side of a diff, as reports name it."""

    label: str
    revision: str | None = None
    ref: str | None = None

    def repository_path(self, file: str) -> str:
        """A location's file as a path from the repository root (a git version's ``REF:``
        prefix dropped)."""
        prefix = f"{self.ref}:" if self.ref is not None else None
        return file[len(prefix) :] if prefix and file.startswith(prefix) else file


@dataclass(frozen=True)
class DiffResult:
    base: Version
    head: Version
    changes: tuple[Change, ...]
    records: tuple[ChangeRecord, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    fail_on: FailOn = FailOn.UNJUSTIFIED
    # Whether the changes are a material modification, and what the claimed profiles require:
    # set by the caller (prepctl.core.compliance.material_modification), None until then.
    material: MaterialModification | None = None

    def count(self, impact: Impact) -> int:
        return sum(1 for change in self.changes if change.impact is impact)

    @property
    def unjustified(self) -> list[Change]:
        return [change for change in self.changes if change.unjustified_weakening]

    @property
    def failing(self) -> list[Change]:
        """The changes at or above ``fail_on``."""
        return [change for change in self.changes if fails(change, self.fail_on)]

    @property
    def failed(self) -> bool:
        return bool(self.failing)

    def record(self, record_id: str) -> ChangeRecord | None:
        return next((r for r in self.records if r.id == record_id), None)

    def group(self, change: Change) -> str:
        return group_of(change.address)

    def title(self, group: str) -> str:
        return self.titles.get(group, "Framework") if group else "Framework"


def group_of(where: str) -> str:
    """The address of the category an address falls in, or '' for the framework itself."""
    segments = address.split(where)
    if len(segments) >= 2 and segments[0] == GROUP_COLLECTION:
        return address.join(address.join(address.ROOT, segments[0]), segments[1])
    return address.ROOT


def fails(change: Change, fail_on: FailOn) -> bool:
    if fail_on is FailOn.NONE:
        return False
    if fail_on is FailOn.ANY:
        return True
    if fail_on is FailOn.UNJUSTIFIED:
        return change.unjustified_weakening
    if fail_on is FailOn.WEAKENING:
        return change.impact is Impact.WEAKENING
    return change.impact in (Impact.WEAKENING, Impact.NEEDS_REVIEW)


def diff(base: Document, head: Document, *, fail_on: FailOn = FailOn.UNJUSTIFIED) -> DiffResult:
    """Compare two versions, justify each change from the records new in ``head``. Whether the
    changes are a material modification is for the caller to set (``material``)."""
    records = changes.new_records(base, head)
    found = [
        replace(change, justified_by=record.id if record else None)
        for change in compare(base, head)
        for record in [changes.covering(records, change.addresses)]
    ]
    return DiffResult(
        base=_version(base),
        head=_version(head),
        changes=tuple(found),
        records=tuple(records),
        titles=_titles(base, head, found),
        fail_on=fail_on,
    )


def _version(doc: Document) -> Version:
    snapshot = doc.snapshot
    commit = getattr(snapshot, "commit", None) or None
    ref = getattr(snapshot, "ref", None) or None
    return Version(label=snapshot.label, revision=commit, ref=ref)


def _titles(base: Document, head: Document, found: list[Change]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for change in found:
        group = group_of(change.address)
        if group and group not in titles:
            item = head.get(group) or base.get(group)
            name = item.get("name") if isinstance(item, dict) else None
            titles[group] = name if isinstance(name, str) and name else address.split(group)[-1]
    return titles


# The comparison ---------------------------------------------------------------------------

_FLAG = "\x00bool"
"""Booleans are keyed as ``(_FLAG, value)`` so that plain ``==`` tells true from 1 (Python's
``True == 1``) while 1 and 1.0 stay the same number; YAML data never holds a tuple."""


@dataclass
class _Keyed:
    """A document's data with every list turned into a mapping keyed by item segment, plus,
    by address, each value as the framework holds it and the schema node that governs it."""

    data: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, meaning.SchemaNode | None] = field(default_factory=dict)
    lists: dict[str, str] = field(default_factory=dict)  # list address → identity
    orders: dict[str, list[str]] = field(default_factory=dict)  # ordered lists' segments

    def add(self, where: str, value: Any, node: meaning.SchemaNode | None) -> Any:
        self.values[where] = value
        self.nodes[where] = node
        children = _children(self, where, value, node)
        if children is not None:
            return {
                key: self.add(address.join(where, key), child, child_node)
                for key, (child, child_node) in children.items()
            }
        if isinstance(value, bool):
            return (_FLAG, value)
        return value


def _keyed(doc: Document) -> _Keyed:
    keyed = _Keyed()
    keyed.data = keyed.add(address.ROOT, doc.data, meaning.root())
    return keyed


def keyed_pair(base: Document, head: Document) -> tuple[_Keyed, _Keyed]:
    """The keyed trees of two versions, as :func:`compare` takes them, built only where the
    versions differ.

    An entry that is the same on both sides (equal, and of the same types throughout, so that
    ``true`` is never taken for 1 nor 0.0 for -0.0) is left out of both, and nothing below it is
    indexed: :func:`differences` finds nothing there either way, and nothing else looks below a
    place that did not change. Everything else is keyed exactly as :meth:`_Keyed.add` keys it.
    When the versions share most of their data (parsed once per file and reused), this costs in
    proportion to what changed, not to the size of the framework.
    """
    old, new = _Keyed(), _Keyed()
    root = meaning.root()
    old.data, new.data = _pair(old, new, address.ROOT, base.data, head.data, root, root)
    return old, new


def _pair(
    old: _Keyed,
    new: _Keyed,
    where: str,
    before: Any,
    after: Any,
    old_node: meaning.SchemaNode | None,
    new_node: meaning.SchemaNode | None,
) -> tuple[Any, Any]:
    if type(before) is dict and type(after) is dict and old_node is new_node:
        return _pair_mappings(old, new, where, before, after, old_node)
    old_children = _children(old, where, before, old_node)
    new_children = _children(new, where, after, new_node)
    if old_children is None or new_children is None:
        return old.add(where, before, old_node), new.add(where, after, new_node)
    old.values[where], old.nodes[where] = before, old_node
    new.values[where], new.nodes[where] = after, new_node
    paired: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for key, (value, node) in old_children.items():
        found = new_children.get(key)
        if found is None:
            kept[key] = old.add(address.join(where, key), value, node)
        elif node is not found[1] or not _same(value, found[0]):
            here = address.join(where, key)
            kept[key], paired[key] = _pair(old, new, here, value, found[0], node, found[1])
    made = {
        key: paired[key] if key in paired else new.add(address.join(where, key), value, node)
        for key, (value, node) in new_children.items()
        if key in paired or key not in old_children
    }
    return kept, made


def _pair_mappings(
    old: _Keyed,
    new: _Keyed,
    where: str,
    before: dict[str, Any],
    after: dict[str, Any],
    node: meaning.SchemaNode | None,
) -> tuple[Any, Any]:
    """:func:`_pair` for two mappings under one schema, the common case: an entry holding the
    same value on both sides is passed over before its schema is even looked up."""
    old.values[where], old.nodes[where] = before, node
    new.values[where], new.nodes[where] = after, node
    kept: dict[str, Any] = {}
    made: dict[str, Any] = {}
    for key, value in before.items():
        other = after.get(key, _ABSENT)
        if other is value:
            continue
        child = node.entry(key) if node else None
        if child is not None and child.keyword("compare") is False:
            continue
        if other is _ABSENT:
            kept[key] = old.add(address.join(where, key), value, child)
        elif not _same(value, other):
            here = address.join(where, key)
            kept[key], made[key] = _pair(old, new, here, value, other, child, child)
    for key, value in after.items():
        if key not in before:
            child = node.entry(key) if node else None
            if child is None or child.keyword("compare") is not False:
                made[key] = new.add(address.join(where, key), value, child)
    return kept, made


_ABSENT: Any = object()


def _children(
    keyed: _Keyed, where: str, value: Any, node: meaning.SchemaNode | None
) -> dict[str, tuple[Any, meaning.SchemaNode | None]] | None:
    """A mapping's or list's entries by key as :meth:`_Keyed.add` keys them (a list's order
    and identity noted as it notes them); None for anything else."""
    if isinstance(value, dict):
        found: dict[str, tuple[Any, meaning.SchemaNode | None]] = {}
        for key, child in value.items():
            child_node = node.entry(key) if node else None
            if child_node is None or child_node.keyword("compare") is not False:
                found[key] = (child, child_node)
        return found
    if isinstance(value, list):
        identity = node.identity if node else meaning.BY_POSITION
        items = node.items() if node else None
        segments = document.item_segments(value, identity)
        keyed.lists[where] = identity
        if node is not None and node.keyword("ordered") is True:
            keyed.orders[where] = segments
        return {segment: (item, items) for segment, item in zip(segments, value, strict=True)}
    return None


def _same(before: Any, after: Any) -> bool:
    """Equal, and of the same types throughout (``==`` alone takes true for 1, and 0.0 for
    -0.0, which are keyed differently)."""
    return before is after or (before == after and _alike(before, after))


def _alike(before: Any, after: Any) -> bool:
    """For two equal values: whether their types match everywhere."""
    if before is after:
        return True
    if type(before) is not type(after):
        return False
    if isinstance(before, dict):
        return all(_alike(value, after[key]) for key, value in before.items())
    if isinstance(before, list):
        return all(_alike(value, other) for value, other in zip(before, after, strict=True))
    return not isinstance(before, float) or repr(before) == repr(after)


@dataclass(frozen=True)
class _Raw:
    """One structural difference: ``address`` in head (in base for a removal), ``base_address``
    in base (they differ only inside a moved item); keyed values for added and removed ones."""

    kind: Kind
    address: str
    base_address: str
    value: Any = None


@dataclass
class _Walk:
    """Compares two keyed trees: equal subtrees are skipped by ``==``, differing mappings are
    descended into, so each difference is reported once, where it is."""

    old: _Keyed
    new: _Keyed
    found: list[_Raw] = field(default_factory=list)

    def compare(self, before: dict[str, Any], after: dict[str, Any], here: str, there: str) -> None:
        for key, old in before.items():
            head_address, base_address = address.join(here, key), address.join(there, key)
            if key not in after:
                self.gone(old, head_address, base_address)
            elif old != after[key]:
                new = after[key]
                if isinstance(old, dict) and isinstance(new, dict):
                    self.compare(old, new, head_address, base_address)
                else:
                    self.found.append(_Raw(Kind.MODIFIED, head_address, base_address))
        for key, new in after.items():
            if key not in before:
                self.came(new, address.join(here, key), address.join(there, key))

    # A whole list added or removed counts as each of its items added or removed:
    # ``evaluations: [ctf]`` → (absent) removes the evaluation ``ctf``, judged by its
    # collection, open to moves, covered like any other item. An empty list is no change.

    def gone(self, value: Any, here: str, there: str) -> None:
        if there in self.old.lists:
            for segment, child in value.items():
                self.gone(child, address.join(here, segment), address.join(there, segment))
        else:
            self.found.append(_Raw(Kind.REMOVED, here, there, value))

    def came(self, value: Any, here: str, there: str) -> None:
        if here in self.new.lists:
            for segment, child in value.items():
                self.came(child, address.join(here, segment), address.join(there, segment))
        else:
            self.found.append(_Raw(Kind.ADDED, here, there, value))


def differences(old: _Keyed, new: _Keyed) -> list[_Raw]:
    walk = _Walk(old, new)
    walk.compare(old.data, new.data, address.ROOT, address.ROOT)
    return walk.found


def compare(
    base: Document, head: Document, *, keyed: tuple[_Keyed, _Keyed] | None = None
) -> list[Change]:
    """Every change from ``base`` to ``head``, sorted by address. ``keyed``: the two keyed
    trees, when the caller has them already (:func:`keyed_pair`)."""
    old, new = keyed if keyed is not None else (_keyed(base), _keyed(head))
    raw = differences(old, new)
    moves = _pair_moves(raw, old, new)
    paired = {id(item) for pair in moves for item in pair}
    context = _Context(base, head, old, new)
    found = [context.change(item) for item in raw if id(item) not in paired]
    for removed, added in moves:
        found.extend(context.moved(removed, added))
    found.extend(context.reorderings())
    return sorted(found, key=lambda c: (c.address, c.kind.value, c.base_address or ""))


def _shape(where: str, keyed: _Keyed) -> str:
    """The address with every list-item segment replaced by '*': the kind of place it is."""
    shape = address.ROOT
    current = address.ROOT
    for segment in address.split(where):
        shape = address.join(shape, "*" if current in keyed.lists else segment)
        current = address.join(current, segment)
    return shape


def _pair_moves(raw: list[_Raw], old: _Keyed, new: _Keyed) -> list[tuple[_Raw, _Raw]]:
    """Removed and added items with the same identity under parents of the same kind.

    Only items named by a key of their own (not references, not positions) can move, and
    only when the pairing is unambiguous: exactly one removal and one addition.
    """

    def key(where: str, keyed: _Keyed) -> tuple[str, str] | None:
        parent = address.parent(where)
        identity = keyed.lists.get(parent)
        if identity is None or identity in (meaning.BY_VALUE, meaning.BY_POSITION):
            return None
        segment = address.split(where)[-1]
        if segment.startswith("#"):
            return None
        return (_shape(parent, keyed), segment)

    removed: dict[tuple[str, str], list[_Raw]] = defaultdict(list)
    added: dict[tuple[str, str], list[_Raw]] = defaultdict(list)
    for item in raw:
        if item.kind is Kind.REMOVED and (k := key(item.base_address, old)) is not None:
            removed[k].append(item)
        elif item.kind is Kind.ADDED and (k := key(item.address, new)) is not None:
            added[k].append(item)
    return [
        (removed[k][0], added[k][0])
        for k in sorted(removed)
        if len(removed[k]) == 1 and len(added.get(k, [])) == 1
    ]


@dataclass
class _Context:
    base: Document
    head: Document
    old: _Keyed
    new: _Keyed

    def chain(self, where: str, keyed: _Keyed) -> classify.Chain:
        chain: classify.Chain = [keyed.nodes.get(address.ROOT)]
        current = address.ROOT
        for segment in address.split(where):
            current = address.join(current, segment)
            chain.append(keyed.nodes.get(current))
        return chain

    def change(self, item: _Raw) -> Change:
        where, in_base = item.address, item.base_address
        before = self.old.values[in_base] if item.kind is not Kind.ADDED else None
        after = self.new.values[where] if item.kind is not Kind.REMOVED else None
        # A removal is judged where it stood; anything else where it stands now.
        keyed, place = (self.old, in_base) if item.kind is Kind.REMOVED else (self.new, where)
        chain = self.chain(place, keyed)
        name = _name(place, keyed)
        if item.kind is Kind.MODIFIED:
            verdict = classify.modification(chain, name, before, after)
        else:
            in_list = address.parent(place) in keyed.lists
            value = after if item.kind is Kind.ADDED else before
            verdict = classify.presence(item.kind.value, chain, name, in_list=in_list, value=value)
        return Change(
            address=where,
            kind=item.kind,
            impact=verdict.impact,
            before=before,
            after=after,
            base_location=self.base.location(in_base) if item.kind is not Kind.ADDED else None,
            head_location=self.head.location(where) if item.kind is not Kind.REMOVED else None,
            detail=verdict.detail,
            base_address=in_base if in_base != where else None,
        )

    def moved(self, removed: _Raw, added: _Raw) -> list[Change]:
        there, here = removed.base_address, added.address
        verdict = classify.move(self.chain(here, self.new), there)
        found = [
            Change(
                address=here,
                kind=Kind.MOVED,
                impact=verdict.impact,
                before=self.old.values[there],
                after=self.new.values[here],
                base_location=self.base.location(there),
                head_location=self.head.location(here),
                detail=verdict.detail,
                base_address=there,
            )
        ]
        # What changed inside the item on its way, each at its new place.
        walk = _Walk(self.old, self.new)
        walk.compare(removed.value, added.value, here, there)
        found.extend(self.change(inner) for inner in walk.found)
        return found

    def reorderings(self) -> list[Change]:
        found: list[Change] = []
        for where in sorted(set(self.old.orders) & set(self.new.orders)):
            before, after = self.old.orders[where], self.new.orders[where]
            common_before = [s for s in before if s in set(after)]
            common_after = [s for s in after if s in set(before)]
            if common_before == common_after:
                continue
            verdict = classify.reordering(
                self.chain(where, self.new), _name(where, self.new), common_before, common_after
            )
            found.append(
                Change(
                    address=where,
                    kind=Kind.MODIFIED,
                    impact=verdict.impact,
                    before=common_before,
                    after=common_after,
                    base_location=self.base.location(where),
                    head_location=self.head.location(where),
                    detail=verdict.detail,
                )
            )
        return found


def _name(where: str, keyed: _Keyed) -> str:
    """What a change is named by in its detail: the collection for a list item, else the key."""
    segments = address.split(where)
    if not segments:
        return "framework"
    parent = address.parent(where)
    if parent in keyed.lists:
        return address.split(parent)[-1] if parent else "framework"
    return segments[-1]
