"""The structural walk of two keyed versions, and each difference as a classified change."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from prepctl.core import address, classify, meaning
from prepctl.core.diff import lineage
from prepctl.core.diff.keyed import Keyed, keyed_tree
from prepctl.core.diff.records import Change, Kind, Raw
from prepctl.core.document import Document


@dataclass
class _Walk:
    """Compares two keyed trees: equal subtrees are skipped by ``==``, differing mappings are
    descended into, so each difference is reported once, where it is."""

    old: Keyed
    new: Keyed
    found: list[Raw] = field(default_factory=list)

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
                    self.found.append(Raw(Kind.MODIFIED, head_address, base_address))
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
            self.found.append(Raw(Kind.REMOVED, here, there, value))

    def came(self, value: Any, here: str, there: str) -> None:
        if here in self.new.lists:
            for segment, child in value.items():
                self.came(child, address.join(here, segment), address.join(there, segment))
        else:
            self.found.append(Raw(Kind.ADDED, here, there, value))


def differences(old: Keyed, new: Keyed) -> list[Raw]:
    walk = _Walk(old, new)
    walk.compare(old.data, new.data, address.ROOT, address.ROOT)
    return walk.found


def compare(
    base: Document, head: Document, *, keyed: tuple[Keyed, Keyed] | None = None
) -> list[Change]:
    """Every change from ``base`` to ``head``, sorted by address. ``keyed``: the two keyed
    trees, when the caller has them already (:func:`keyed_pair`)."""
    old, new = keyed if keyed is not None else (keyed_tree(base), keyed_tree(head))
    context = _Context(base, head, old, new)
    found = context.emit(differences(old, new))
    found.extend(context.reorderings())
    return sorted(found, key=lambda c: (c.address, c.kind.value, c.base_address or ""))


def _shape(where: str, keyed: Keyed) -> str:
    """The address with every list-item segment replaced by '*': the kind of place it is."""
    shape = address.ROOT
    current = address.ROOT
    for segment in address.split(where):
        shape = address.join(shape, "*" if current in keyed.lists else segment)
        current = address.join(current, segment)
    return shape


def _pair_moves(raw: list[Raw], old: Keyed, new: Keyed) -> list[tuple[Raw, Raw]]:
    """Removed and added items with the same identity under parents of the same kind.

    Only items named by a key of their own (not references, not positions) can move, and
    only when the pairing is unambiguous: exactly one removal and one addition.
    """

    def key(where: str, keyed: Keyed) -> tuple[str, str] | None:
        parent = address.parent(where)
        identity = keyed.lists.get(parent)
        if identity is None or identity in (meaning.BY_VALUE, meaning.BY_POSITION):
            return None
        segment = address.split(where)[-1]
        if segment.startswith("#"):
            return None
        return (_shape(parent, keyed), segment)

    removed: dict[tuple[str, str], list[Raw]] = defaultdict(list)
    added: dict[tuple[str, str], list[Raw]] = defaultdict(list)
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
    old: Keyed
    new: Keyed
    links: list[lineage.Link] = field(default_factory=list)
    _relocated: tuple[dict[str, str], dict[str, str]] | None = None

    def emit(self, raw: list[Raw]) -> list[Change]:
        """The changes of a set of structural differences: lineage pairs first, then moves,
        then every other difference on its own."""
        links = lineage.find(raw, self.old, self.new)
        self.links.extend(links)
        linked = {id(item) for link in links for item in (link.removed, link.added)}
        same = lineage.same_references(raw, self.old, self.new, self.links)
        rest = [item for item in raw if id(item) not in linked and id(item) not in same]
        moves = _pair_moves(rest, self.old, self.new)
        paired = {id(item) for pair in moves for item in pair}
        found = [self.change(item) for item in rest if id(item) not in paired]
        for removed, added in moves:
            found.extend(self.moved(removed, added))
        # What changed inside every pair, walked together: in a merge the successor's lists are
        # shared out among its predecessors, so a reference that moved to its target's successor
        # may be removed in one partner's walk and added in another's.
        inner: list[Raw] = []
        for link in links:
            found.append(self.continued(link, links, inner))
        if inner:
            found.extend(self.emit(inner))
        return self.suggest_lineage(rest, found)

    def relocated(self) -> tuple[dict[str, str], dict[str, str]]:
        """Where each version's tombstones say relocated items went."""
        if self._relocated is None:
            self._relocated = (lineage.relocations(self.old), lineage.relocations(self.new))
        return self._relocated

    def continued(self, link: lineage.Link, links: list[lineage.Link], inner: list[Raw]) -> Change:
        """A renamed, split or merged pair; what changed across it is added to ``inner``."""
        there, here = link.removed.base_address, link.added.address
        verdict = classify.lineage(link.kind.value, self.chain(here, self.new), there, link.others)
        before, after = lineage.shared_out(link, links, self.old, self.new)
        walk = _Walk(self.old, self.new)
        walk.compare(before, after, here, there)
        inner.extend(walk.found)
        return Change(
            address=here,
            kind=link.kind,
            impact=verdict.impact,
            before=self.old.values[there],
            after=self.new.values[here],
            base_location=self.base.location(there),
            head_location=self.head.location(here),
            detail=verdict.detail,
            base_address=there,
        )

    def suggest_lineage(self, rest: list[Raw], found: list[Change]) -> list[Change]:
        """An item removed and another added to the same collection with the same content:
        say so in both, without linking them (only ``replaces`` links)."""
        removed: dict[tuple[str, str], list[str]] = defaultdict(list)
        added: dict[tuple[str, str], list[str]] = defaultdict(list)
        for item in rest:
            if item.kind is Kind.REMOVED and lineage._keyed_item(item.base_address, self.old):
                key = lineage.content_key(item.value, item.base_address, self.old)
                removed[(address.parent(item.address), key)].append(item.base_address)
            elif item.kind is Kind.ADDED and lineage._keyed_item(item.address, self.new):
                key = lineage.content_key(item.value, item.address, self.new)
                added[(address.parent(item.address), key)].append(item.address)
        hints: dict[tuple[Kind, str], str] = {}
        for place, gone in removed.items():
            came = added.get(place, [])
            if len(gone) == 1 and len(came) == 1:
                old_id = address.split(gone[0])[-1]
                hint = (
                    f"same content as {came[0]}; if it continues {gone[0]}, "
                    f"give it replaces: [{old_id}]"
                )
                hints[(Kind.REMOVED, gone[0])] = hint
                hints[(Kind.ADDED, came[0])] = hint
        if not hints:
            return found
        return [
            replace(change, detail=f"{change.detail}; {hint}")
            if (hint := hints.get((change.kind, change.base_address or change.address)) or "")
            else change
            for change in found
        ]

    def chain(self, where: str, keyed: Keyed) -> classify.Chain:
        chain: classify.Chain = [keyed.nodes.get(address.ROOT)]
        current = address.ROOT
        for segment in address.split(where):
            current = address.join(current, segment)
            chain.append(keyed.nodes.get(current))
        return chain

    def change(self, item: Raw) -> Change:
        where, in_base = item.address, item.base_address
        before = self.old.values[in_base] if item.kind is not Kind.ADDED else None
        after = self.new.values[where] if item.kind is not Kind.REMOVED else None
        # A removal is judged where it stood; anything else where it stands now.
        keyed, place = (self.old, in_base) if item.kind is Kind.REMOVED else (self.new, where)
        chain = self.chain(place, keyed)
        name = _name(place, keyed)
        kind = item.kind
        if item.kind is Kind.MODIFIED:
            verdict = classify.modification(chain, name, before, after)
        else:
            in_list = address.parent(place) in keyed.lists
            value = after if item.kind is Kind.ADDED else before
            verdict = classify.presence(item.kind.value, chain, name, in_list=in_list, value=value)
            # A tombstone of the version without the item may say where it went.
            went = self.relocated()[1 if item.kind is Kind.REMOVED else 0].get(place)
            if went is not None and lineage._keyed_item(place, keyed):
                kind = Kind.RELOCATED
                way = "to" if item.kind is Kind.REMOVED else "back from"
                verdict = classify.Verdict(
                    verdict.impact, f"{verdict.detail}; relocated {way}: {went}"
                )
        return Change(
            address=where,
            kind=kind,
            impact=verdict.impact,
            before=before,
            after=after,
            base_location=self.base.location(in_base) if item.kind is not Kind.ADDED else None,
            head_location=self.head.location(where) if item.kind is not Kind.REMOVED else None,
            detail=verdict.detail,
            base_address=in_base if in_base != where else None,
        )

    def moved(self, removed: Raw, added: Raw) -> list[Change]:
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


def _name(where: str, keyed: Keyed) -> str:
    """What a change is named by in its detail: the collection for a list item, else the key."""
    segments = address.split(where)
    if not segments:
        return "framework"
    parent = address.parent(where)
    if parent in keyed.lists:
        return address.split(parent)[-1] if parent else "framework"
    return segments[-1]
