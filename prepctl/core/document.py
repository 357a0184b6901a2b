"""One version of a framework as a single document: plain data plus where everything stands.

The manifest's content forms the root of the document; each collection the schema declares
(``x-prepctl-collections``) becomes a list under its key, one item per file, in file-name order.
While assembling, every value gets an address (ids, never positions) and a location
(``file:line:column``, 1-based), so every command can name and point at anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from prepctl.core import address, meaning
from prepctl.core.source import MANIFEST, Snapshot
from prepctl.errors import InputError
from prepctl.io import schemas
from prepctl.io import yaml as yamlio


class Location(NamedTuple):
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class SourceFile:
    """One file of the framework, with its place in the document."""

    relative: str
    display: str
    schema: str
    parsed: yamlio.YamlFile
    addresses: dict[yamlio.Path, str] = field(default_factory=dict)

    @property
    def data(self) -> Any:
        return self.parsed.data

    def location(self, path: yamlio.Path) -> Location:
        """Where the value at ``path`` (within this file) starts, or its nearest parent."""
        while path not in self.parsed.values and path:
            path = path[:-1]
        line, column = self.parsed.values.get(path, (1, 1))
        return Location(self.display, line, column)

    def key_location(self, path: yamlio.Path) -> Location:
        """Where the key of mapping entry ``path`` stands (its value's place if unknown)."""
        if path in self.parsed.keys:
            line, column = self.parsed.keys[path]
            return Location(self.display, line, column)
        return self.location(path)

    def address(self, path: yamlio.Path) -> str:
        """The address of the value at ``path`` within this file, or of its nearest parent."""
        tail: list[str] = []
        while path not in self.addresses and path:
            tail.append(str(path[-1]))
            path = path[:-1]
        result = self.addresses.get(path, address.ROOT)
        for segment in reversed(tail):
            result = address.join(result, segment)
        return result


class Unreadable(NamedTuple):
    """A file of the framework that could not be read as YAML, and so is not in the document."""

    relative: str
    address: str
    """The address its file name gives it (its id cannot be read): '/categories/bio' for
    ``categories/bio.yaml``, the root for the manifest."""
    error: InputError


@dataclass
class Document:
    """A whole framework version."""

    snapshot: Snapshot
    data: dict[str, Any]
    files: list[SourceFile]
    locations: Mapping[str, Location]
    unreadable: list[Unreadable] = field(default_factory=list)
    """Files left out because they could not be read (only when loaded with ``keep_going``)."""

    def location(self, where: str) -> Location | None:
        """Where the value at an address starts; for an unknown address, its nearest ancestor."""
        while where not in self.locations:
            if where in (address.ROOT, "/"):
                return None
            where = address.parent(where)
        return self.locations[where]

    _indexes: dict[int, tuple[list[Any], list[str], dict[str, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """Each list looked into, by ``id()``, with its items' segments and their positions: an
    item is then found at once in a list of five or of twenty thousand."""

    def get(self, where: str) -> Any:
        """The value at an address, or None when nothing is there."""
        return self.lookup(where)[0]

    def segments(self, items: list[Any], node: meaning.SchemaNode | None) -> list[str]:
        """The address segments of a list of this document's data (computed once a list)."""
        return self._indexed(items, node)[1]

    def _indexed(
        self, items: list[Any], node: meaning.SchemaNode | None
    ) -> tuple[list[Any], list[str], dict[str, int]]:
        found = self._indexes.get(id(items))
        if found is None or found[0] is not items:
            identity = node.identity if node else meaning.BY_POSITION
            segments = item_segments(items, identity)
            found = (items, segments, {segment: n for n, segment in enumerate(segments)})
            self._indexes[id(items)] = found  # the list is kept, so its id stays its own
        return found

    def lookup(self, where: str) -> tuple[Any, meaning.SchemaNode | None]:
        """The value at an address and the schema that governs it; (None, None) when nothing
        is there."""
        value: Any = self.data
        node: meaning.SchemaNode | None = meaning.root()
        for segment in address.split(where):
            if isinstance(value, dict):
                value = value.get(segment)
                node = node.entry(segment) if node else None
            elif isinstance(value, list):
                items, _, positions = self._indexed(value, node)
                position = positions.get(segment)
                value = items[position] if position is not None else None
                node = node.items() if node else None
            else:
                return None, None
            if value is None:
                return None, None
        return value, node


def item_segments(items: list[Any], identity: str) -> list[str]:
    """The address segment of each item of a list; a repeated identity falls back to '#N'."""
    segments: list[str] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        segment = _item_segment(item, index, identity)
        if segment in seen:
            segment = f"#{index}"
        seen.add(segment)
        segments.append(segment)
    return segments


def _item_segment(item: Any, index: int, identity: str) -> str:
    """The address segment naming one list item, by the identity its schema declares."""
    if identity == meaning.BY_VALUE and isinstance(item, (str, int, float, bool)):
        return str(item)
    if identity not in (meaning.BY_VALUE, meaning.BY_POSITION) and isinstance(item, dict):
        key = item.get(identity)
        if isinstance(key, (str, int)) and not isinstance(key, bool):
            return str(key)
    # No usable identity: the position, marked so that it can never be mistaken for an id.
    return f"#{index}"


class Locations(Mapping[str, Location]):
    """Where each address of a document is: the file and the path inside it are noted while
    indexing, and the :class:`Location` is made only when asked for (most never are)."""

    def __init__(self) -> None:
        self._places: dict[str, tuple[SourceFile, yamlio.Path]] = {}

    def note(self, where: str, file: SourceFile, path: yamlio.Path) -> None:
        self._places.setdefault(where, (file, path))

    def __getitem__(self, where: str) -> Location:
        file, path = self._places[where]
        return file.location(path)

    def __contains__(self, where: object) -> bool:
        return where in self._places

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


class _Indexer:
    """Walks data beside its schema, giving every value an address and a location."""

    def __init__(self, locations: Locations) -> None:
        self.locations = locations

    def walk(
        self,
        file: SourceFile,
        value: Any,
        path: yamlio.Path,
        where: str,
        node: meaning.SchemaNode | None,
    ) -> None:
        file.addresses[path] = where
        self.locations.note(where, file, path)
        if isinstance(value, dict):
            for key, child in value.items():
                self.walk(
                    file,
                    child,
                    (*path, key),
                    address.join(where, key),
                    node.entry(key) if node else None,
                )
        elif isinstance(value, list):
            items = node.items() if node else None
            identity = node.identity if node else meaning.BY_POSITION
            for index, segment in enumerate(item_segments(value, identity)):
                self.walk(file, value[index], (*path, index), address.join(where, segment), items)


def load(
    snapshot: Snapshot,
    *,
    parse: Callable[[bytes, str], yamlio.YamlFile] = yamlio.parse,
    keep_going: bool = False,
) -> Document:
    """Parse every file of a snapshot and assemble the document.

    ``parse`` may be a caching parser (``io.yaml_pieces.parse_cached`` keys by blob sha). A file
    that cannot be read raises :class:`InputError`, unless ``keep_going``: the document then
    leaves it out and lists it in ``unreadable`` (lint reports every such file at once).
    """
    if snapshot.unreadable and not keep_going:
        raise next(iter(snapshot.unreadable.values()))
    root = meaning.root()
    locations = Locations()
    indexer = _Indexer(locations)
    unreadable: list[Unreadable] = []

    def read(relative: str, schema: str, where: str) -> SourceFile | None:
        error = snapshot.unreadable.get(relative)
        if error is None:
            try:
                return _parse(snapshot, relative, schema, parse)
            except InputError as exc:
                if not keep_going:
                    raise
                error = exc
        unreadable.append(Unreadable(relative, where, error))
        return None

    manifest = read(MANIFEST, "framework", address.ROOT)
    files = [] if manifest is None else [manifest]
    data: dict[str, Any] = {}
    if manifest is not None:
        data.update(manifest.data if isinstance(manifest.data, dict) else {})
        indexer.walk(manifest, manifest.data, (), address.ROOT, root)
    for key, collection in root.collections().items():
        folder = str(collection.keyword("directory"))
        items_node = collection.items()
        schema_name = _schema_name(key)
        identity = collection.identity
        collection_address = address.join(address.ROOT, key)
        prefix = folder + "/"
        named = (*snapshot.files, *snapshot.unreadable)
        relatives = sorted(r for r in named if r.startswith(prefix))
        parsed = [
            file
            for relative in relatives
            if (
                file := read(
                    relative,
                    schema_name,
                    address.join(collection_address, PurePosixPath(relative).stem),
                )
            )
            is not None
        ]
        items = [file.data for file in parsed]
        for file, segment in zip(parsed, item_segments(items, identity), strict=True):
            indexer.walk(file, file.data, (), address.join(collection_address, segment), items_node)
        files.extend(parsed)
        data[key] = items
    return Document(
        snapshot=snapshot, data=data, files=files, locations=locations, unreadable=unreadable
    )


def _schema_name(collection: str) -> str:
    """The schema file that a collection's item files follow, from the manifest schema."""
    ref = schemas.source("framework")["x-prepctl-collections"][collection]["items"]["$ref"]
    return str(ref).partition("#")[0][: -len(schemas.SUFFIX)]


def _parse(
    snapshot: Snapshot,
    relative: str,
    schema: str,
    parse: Callable[[bytes, str], yamlio.YamlFile],
) -> SourceFile:
    display = snapshot.display(relative)
    parsed = parse(snapshot.files[relative], display)
    return SourceFile(relative=relative, display=display, schema=schema, parsed=parsed)
