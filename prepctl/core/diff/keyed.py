"""Both versions with every list turned into a mapping keyed by its items' identity.

Before comparing, each list becomes a mapping from its items' address segments to the items
(the ids of ``x-prepctl-identity``; ``#N`` only for lists the schema orders by position), so
that items are matched by identity, never by list position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prepctl.core import address, document, meaning
from prepctl.core.document import Document

_FLAG = "\x00bool"
"""Booleans are keyed as ``(_FLAG, value)`` so that plain ``==`` tells true from 1 (Python's
``True == 1``) while 1 and 1.0 stay the same number; YAML data never holds a tuple."""


@dataclass
class Keyed:
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


def keyed_tree(doc: Document) -> Keyed:
    keyed = Keyed()
    keyed.data = keyed.add(address.ROOT, doc.data, meaning.root())
    return keyed


def keyed_pair(base: Document, head: Document) -> tuple[Keyed, Keyed]:
    """The keyed trees of two versions, as :func:`compare` takes them, built only where the
    versions differ.

    An entry that is the same on both sides (equal, and of the same types throughout, so that
    ``true`` is never taken for 1 nor 0.0 for -0.0) is left out of both, and nothing below it is
    indexed: :func:`differences` finds nothing there either way, and nothing else looks below a
    place that did not change. Everything else is keyed exactly as :meth:`Keyed.add` keys it.
    When the versions share most of their data (parsed once per file and reused), this costs in
    proportion to what changed, not to the size of the framework.
    """
    old, new = Keyed(), Keyed()
    root = meaning.root()
    old.data, new.data = _pair(old, new, address.ROOT, base.data, head.data, root, root)
    return old, new


def _pair(
    old: Keyed,
    new: Keyed,
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
    old: Keyed,
    new: Keyed,
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
    keyed: Keyed, where: str, value: Any, node: meaning.SchemaNode | None
) -> dict[str, tuple[Any, meaning.SchemaNode | None]] | None:
    """A mapping's or list's entries by key as :meth:`Keyed.add` keys them (a list's order
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
