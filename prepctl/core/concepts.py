"""What parts of a framework mean, read from the schema's ``x-prepctl-*`` keywords.

The one place that answers, for any command, questions a field's name must not answer:

* the **levels** are the list an ``x-prepctl-ref`` points to whose schema is
  ``x-prepctl-ordered`` (lowest first);
* a **threshold** is an item of a list, inside a collection item (a category), whose items
  refer to the levels; its **required safeguards** are its references to another collection;
* an item's **ordered status** is its enum with ``x-prepctl-order`` (least strict first): a
  category is *tracked* at the strictest value, and a schema with no such enum makes every
  item tracked; a safeguard is *yet to be specified* at the least strict value;
* the date an item was **last reviewed** is its property with ``x-prepctl-review: "last"``;
* the **tombstones** are the list with ``x-prepctl-tombstones``: its identity names a retired
  address, and the keyword names the property holding the date it was retired;
* a list of **compliance mappings** is the schemas' shared ``satisfies`` definition
  (``common.schema.json#/$defs/satisfies``), whatever key holds it.

A value the schema leaves out (an optional status) counts as the schema's ``default``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple

from prepctl.core import address, meaning, walk

# The compliance mappings' definition as it stands in a bundled schema (see prepctl.io.schemas).
_MAPPINGS_DEFINITION = "#/$defs/common.satisfies"


class Vocabulary(NamedTuple):
    """Where levels, thresholds and required safeguards live (field names, read from keywords)."""

    collection: str
    thresholds_key: str
    threshold_identity: str
    level_key: str
    levels: str
    level_identity: str
    safeguard_keys: tuple[str, ...]
    safeguards: str | None
    order_key: str | None
    tracked_value: str | None


class Order(NamedTuple):
    """An item's ordered status: the property holding it and its values, least strict first."""

    key: str
    values: tuple[str, ...]
    default: Any = None

    def value(self, item: Mapping[str, Any]) -> Any:
        return item.get(self.key, self.default)

    def at_strictest(self, item: Mapping[str, Any]) -> bool:
        return bool(self.values) and self.value(item) == self.values[-1]

    def at_least_strict(self, item: Mapping[str, Any]) -> bool:
        return bool(self.values) and self.value(item) == self.values[0]


class Tombstones(NamedTuple):
    """The list of retired addresses: its key at the root, the property naming each address
    (the list's identity) and the one holding the date it was retired."""

    key: str
    identity: str
    date: str


def properties(node: meaning.SchemaNode) -> list[str]:
    found = node.schema.get("properties")
    return list(found) if isinstance(found, dict) else []


def order(node: meaning.SchemaNode | None) -> Order | None:
    """The ordered status of the items ``node`` describes; None when they have none."""
    if node is None:
        return None
    for key in properties(node):
        entry = node.entry(key)
        values = entry.keyword("order") if entry is not None else None
        if isinstance(values, list) and values and entry is not None:
            return Order(key, tuple(str(v) for v in values), entry.schema.get("default"))
    return None


@cache
def collection_order(collection: str) -> Order | None:
    """The ordered status of a collection's items (a category's, a safeguard's)."""
    node = meaning.root().entry(collection)
    return order(node.items() if node is not None else None)


def is_tracked(collection: str, item: Mapping[str, Any]) -> bool:
    """Whether an item of a collection is at its strictest status (a tracked category);
    every item is when the schema orders no status."""
    found = collection_order(collection)
    return found is None or found.at_strictest(item)


def is_unspecified(collection: str, item: Mapping[str, Any]) -> bool:
    """Whether an item of a collection is at its least strict status (a safeguard whose
    details are still to come); none is when the schema orders no status."""
    found = collection_order(collection)
    return found is not None and found.at_least_strict(item)


def review_key(node: meaning.SchemaNode | None, kind: str = "last") -> str | None:
    """The property of the item ``node`` describes marked ``x-prepctl-review: KIND``."""
    if node is None:
        return None
    for key in properties(node):
        entry = node.entry(key)
        if entry is not None and entry.keyword("review") == kind:
            return key
    return None


@cache
def tombstones() -> Tombstones | None:
    """The framework's list of retired addresses, if its schema has one."""
    root = meaning.root()
    for key in properties(root):
        entry = root.entry(key)
        date = entry.keyword("tombstones") if entry is not None else None
        if entry is not None and isinstance(date, str):
            return Tombstones(key, entry.identity, date)
    return None


