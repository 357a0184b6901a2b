"""Walking a framework document value by value, each with its schema, file, path and address.

Rules find what they check through the schema's ``x-prepctl-*`` keywords (a reference, a
commitment text, a list's identity) rather than through field names, so they walk every value
beside its :class:`~prepctl.core.meaning.SchemaNode`. Values of any type are visited: a rule must
expect data that failed schema validation.
"""

from __future__ import annotations

import weakref
from typing import Any, NamedTuple

from prepctl.core import address, meaning
from prepctl.core.document import Document, Location, SourceFile
from prepctl.io import yaml as yamlio


class Place(NamedTuple):
    """One value of the framework: where it is written and what the schema says of it."""

    file: SourceFile
    path: yamlio.Path
    address: str
    value: Any
    node: meaning.SchemaNode | None

    @property
    def location(self) -> Location:
        return self.file.location(self.path)


def file_node(file: SourceFile) -> meaning.SchemaNode | None:
    """The schema of a whole file: the manifest's, or the item schema of its collection."""
    root = meaning.root()
    where = file.addresses.get((), address.ROOT)
    segments = address.split(where)
    if not segments:
        return root
    collection = root.entry(segments[0])
    return collection.items() if collection is not None else None


def collection_files(document: Document) -> dict[str, list[SourceFile]]:
    """The files of each collection the schema declares, by the collection's key."""
    result: dict[str, list[SourceFile]] = {}
    for key, node in meaning.root().collections().items():
        prefix = f"{node.keyword('directory')}/"
        result[key] = [file for file in document.files if file.relative.startswith(prefix)]
    return result


_PLACES: dict[int, list[Place]] = {}


def places(document: Document) -> list[Place]:
    """Every value of every file, parents before children, files in document order.

    Several rules walk the same document in one run, so the walk is kept for as long as the
    document lives.
    """
    key = id(document)
    if key not in _PLACES:
        found: list[Place] = []
        for file in document.files:
            _walk(found, file, file.data, (), file_node(file))
        _PLACES[key] = found
        weakref.finalize(document, _PLACES.pop, key, None)
    return _PLACES[key]


def _walk(
    found: list[Place],
    file: SourceFile,
    value: Any,
    path: yamlio.Path,
    node: meaning.SchemaNode | None,
) -> None:
    where = file.addresses.get(path)
    found.append(Place(file, path, where if where is not None else file.address(path), value, node))
    if isinstance(value, dict):
        for key, child in value.items():
            _walk(found, file, child, (*path, key), node.entry(key) if node else None)
    elif isinstance(value, list):
        items = node.items() if node else None
        for index, child in enumerate(value):
            _walk(found, file, child, (*path, index), items)


def schema_at(where: str) -> meaning.SchemaNode | None:
    """The schema of the value at an address, such as ``/governance/bodies`` or
    ``/categories/cybersecurity/thresholds``; None when the schema has no such place."""
    node: meaning.SchemaNode | None = meaning.root()
    for segment in address.split(where):
        if node is None:
            return None
        node = node.items() if "items" in node.schema else node.entry(segment)
    return node


def text(value: Any) -> str | None:
    """``value`` when it is text, else None (rules skip what the schema rule reports)."""
    return value if isinstance(value, str) else None
