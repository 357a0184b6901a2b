"""Concepts defined once from the schema: which categories are tracked."""

from __future__ import annotations

from prepctl.core import concepts, meaning


def test_tracked_is_the_strictest_value_of_the_ordered_status() -> None:
    categories = meaning.root().entry("categories")
    assert categories is not None
    item = categories.items()
    assert item is not None
    assert concepts.tracking(item) == concepts.Tracking("status", "tracked")
    assert concepts.is_tracked({"id": "cyber", "status": "tracked"})
    assert not concepts.is_tracked({"id": "cyber", "status": "research"})
    assert not concepts.is_tracked({"id": "cyber"})
    assert not concepts.is_tracked(["not", "a", "category"])


def test_without_an_ordered_status_every_item_is_tracked() -> None:
    plain = meaning.SchemaNode({}, {"type": "object", "properties": {"id": {"type": "string"}}})
    assert concepts.tracking(plain) == concepts.Tracking(None, None)
    assert concepts.tracking(plain).tracked({"id": "anything"})
