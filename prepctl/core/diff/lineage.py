"""Lineage: items that continue items of the previous version under other ids.

An item of an id-keyed collection may name, in the property the schema marks
``x-prepctl-lineage``, the ids of the items of the same collection it continues. Those pairs
are not an unrelated removal and addition: one successor of one predecessor is **renamed**, several
successors of one predecessor are its **split**, one successor of several predecessors their
**merge**. Either version may declare the link (the head names its predecessors; read the other
way, the base names what it was renamed from), so ``diff A B`` and ``diff B A`` mirror each other.

A pair's content is compared across it, so a successor that drops a threshold or moves from
tracked to research shows that change at its own field. In a split, the predecessor's lists are
shared out: an entry some successor keeps is not lost because another successor lacks it, and an
entry no successor keeps is reported removed once, from the first successor. A merge is the
mirror. References to a renamed, split or merged item compare equal to references to its
successors. A removed item whose tombstone (``x-prepctl-tombstones``) says where it went
(``x-prepctl-relocation``) is **relocated**, with the impact its removal has.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prepctl.core import address, meaning
from prepctl.core.diff.records import Kind, Raw

if TYPE_CHECKING:
    from prepctl.core.diff.keyed import Keyed

LINEAGE = "lineage"
RELOCATION = "relocation"


@dataclass(frozen=True)
class Link:
    """One predecessor and one of its successors, and what the pair is."""

    removed: Raw
    added: Raw
    kind: Kind
    others: tuple[str, ...]
    """The other items of the same split or merge (addresses), for the detail."""


def _predecessors(keyed: Keyed, where: str) -> list[str]:
    """The ids an item's lineage property names (none when the schema declares none)."""
    node = keyed.nodes.get(where)
    value = keyed.values.get(where)
    key = node.property_with(LINEAGE) if node is not None else None
    if key is None or not isinstance(value, dict):
        return []
    named = value.get(key)
    return [str(v) for v in named if isinstance(v, str)] if isinstance(named, list) else []


def _keyed_item(where: str, keyed: Keyed) -> bool:
    identity = keyed.lists.get(address.parent(where))
    return identity is not None and identity not in (meaning.BY_VALUE, meaning.BY_POSITION)


def find(raw: list[Raw], old: Keyed, new: Keyed) -> list[Link]:
    """The lineage pairs among the removed and added items of ``raw``."""
    removed = {
        r.address: r for r in raw if r.kind is Kind.REMOVED and _keyed_item(r.base_address, old)
    }
    added = {r.address: r for r in raw if r.kind is Kind.ADDED and _keyed_item(r.address, new)}
    pairs: set[tuple[str, str]] = set()
    for where in added:
        parent = address.parent(where)
        for segment in _predecessors(new, where):
            if address.join(parent, segment) in removed:
                pairs.add((address.join(parent, segment), where))
    for where, item in removed.items():
        parent = address.parent(where)
        for segment in _predecessors(old, item.base_address):
            if address.join(parent, segment) in added:
                pairs.add((where, address.join(parent, segment)))
    successors: dict[str, list[str]] = defaultdict(list)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for before, after in sorted(pairs):
        successors[before].append(after)
        predecessors[after].append(before)
    links = []
    for before, after in sorted(pairs):
        many_after, many_before = len(successors[before]) > 1, len(predecessors[after]) > 1
        if many_after and not many_before:
            kind, others = Kind.SPLIT, tuple(a for a in successors[before] if a != after)
        elif many_before and not many_after:
            kind, others = Kind.MERGED, tuple(b for b in predecessors[after] if b != before)
        else:
            kind, others = Kind.RENAMED, ()
        links.append(Link(removed[before], added[after], kind, others))
    return links


def shared_out(link: Link, links: list[Link], old: Keyed, new: Keyed) -> tuple[Any, Any]:
    """The two sides of a pair as the walk should compare them: identity and lineage left out,
    and, in a split (merge), the predecessor's (successor's) lists shared out among the pair's
    partners."""
    before = _without_identity(link.removed.value, link.removed.base_address, old)
    after = _without_identity(link.added.value, link.added.address, new)
    if link.kind is Kind.SPLIT:
        partners = sorted(
            (other.added for other in links if other.removed is link.removed),
            key=lambda r: r.address,
        )
        before = _share(before, after, [p.value for p in partners], link.added, partners)
    elif link.kind is Kind.MERGED:
        partners = sorted(
            (other.removed for other in links if other.added is link.added),
            key=lambda r: r.address,
        )
        after = _share(after, before, [p.value for p in partners], link.removed, partners)
    return before, after


def _without_identity(value: Any, where: str, keyed: Keyed) -> Any:
    if not isinstance(value, dict):
        return value
    identity = keyed.lists.get(address.parent(where))
    return {key: child for key, child in value.items() if key != identity}


