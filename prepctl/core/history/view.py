"""A version of the framework as the history walk assembles it: from the parses the walk holds,
with each location found only when a comparison asks for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from prepctl.core import address, document, meaning, source, source_git
from prepctl.core.document import Document, Location
from prepctl.io import yaml as yamlio
from prepctl.io import yaml_pieces

STUB_MANIFEST = b"{}\n"
"""Stands in for a manifest that did not change, so that comparing two versions on the files
they changed does not read and index the manifest again."""


Source = tuple[list[str], str, yamlio.YamlFile, meaning.SchemaNode | None]
"""One file of a version: its address (as segments), its name as shown, its parse and its
schema."""


@dataclass
class View(Document):
    """A version as ``document.load`` assembles it, but with each location found when asked
    for (a comparison asks for a few), instead of every value's indexed in advance."""

    sources: list[Source] = field(default_factory=list)
    """In the order ``document.load`` indexes them: the manifest, then each collection's
    files by name; the first file to hold an address gives its location."""

    def location(self, where: str) -> Location | None:
        while True:
            found = self._held(where)
            if found is not None:
                return found
            if where in (address.ROOT, "/"):
                return None
            where = address.parent(where)

    def _held(self, where: str) -> Location | None:
        segments = address.split(where)
        for base, shown, parsed, node in self.sources:
            depth = len(base)
            if segments[:depth] != base:
                continue
            path = self._path_to(parsed.data, node, segments[depth:], ())
            if path is not None:
                while path not in parsed.values and path:
                    path = path[:-1]
                line, column = parsed.values.get(path, (1, 1))
                return Location(shown, line, column)
        return None

    def _path_to(
        self, value: Any, node: meaning.SchemaNode | None, segments: list[str], path: yamlio.Path
    ) -> yamlio.Path | None:
        """The path (in the order ``document`` indexes values) to the value at the address
        segments ``segments`` below ``value``, or None. A list's segments are worked out once
        and kept (``Document.segments``), however many of its items are looked up."""
        if not segments:
            return path
        segment, rest = segments[0], segments[1:]
        if isinstance(value, dict):
            if segment not in value:
                return None
            child = node.entry(segment) if node else None
            return self._path_to(value[segment], child, rest, (*path, segment))
        if isinstance(value, list):
            index = self._indexed(value, node)[2].get(segment)
            if index is not None:
                items = node.items() if node else None
                return self._path_to(value[index], items, rest, (*path, index))
        return None


def assemble(
    snapshot: source_git.GitSnapshot,
    files: dict[str, str],
    only: set[str] | None,
    parsed_file: Callable[[str, str], yamlio.YamlFile],
) -> View:
    """A version (its ``files`` by blob id) as a document, whole or of the files in ``only``
    (the manifest left out when it is not among them), from the parses ``parsed_file`` (blob
    id, name shown) gives: what ``document.load`` assembles, with each location looked up
    when asked for."""
    if source.MANIFEST not in files:
        return View(snapshot=snapshot, data={}, files=[], locations={})
    prefix = snapshot.display("")
    shown = prefix + source.MANIFEST
    if only is None or source.MANIFEST in only:
        manifest = parsed_file(files[source.MANIFEST], shown)
    else:
        manifest = yaml_pieces.parse_cached(STUB_MANIFEST, shown)
    data: dict[str, Any] = dict(manifest.data) if isinstance(manifest.data, dict) else {}
    sources: list[Source] = [([], shown, manifest, meaning.root())]
    folders: dict[str, list[str]] = {}
    for relative in sorted(files if only is None else only & files.keys()):
        if relative != source.MANIFEST:
            folders.setdefault(relative.partition("/")[0], []).append(relative)
    for key, folder, identity, node in collection_places():
        relatives = folders.get(folder)
        if not relatives:
            data[key] = []
            continue
        parsed = [parsed_file(files[relative], prefix + relative) for relative in relatives]
        items = [file.data for file in parsed]
        segments = document.item_segments(items, identity)
        for relative, file, segment in zip(relatives, parsed, segments, strict=True):
            sources.append(([key, segment], prefix + relative, file, node))
        data[key] = items
    return View(snapshot=snapshot, data=data, files=[], locations={}, sources=sources)


@cache
def collection_places() -> tuple[tuple[str, str, str, meaning.SchemaNode | None], ...]:
    """Each collection as a version is assembled from it: its key, its folder, its items'
    identity and schema, in the manifest schema's order."""
    return tuple(
        (key, str(node.keyword("directory")), node.identity, node.items())
        for key, node in meaning.root().collections().items()
    )
