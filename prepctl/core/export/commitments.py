"""The commitments of a framework version, found through the schema's keywords, for exports.

An **entry** is an item of the framework that another format can carry as one obligation:

* an item holding commitment text (a property marked ``x-prepctl-text: "commitment"``): a
  level's response, a duty, a safeguard's measure, an exception's precondition;
* a **decision rule** (an item of a list that is the shared ``rules`` definition);
* a **threshold** (:func:`prepctl.core.concepts.vocabulary`): what a category's level means;
* an item mapped to compliance requirements (it holds a ``satisfies`` list).

Collections the schema leaves out of comparison (``x-prepctl-compare: false``: change records)
hold no commitments. Each entry keeps its address, so an export can always point back to the
framework.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from prepctl.core import address, concepts, meaning, walk
from prepctl.core.compliance.mappings import MAPPINGS
from prepctl.core.document import Document

RULES = "common.schema.json#/$defs/rules"
FORCE = "common.schema.json#/$defs/force"

RULE = "decision-rule"
THRESHOLD = "threshold"
COMMITMENT = "commitment"


class Text(NamedTuple):
    """One text property of an entry: its key, its kind (``x-prepctl-text``) and its text."""

    key: str
    kind: str
    text: str


class Value(NamedTuple):
    """One plain value of an entry (a stage, a duration, a bar's parameter), named by its path
    of keys inside the entry (``bar.harm.deaths``)."""

    name: str
    value: str


class Entry(NamedTuple):
    """One commitment of the framework."""

    address: str
    kind: str
    item: dict[str, Any]
    node: meaning.SchemaNode

    @property
    def id(self) -> str:
        return address.split(self.address)[-1] if self.address != address.ROOT else ""

    def texts(self) -> list[Text]:
        """The entry's own prose, in the schema's order."""
        found = []
        for key in self.node.order_keys(list(self.item)):
            entry = self.node.entry(key)
            value = self.item[key]
            if entry is not None and entry.paragraph and isinstance(value, str):
                found.append(Text(key, entry.text or "", value.strip()))
        return found

    def force(self) -> str | None:
        """How strongly the entry binds, when its schema says (absent: the strictest force)."""
        for key in self.node.properties():
            entry = self.node.entry(key)
            if entry is not None and entry.is_a(FORCE):
                value = self.item.get(key)
                if isinstance(value, str):
                    return value
                order = entry.keyword("order")
                return str(order[-1]) if isinstance(order, list) and order else None
        return None

    def values(self) -> list[Value]:
        """The entry's plain values (not prose, references, identities or mappings), with the
        default of an ordered choice the entry leaves out."""
        found: list[Value] = []
        _plain(self.item, self.node, "", found, top=True)
        return found

    def references(self) -> list[tuple[str, str]]:
        """(key, address) of every item this entry names through an ``x-prepctl-ref``."""
        found = []
        for key in self.node.order_keys(list(self.item)):
            entry = self.node.entry(key)
            if entry is None:
                continue
            target = entry.reference
            listed = self.item[key] if isinstance(self.item[key], list) else [self.item[key]]
            if target is None and "items" in entry.schema:
                items = entry.items()
                target = items.reference if items is not None else None
            if target is None:
                continue
            for value in listed:
                if isinstance(value, str):
                    found.append((key, resolve(self.address, target, value)))
        return found


def resolve(where: str, target: str, value: str) -> str:
    """The address an ``x-prepctl-ref`` value names, seen from the item at ``where``: an
    absolute reference names an item of that list, a relative one an item inside the same
    top-level item (the same category)."""
    base = address.ROOT
    segments = address.split(target) if target.startswith("/") else address.split(where)[:2]
    if not target.startswith("/"):
        segments += address.split("/" + target)
    for segment in [*segments, value]:
        base = address.join(base, segment)
    return base


def _plain(
    value: dict[str, Any], node: meaning.SchemaNode, prefix: str, found: list[Value], *, top: bool
) -> None:
    identity = {"id"} if top else set()
    for key in node.order_keys(list(value)):
        entry = node.entry(key)
        child = value[key]
        if entry is None or key in identity or entry.text is not None or entry.reference:
            continue
        if entry.is_a(MAPPINGS) or entry.keyword("lineage") is not None:
            continue
        name = f"{prefix}{key}"
        if isinstance(child, dict):
            _plain(child, entry, f"{name}.", found, top=False)
        elif isinstance(child, list):
            items = entry.items()
            if items is not None and items.reference:
                continue
            found.extend(Value(name, _scalar(v)) for v in child if _is_scalar(v))
        elif _is_scalar(child):
            found.append(Value(name, _scalar(child)))
    if top:
        for key in node.properties():
            entry = node.entry(key)
            if key in value or entry is None or entry.keyword("order") is None:
                continue
            if "default" in entry.schema and entry.schema["default"] is not None:
                found.append(Value(key, _scalar(entry.schema["default"])))


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) and not isinstance(value, dict)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def entries(document: Document) -> list[Entry]:
    """Every commitment of the framework, parents before children, in document order."""
    kinds: dict[str, str] = {}
    places = {place.address: place for place in walk.places(document) if place.path}
    words = concepts.vocabulary()
    for place in places.values():
        if skipped(place.address):
            continue
        node = place.node
        if node is None:
            continue
        parent = address.parent(place.address)
        committing = node.text == "commitment" and isinstance(place.value, str)
        if committing or (node.is_a(MAPPINGS) and place.value):
            kinds.setdefault(parent, COMMITMENT)
        container = places.get(parent)
        if not isinstance(place.value, dict) or container is None or container.node is None:
            continue
        if container.node.is_a(RULES):
            kinds[place.address] = RULE
        elif words is not None and _is_threshold(place.address, words):
            kinds[place.address] = THRESHOLD
        elif isinstance(container.value, list) and _binds(place.value, node):
            kinds.setdefault(place.address, COMMITMENT)
    # An item holding commitments is one itself (a body and its responsibilities, an
    # exception and its preconditions), unless it is a whole file (a category is a group).
    collections = meaning.root().collections()
    for where in list(kinds):
        for above in ancestors(address.parent(where)):
            segments = address.split(above)
            container = places.get(address.parent(above))
            if len(segments) == 2 and segments[0] in collections:
                break
            if container is not None and isinstance(container.value, list):
                kinds.setdefault(above, COMMITMENT)
    found = []
    for where, place in places.items():
        if where in kinds and isinstance(place.value, dict) and place.node is not None:
            found.append(Entry(where, kinds[where], place.value, place.node))
    return found


def _binds(item: dict[str, Any], node: meaning.SchemaNode) -> bool:
    """Whether a list item states something (prose that is not editorial) about other items it
    names (a decision and its bodies, an evaluation and its thresholds)."""
    prose = referring = False
    for key, value in item.items():
        entry = node.entry(key)
        if entry is None or value in (None, [], ""):
            continue
        prose = prose or (entry.paragraph and entry.text != "editorial")
        items = entry.items() if "items" in entry.schema else None
        referring = referring or bool(entry.reference or (items is not None and items.reference))
    return prose and referring


def _is_threshold(where: str, words: concepts.Vocabulary) -> bool:
    segments = address.split(where)
    return (
        len(segments) == 4
        and segments[0] == words.collection
        and segments[2] == words.thresholds_key
    )


def skipped(where: str) -> bool:
    """Whether the value lies in a collection that is not compared (it holds no commitment)."""
    segments = address.split(where)
    collection = meaning.root().collections().get(segments[0]) if segments else None
    return collection is not None and collection.keyword("compare") is False


def level_of(entry: Entry, document: Document) -> str | None:
    """The level an entry belongs to: the level it stands under, or its threshold's level."""
    words = concepts.vocabulary()
    if words is None:
        return None
    levels = address.split(words.levels)
    for where in ancestors(entry.address):
        segments = address.split(where)
        if segments[:-1] == levels and len(segments) == len(levels) + 1:
            return segments[-1]
        if _is_threshold(where, words):
            value = document.get(where)
            level = value.get(words.level_key) if isinstance(value, dict) else None
            return level if isinstance(level, str) else None
    return None


def ancestors(where: str) -> Iterator[str]:
    """``where`` and each address above it, nearest first, down to (not including) the root."""
    while where not in (address.ROOT, "/", ""):
        yield where
        where = address.parent(where)


def texts(value: Any) -> list[str]:
    """The text items of a list (nothing when ``value`` is not a list)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def get(value: Any, *keys: str) -> Any:
    """The value under ``keys`` in nested mappings, or None."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def listed(value: Any, *keys: str) -> list[dict[str, Any]]:
    """The mappings in the list under ``keys``."""
    found = get(value, *keys)
    return [v for v in found if isinstance(v, dict)] if isinstance(found, list) else []
