"""Levels, tracked categories, thresholds and required safeguards, found through the schema.

No rule names a field. The shapes are read from the ``x-prepctl-*`` keywords instead:

* the **levels** are the list an ``x-prepctl-ref`` points to whose schema is
  ``x-prepctl-ordered`` (lowest first);
* a **threshold** is an item of a list, inside a collection item (a category), whose items
  refer to the levels; its **required safeguards** are its references to another collection;
* a category is **tracked** as :mod:`prepctl.core.concepts` defines it (its ordered status holds
  the strictest value).

Everything is read defensively: a value of the wrong type is skipped, because the schema rule
reports it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from prepctl.core import concepts, walk
from prepctl.core.document import Document, Location, SourceFile
from prepctl.io import yaml as yamlio

# The shapes are core's: one reading of the schema for rules, render and export alike.
Vocabulary = concepts.Vocabulary
vocabulary = concepts.vocabulary


class Level(NamedTuple):
    id: str
    rank: int  # its place in the order of levels, from 0
    data: dict[str, Any]


class Threshold(NamedTuple):
    id: str
    address: str
    file: SourceFile
    path: yamlio.Path
    level: str | None
    safeguards: tuple[str, ...]
    safeguards_path: yamlio.Path | None

    @property
    def location(self) -> Location:
        return self.file.location(self.path)


class Category(NamedTuple):
    address: str
    file: SourceFile
    tracked: bool
    order_path: yamlio.Path | None
    thresholds_path: yamlio.Path | None
    thresholds: tuple[Threshold, ...]


class Model(NamedTuple):
    vocabulary: Vocabulary
    levels: tuple[Level, ...]
    categories: tuple[Category, ...]

    def level_index(self, level: str | None) -> int | None:
        for known in self.levels:
            if known.id == level:
                return known.rank
        return None


def model(document: Document) -> Model | None:
    """The levels and categories of a document, as far as they can be read."""
    words = vocabulary()
    if words is None:
        return None
    levels: list[Level] = []
    listed = document.get(words.levels)
    for item in listed if isinstance(listed, list) else []:
        identity = item.get(words.level_identity) if isinstance(item, dict) else None
        if isinstance(item, dict) and isinstance(identity, str):
            levels.append(Level(identity, len(levels), item))
    categories = [
        _category(file, words) for file in walk.collection_files(document)[words.collection]
    ]
    return Model(
        words, tuple(levels), tuple(category for category in categories if category is not None)
    )


def _category(file: SourceFile, words: Vocabulary) -> Category | None:
    data = file.data
    if not isinstance(data, dict):
        return None
    tracked = concepts.Tracking(words.order_key, words.tracked_value).tracked(data)
    order_path: yamlio.Path | None = None
    if words.order_key is not None:
        order_path = (words.order_key,) if words.order_key in data else None
    listed = data.get(words.thresholds_key)
    thresholds_path: yamlio.Path | None = (
        (words.thresholds_key,) if words.thresholds_key in data else None
    )
    thresholds: list[Threshold] = []
    for index, item in enumerate(listed if isinstance(listed, list) else []):
        threshold = _threshold(file, (words.thresholds_key, index), item, words)
        if threshold is not None:
            thresholds.append(threshold)
    return Category(
        address=file.address(()),
        file=file,
        tracked=tracked,
        order_path=order_path,
        thresholds_path=thresholds_path,
        thresholds=tuple(thresholds),
    )


def _threshold(
    file: SourceFile, path: yamlio.Path, item: Any, words: Vocabulary
) -> Threshold | None:
    if not isinstance(item, dict):
        return None
    identity = item.get(words.threshold_identity)
    level = item.get(words.level_key)
    safeguards: list[str] = []
    safeguards_path: yamlio.Path | None = None
    for key in words.safeguard_keys:
        value = item.get(key)
        if key in item and safeguards_path is None:
            safeguards_path = (*path, key)
        values = value if isinstance(value, list) else [value]
        safeguards.extend(v for v in values if isinstance(v, str) and v not in safeguards)
    return Threshold(
        id=identity if isinstance(identity, str) else file.address(path).rsplit("/", 1)[-1],
        address=file.address(path),
        file=file,
        path=path,
        level=level if isinstance(level, str) else None,
        safeguards=tuple(safeguards),
        safeguards_path=safeguards_path,
    )
