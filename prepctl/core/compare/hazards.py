"""Hazards covered, thresholds and their bars, and safeguards, compared across frameworks.

Categories are matched across frameworks by the hazards of the shared vocabulary they say they
cover (the list of the schema's hazard enum); the vocabulary's order is the rows' order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prepctl.core import concepts, meaning
from prepctl.core.compare.model import Concept, Row, gaps_of
from prepctl.core.compare.reading import (
    Entry,
    Names,
    enum,
    listed,
    name_of,
    ranking,
    row,
    schema_entries,
    spoken,
    words,
)

_HAZARD = "common.schema.json#/$defs/hazard"


def _category_node() -> meaning.SchemaNode | None:
    words_ = concepts.vocabulary()
    collection = meaning.root().collections().get(words_.collection) if words_ else None
    return collection.items() if collection is not None else None


def _covers_key(category: meaning.SchemaNode | None) -> str | None:
    """The property of a category listing the hazards of the shared vocabulary it covers."""
    for key, entry in schema_entries(category):
        items = entry.items() if "items" in entry.schema else None
        if items is not None and items.is_a(_HAZARD):
            return key
    return None


def _categories(data: dict[str, Any]) -> list[dict[str, Any]]:
    vocabulary = concepts.vocabulary()
    return listed(data, vocabulary.collection) if vocabulary else []


def _by_hazard(
    documents: Sequence[dict[str, Any]], covers: str | None
) -> tuple[list[str], list[list[dict[str, Any]]]]:
    """The hazards rows go by (the vocabulary's, in its order) and, per framework, the
    categories that say they cover none."""
    unmapped = [
        [item for item in _categories(data) if not (covers and item.get(covers))]
        for data in documents
    ]
    category = _category_node()
    return list(enum(category.entry(covers) if category and covers else None)), unmapped


def hazards(documents: Sequence[dict[str, Any]]) -> Concept:
    category = _category_node()
    covers = _covers_key(category)
    status = concepts.order(category)
    rank, rule = (None, "")
    if status is not None:
        rank, rule = ranking(category.entry(status.key) if category else None)
    vocabulary, unmapped = _by_hazard(documents, covers)
    rows: list[Row] = []
    for hazard in vocabulary:
        entries: list[list[Entry]] = []
        for data in documents:
            lines: list[Entry] = []
            for item in _categories(data):
                if covers and hazard in (item.get(covers) or []):
                    value = status.value(item) if status else None
                    shown = f" ({spoken(str(value))})" if value is not None else ""
                    lines.append((name_of(item) + shown, value))
            entries.append(lines)
        rows.append(row(f"hazard/{hazard}", spoken(hazard), entries, rank, rule))
    others = [[(name_of(item), None) for item in items] for items in unmapped]
    if any(others):
        rows.append(row("hazard/-", "no hazard named", others, gap=False))
    return Concept("hazards", "Hazards covered", tuple(rows), gaps_of(tuple(rows)))


def _groups(
    documents: Sequence[dict[str, Any]],
) -> list[tuple[str, str, list[list[dict[str, Any]]]]]:
    """(key, label, each framework's categories) for each hazard, then for categories that
    name none: the groups thresholds are compared in."""
    covers = _covers_key(_category_node())
    vocabulary, unmapped = _by_hazard(documents, covers)
    groups = []
    for hazard in vocabulary:
        chosen = [
            [item for item in _categories(data) if covers and hazard in (item.get(covers) or [])]
            for data in documents
        ]
        groups.append((hazard, spoken(hazard), chosen))
    if any(unmapped):
        groups.append(("-", "no hazard named", unmapped))
    return groups


def _leaves(node: meaning.SchemaNode | None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The paths to the values inside a mapping schema (a bar's actor, harm/deaths)."""
    found: list[tuple[str, ...]] = []
    for key, entry in schema_entries(node):
        if entry.schema.get("type") == "object":
            found.extend(_leaves(entry, (*prefix, key)))
        else:
            found.append((*prefix, key))
    return found


def _at(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def thresholds(documents: Sequence[dict[str, Any]], names: Sequence[Names]) -> Concept:
    vocabulary = concepts.vocabulary()
    category = _category_node()
    if vocabulary is None or category is None:
        return Concept("thresholds", "Thresholds and their bars", (), ())
    listing = category.entry(vocabulary.thresholds_key)
    threshold = listing.items() if listing is not None else None
    rows: list[Row] = []
    bar_key = next(  # the threshold's bar: its one property that is itself a mapping
        (
            key
            for key in (threshold.properties() if threshold else [])
            if (entry := threshold.entry(key)) is not None  # type: ignore[union-attr]
            and entry.schema.get("type") == "object"
        ),
        None,
    )
    alerts_key = next(
        (
            key
            for key in (threshold.properties() if threshold else [])
            if (entry := threshold.entry(key)) is not None  # type: ignore[union-attr]
            and entry.reference == vocabulary.thresholds_key
        ),
        None,
    )
    for key, label, chosen in _groups(documents):
        lines: list[list[Entry]] = []
        for categories, named in zip(chosen, names, strict=True):
            found: list[Entry] = []
            for item in categories:
                for limit in listed(item, vocabulary.thresholds_key):
                    level = names_level(named, limit.get(vocabulary.level_key))
                    found.append((f"{name_of(limit)} → {level}", None))
            lines.append(found)
        if any(lines):
            rows.append(row(f"threshold/{key}", label, lines))
        bar = threshold.entry(bar_key) if threshold is not None and bar_key else None
        for path in _leaves(bar):
            leaf: meaning.SchemaNode | None = bar
            for step in path:
                leaf = leaf.entry(step) if leaf is not None else None
            rank, rule = ranking(leaf)
            entries = [
                [
                    (f"{name_of(limit)}: {words(leaf, value, named)}", value)
                    for item in categories
                    for limit in listed(item, vocabulary.thresholds_key)
                    if (value := _at(limit.get(bar_key or ""), path)) is not None
                ]
                for categories, named in zip(chosen, names, strict=True)
            ]
            if any(entries):
                what = " ".join(spoken(step) for step in path)
                rows.append(
                    row(f"bar/{key}/{'/'.join(path)}", f"{label}: {what}", entries, rank, rule)
                )
    if alerts_key is not None:
        warnings = [
            [
                (f"{name_of(limit)} warns of {_threshold_name(item, limit[alerts_key])}", None)
                for item in _categories(data)
                for limit in listed(item, vocabulary.thresholds_key)
                if limit.get(alerts_key)
            ]
            for data in documents
        ]
        if any(warnings):
            rows.append(row("threshold/early-warnings", "early warnings", warnings))
    return Concept("thresholds", "Thresholds and their bars", tuple(rows), gaps_of(tuple(rows)))


def names_level(named: Names, level: Any) -> str:
    vocabulary = concepts.vocabulary()
    where = vocabulary.levels if vocabulary else "/levels"
    return str(named(where).get(str(level), level))


def _threshold_name(category: dict[str, Any], wanted: Any) -> str:
    vocabulary = concepts.vocabulary()
    key = vocabulary.thresholds_key if vocabulary else "thresholds"
    for limit in listed(category, key):
        if limit.get(vocabulary.threshold_identity if vocabulary else "id") == wanted:
            return name_of(limit)
    return str(wanted)
