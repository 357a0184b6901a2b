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

from prepctl.core import address
from prepctl.io import schemas

# How the items of a list are told apart.
BY_VALUE = "@value"
BY_POSITION = "@position"

# x-prepctl-review: when the item holding the value was last reviewed; the days a review may be
# relied on.
REVIEW_LAST = "last"
REVIEW_INTERVAL = "interval"


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

    __slots__ = ("_children", "_items", "_root", "definitions", "schema")

    def __init__(self, root: dict[str, Any], schema: dict[str, Any]) -> None:
        self._root = root
        self._children: dict[str, SchemaNode | None] = {}
        self._items: list[SchemaNode | None] = []  # empty until first asked
        definitions: list[str] = []
        while "$ref" in schema:
            ref = schema["$ref"]
            definitions.append(ref[len("#/$defs/") :])
            target = self._root["$defs"][definitions[-1]]
            schema = _merge(target, {k: v for k, v in schema.items() if k != "$ref"})
        self.schema = schema
        self.definitions = tuple(definitions)
        """The shared definitions this schema was reached through, as the bundle names them
        (``common.satisfies`` for ``common.schema.json#/$defs/satisfies``), outermost first."""

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

    def is_a(self, definition: str) -> bool:
        """Whether this schema is the shared definition ``definition``, written as a reference
        is (``common.schema.json#/$defs/satisfies``), directly or through other references."""
        return bool(self.definitions) and _bundled(definition) in self.definitions

    def properties(self) -> list[str]:
        """The mapping keys this schema declares, in the schema's order (the order ``fmt``
        writes them in)."""
        declared = self.schema.get("properties")
        return list(declared) if isinstance(declared, dict) else []

    def order_keys(self, keys: list[Any]) -> list[Any]:
        """``keys`` in canonical order: those the schema declares in its order, then the others
        in the order given."""
        rank = {key: position for position, key in enumerate(self.properties())}
        listed = sorted((key for key in keys if key in rank), key=lambda key: rank[key])
        return listed + [key for key in keys if key not in rank]

    @property
    def paragraph(self) -> bool:
        """Whether this is running text (prose, a definition, a commitment) rather than a name
        or a value: text with a kind (``x-prepctl-text``) and no length limit."""
        return self.text is not None and "maxLength" not in self.schema

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
def _bundled(definition: str) -> str:
    """How a bundle names the shared definition a reference such as
    ``common.schema.json#/$defs/satisfies`` points to (:func:`prepctl.io.schemas.bundle`)."""
    file, _, fragment = definition.partition("#/$defs/")
    return f"{file.removesuffix(schemas.SUFFIX)}.{fragment}"


@cache
def root(name: str = "framework") -> SchemaNode:
    """The schema node of a whole framework document (the manifest plus its collections)."""
    bundled = schemas.bundle(name)
    return SchemaNode(bundled, bundled)


def _marked(node: SchemaNode, keyword: str, where: str) -> list[tuple[str, Any]]:
    """Each place at or below ``where`` (through mappings) whose schema carries ``keyword``,
    with the keyword's value, in the schema's order."""
    found: list[tuple[str, Any]] = []
    value = node.keyword(keyword)
    if value is not None:
        found.append((where, value))
    for key in node.properties():
        child = node.entry(key)
        if child is not None:
            found.extend(_marked(child, keyword, address.join(where, key)))
    return found


RELEASE_VERSION = "version"
RELEASE_EFFECTIVE = "effective"


@cache
def release_fields() -> dict[str, str]:
    """The manifest fields a release sets, by what they hold (``x-prepctl-release``): the
    address of the version (:data:`RELEASE_VERSION`) and of the date it takes effect
    (:data:`RELEASE_EFFECTIVE`). A change to them is the release itself, not its content."""
    return {str(value): where for where, value in _marked(root(), "release", "")}


def release_field(role: str) -> str:
    """The address of the manifest field that holds ``role`` of a release (see
    :func:`release_fields`)."""
    return release_fields()[role]


@cache
def group_collection() -> str | None:
    """The key of the collection whose items group a framework's changes in reports (the
    collection marked ``x-prepctl-group``), if one is."""
    return next((key for key, node in root().collections().items() if node.keyword("group")), None)


@cache
def claims_address() -> str | None:
    """The address of the list naming the compliance profiles a framework claims (the place
    marked ``x-prepctl-compliance: "claims"``), if the schema has one."""
    return next(
        (where for where, value in _marked(root(), "compliance", "") if value == "claims"), None
    )


@cache
def compared_collections() -> tuple[tuple[str, str], ...]:
    """The collections two versions are compared on (all but ``x-prepctl-compare: false``), in
    the schema's order, each with the word for one of its items: the last word of the item
    schema's title (``Risk category``: category)."""
    found = []
    for key, node in root().collections().items():
        if node.keyword("compare") is False:
            continue
        item = node.items()
        title = str(item.schema.get("title", "")) if item is not None else ""
        found.append((key, title.split()[-1].lower() if title.strip() else key))
    return tuple(found)
