"""Safety meaning read from the schemas' ``x-prepctl-*`` keywords.

Nothing else in prepctl knows what a field means: identity of list items, which direction of a
number or a collection is stricter, the order of an enum, whether text is editorial, substantive
or a commitment, what a reference points to. A :class:`SchemaNode` answers those questions for
one place in the framework, and walks down to the places below it. See ``schemas/README.md`` for
the vocabulary.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from prepctl.io import schemas

# How the items of a list are told apart.
BY_VALUE = "@value"
BY_POSITION = "@position"


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class SchemaNode:
    """The (bundled, reference-resolved) schema that governs one place in a framework."""

    __slots__ = ("_children", "_items", "_root", "schema")

    def __init__(self, root: dict[str, Any], schema: dict[str, Any]) -> None:
        self._root = root
        self._children: dict[str, SchemaNode | None] = {}
        self._items: list[SchemaNode | None] = []  # empty until first asked
        while "$ref" in schema:
            ref = schema["$ref"]
            target = self._root["$defs"][ref[len("#/$defs/") :]]
            schema = _merge(target, {k: v for k, v in schema.items() if k != "$ref"})
        self.schema = schema

    def _child(self, schema: Any) -> SchemaNode | None:
        return SchemaNode(self._root, schema) if isinstance(schema, dict) else None

    def entry(self, key: str) -> SchemaNode | None:
        """The schema of mapping entry ``key``, if the schema knows it."""
        if key in self._children:
            return self._children[key]
        found = None
        for table in ("properties", "x-prepctl-collections"):
            entry = self.schema.get(table, {}).get(key)
            if entry is not None:
                found = self._child(entry)
                break
        else:
            found = self._child(self.schema.get("additionalProperties"))
        self._children[key] = found
        return found

    def items(self) -> SchemaNode | None:
        """The schema of this list's items."""
        if not self._items:
            self._items.append(self._child(self.schema.get("items")))
        return self._items[0]

    def keyword(self, name: str, default: Any = None) -> Any:
        return self.schema.get("x-prepctl-" + name, default)

    @property
    def identity(self) -> str:
        """The key naming this list's items, or BY_VALUE, or BY_POSITION."""
        return str(self.keyword("identity", BY_POSITION))

    @property
    def reference(self) -> str | None:
        """The address of the collection this value names an item of, if it is a reference."""
        ref = self.keyword("ref")
        return str(ref) if ref is not None else None

    @property
    def text(self) -> str | None:
        """'editorial', 'substantive' or 'commitment' for prose; None otherwise."""
        text = self.keyword("text")
        return str(text) if text is not None else None

    def property_with(self, keyword: str) -> str | None:
        """The name of this mapping's property whose schema carries ``x-prepctl-<keyword>``
        (such as the lineage list, ``replaces``), if any."""
        for key in self.schema.get("properties", {}):
            entry = self.entry(key)
            if entry is not None and entry.keyword(keyword) is not None:
                return str(key)
        return None

    def collections(self) -> dict[str, SchemaNode]:
        """Collections kept in folders beside this file, by document key."""
        found = {}
        for key, entry in self.schema.get("x-prepctl-collections", {}).items():
            node = self._child(entry)
            if node is not None:
                found[key] = node
        return found


@cache
def root(name: str = "framework") -> SchemaNode:
    """The schema node of a whole framework document (the manifest plus its collections)."""
    bundled = schemas.bundle(name)
    return SchemaNode(bundled, bundled)