def _share(whole: Any, own: Any, all_parts: list[Any], this: Raw, partners: list[Raw]) -> Any:
    """``whole`` with each list entry kept only where it belongs: in the part that has it, and
    an entry no part has in the first part only."""
    if not isinstance(whole, dict) or not isinstance(own, dict):
        return whole
    first = partners[0] is this if partners else True
    shared: dict[str, Any] = {}
    for key, child in whole.items():
        mine = own.get(key)
        if not isinstance(child, dict) or not all(
            isinstance(part.get(key, {}), dict) for part in all_parts if isinstance(part, dict)
        ):
            shared[key] = child
            continue
        elsewhere = set()
        for part in all_parts:
            if isinstance(part, dict) and isinstance(part.get(key), dict):
                elsewhere.update(part[key])
        kept = {
            segment: entry
            for segment, entry in child.items()
            if (isinstance(mine, dict) and segment in mine) or (segment not in elsewhere and first)
        }
        if kept or isinstance(mine, dict):
            shared[key] = kept
    return shared


def groups(links: list[Link]) -> dict[str, str]:
    """Each linked item's address mapped to one name for its whole lineage group (so that
    references to a predecessor and to its successor compare equal)."""
    parent: dict[str, str] = {}

    def find_root(where: str) -> str:
        while parent.get(where, where) != where:
            where = parent[where]
        return where

    for link in links:
        a, b = find_root(link.removed.base_address), find_root(link.added.address)
        if a != b:
            parent[max(a, b)] = min(a, b)
    named = {link.removed.base_address for link in links} | {link.added.address for link in links}
    return {where: find_root(where) for where in named}


def same_references(raw: list[Raw], old: Keyed, new: Keyed, links: list[Link]) -> set[int]:
    """The removed and added entries of reference lists that name the same lineage group (a
    threshold that required 'old-id' and now requires 'new-id', its successor): ids of raw
    differences that are no change."""
    if not links:
        return set()
    group = groups(links)
    found: dict[tuple[str, str], list[Raw]] = defaultdict(list)
    same: set[int] = set()
    for item in raw:
        if item.kind is Kind.MODIFIED:
            if _same_group(item, old, new, group):
                same.add(id(item))
            continue
        if item.kind not in (Kind.REMOVED, Kind.ADDED):
            continue
        keyed, where = (
            (old, item.base_address) if item.kind is Kind.REMOVED else (new, item.address)
        )
        parent = address.parent(where)
        if keyed.lists.get(parent) != meaning.BY_VALUE:
            continue
        node = keyed.nodes.get(where)  # the entry's own schema (the list's items)
        target = node.reference if node is not None else None
        value = keyed.values.get(where)
        if target is None or not isinstance(value, str):
            continue
        collection = target if target.startswith("/") else _relative(parent, target)
        named = group.get(address.join(collection, value))
        if named is not None:
            found[(address.parent(item.address), named)].append(item)
    for items in found.values():
        kinds = {item.kind for item in items}
        if kinds == {Kind.REMOVED, Kind.ADDED}:
            same.update(id(item) for item in items)
    return same


def _same_group(item: Raw, old: Keyed, new: Keyed, group: dict[str, str]) -> bool:
    """A single reference changed from an item to its successor (a report now prepared by the
    renamed body): both name the same lineage group."""
    node = new.nodes.get(item.address)
    target = node.reference if node is not None else None
    before, after = old.values.get(item.base_address), new.values.get(item.address)
    if target is None or not isinstance(before, str) or not isinstance(after, str):
        return False
    collection = target if target.startswith("/") else _relative(item.address, target)
    named = group.get(address.join(collection, before))
    return named is not None and named == group.get(address.join(collection, after))


def _relative(where: str, target: str) -> str:
    """A relative reference's collection: inside the same top-level item as ``where``."""
    top = address.split(where)[:2]
    base = address.ROOT
    for segment in top:
        base = address.join(base, segment)
    return address.join(base, target)


def relocations(keyed: Keyed) -> dict[str, str]:
    """The addresses a version's tombstones say were relocated, with where to."""
    found: dict[str, str] = {}
    root = keyed.nodes.get(address.ROOT)
    data = keyed.values.get(address.ROOT)
    if root is None or not isinstance(data, dict):
        return found
    for key, value in data.items():
        node = root.entry(key)
        if node is None or node.keyword("tombstones") is None or not isinstance(value, list):
            continue
        items = node.items()
        where_key = items.property_with(RELOCATION) if items is not None else None
        identity = node.identity
        for tombstone in value:
            if not isinstance(tombstone, dict) or where_key is None:
                continue
            target = _relocation_text(items, tombstone)
            if target and isinstance(tombstone.get(identity), str):
                found[tombstone[identity]] = target
    return found


def _relocation_text(items: meaning.SchemaNode | None, tombstone: dict[str, Any]) -> str:
    if items is None:
        return ""
    for key in items.schema.get("properties", {}):
        entry = items.entry(key)
        if entry is not None and entry.keyword(RELOCATION) == "where":
            text = tombstone.get(key)
            return text if isinstance(text, str) else ""
    return ""


def content_key(value: Any, where: str, keyed: Keyed) -> str:
    """A fingerprint of an item's content with its identity left out, to notice an unlinked
    removal and addition that are the same item under a new id."""
    body = _without_identity(value, where, keyed)
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