def relocation_keys() -> dict[str, str]:
    """The tombstone properties the schema marks ``x-prepctl-relocation``, by their mark:
    ``{"where": "relocated-to", "kind": "relocation"}`` in the shipped schema."""
    found = tombstones()
    items = meaning.root().entry(found.key) if found is not None else None
    items = items.items() if items is not None else None
    if items is None:
        return {}
    marks: dict[str, str] = {}
    for key in properties(items):
        entry = items.entry(key)
        mark = entry.keyword("relocation") if entry is not None else None
        if isinstance(mark, str):
            marks[mark] = key
    return marks


def is_mappings(parent: meaning.SchemaNode | None, key: str) -> bool:
    """Whether entry ``key`` of the mapping ``parent`` describes is a list of compliance
    mappings."""
    if parent is None:
        return False
    written = parent.schema.get("properties", {}).get(key)
    return isinstance(written, dict) and written.get("$ref") == _MAPPINGS_DEFINITION


def _reference(node: meaning.SchemaNode | None) -> str | None:
    """What a value, or each item of a list, refers to."""
    if node is None:
        return None
    if node.reference is not None:
        return node.reference
    items = node.items() if "items" in node.schema else None
    return items.reference if items is not None else None


@cache
def vocabulary() -> Vocabulary | None:
    """The shapes of thresholds and levels in the shipped schemas; None if they have none."""
    root = meaning.root()
    collections = root.collections()
    for key, collection in collections.items():
        item = collection.items()
        if item is None:
            continue
        status = order(item)
        for list_key in properties(item):
            listed = item.entry(list_key)
            element = listed.items() if listed is not None and "items" in listed.schema else None
            if element is None:
                continue
            for level_key in properties(element):
                target = _reference(element.entry(level_key))
                levels = walk.schema_at(target) if target and target.startswith("/") else None
                if levels is None or levels.keyword("ordered") is not True:
                    continue
                safeguard_keys: list[str] = []
                safeguards: str | None = None
                for other in properties(element):
                    ref = _reference(element.entry(other))
                    if ref and ref.startswith("/") and address.split(ref)[0] in collections:
                        safeguard_keys.append(other)
                        safeguards = safeguards or ref
                return Vocabulary(
                    collection=key,
                    thresholds_key=list_key,
                    threshold_identity=listed.identity if listed is not None else "id",
                    level_key=level_key,
                    levels=target or "",
                    level_identity=levels.identity,
                    safeguard_keys=tuple(safeguard_keys),
                    safeguards=safeguards,
                    order_key=status.key if status is not None else None,
                    tracked_value=status.values[-1] if status is not None else None,
                )
    return None


def is_required_reference(where: str) -> bool:
    """Whether the list at address ``where`` holds a threshold's required safeguards
    (``/categories/cyber/thresholds/high/safeguards``)."""
    words = vocabulary()
    segments = address.split(where)
    return (
        words is not None
        and len(segments) == 5
        and segments[0] == words.collection
        and segments[2] == words.thresholds_key
        and segments[4] in words.safeguard_keys
    )


class Tracking(NamedTuple):
    """Where an item's schema keeps its ordered status, and the value that means tracked."""

    key: str | None
    value: str | None

    def tracked(self, item: Any) -> bool:
        """Whether an item (its data) is tracked."""
        if self.key is None:
            return True
        return isinstance(item, dict) and item.get(self.key) == self.value


def tracking(item: meaning.SchemaNode) -> Tracking:
    """How items with the schema ``item`` say whether they are tracked."""
    for key in item.properties():
        entry = item.entry(key)
        order = entry.keyword("order") if entry is not None else None
        if isinstance(order, list) and order:
            return Tracking(key, str(order[-1]))
    return Tracking(None, None)


@cache
def _categories() -> Tracking:
    group = meaning.group_collection()
    collection = meaning.root().entry(group) if group is not None else None
    item = collection.items() if collection is not None else None
    return tracking(item) if item is not None else Tracking(None, None)


def is_tracked_category(category: Any) -> bool:
    """Whether a category (an item of the collection that groups a framework, its data) is
    tracked."""
    return _categories().tracked(category)
