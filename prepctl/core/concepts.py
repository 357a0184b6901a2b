"""Concepts of a framework that several parts of prepctl need, each defined once, from the
schema's keywords rather than from field names.

A category is **tracked** when its status (the property whose enum has ``x-prepctl-order``)
holds the strictest, last value of that order; a category schema with no such property makes
every category tracked.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from prepctl.core import meaning


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


def is_tracked(category: Any) -> bool:
    """Whether a category (an item of the collection that groups a framework, its data) is
    tracked."""
    return _categories().tracked(category)
