"""Levels, decision rules, evaluation triggers and safeguards, compared across frameworks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prepctl.core import concepts, meaning
from prepctl.core.compare.model import Concept, Row, gaps_of
from prepctl.core.compare.reading import (
    Entry,
    Names,
    dimension_rows,
    enum,
    listed,
    name_of,
    node_at,
    one_line,
    ranking,
    row,
    schema_entries,
    spoken,
    words,
)

# The rule's stage and its effect; every other enum of a rule qualifies it.
_STAGE = "when"
_EFFECT = "effect"


def _levels_key() -> str:
    vocabulary = concepts.vocabulary()
    return vocabulary.levels.strip("/") if vocabulary else "levels"


def _rule_node() -> meaning.SchemaNode | None:
    key = _rules_key()
    return node_at(_levels_key(), "", key, "") if key else None


def _rules_key() -> str | None:
    level = node_at(_levels_key(), "")
    for key, entry in schema_entries(level):
        items = entry.items() if "items" in entry.schema else None
        if items is not None and _STAGE in items.properties():
            return key
    return None


def _qualifiers(node: meaning.SchemaNode, rule: dict[str, Any], names: Names) -> list[str]:
    """What sets a rule apart besides its stage and effect: the enum values it states other
    than the defaults, and the safeguards it names."""
    said = []
    for key in node.properties():
        entry = node.entry(key)
        if key in (_STAGE, _EFFECT) or entry is None or rule.get(key) is None:
            continue
        if enum(entry) and "items" not in entry.schema:
            if rule[key] != entry.schema.get("default"):
                said.append(spoken(str(rule[key])))
        elif "items" in entry.schema and entry.items() is not None and entry.items().reference:  # type: ignore[union-attr]
            said.append(words(entry, rule[key], names))
    return said


def _each_rule(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(whose, rule) for each rule of each level, then of each threshold."""
    key = _rules_key()
    vocabulary = concepts.vocabulary()
    found = [
        (name_of(level), rule)
        for level in listed(data, _levels_key())
        for rule in listed(level, key or "")
    ]
    if vocabulary is not None:
        for category in listed(data, vocabulary.collection):
            for limit in listed(category, vocabulary.thresholds_key):
                found += [(name_of(limit), rule) for rule in listed(limit, key or "")]
    return found


def levels(documents: Sequence[dict[str, Any]], names: Sequence[Names]) -> Concept:
    rows: list[Row] = [
        row(
            "levels",
            "levels, lowest first",
            [
                [
                    (f"{place}. {name_of(level)}", None)
                    for place, level in enumerate(listed(data, _levels_key()), 1)
                ]
                for data in documents
            ],
        )
    ]
    node = _rule_node()
    if node is not None:
        rank, rule_words = ranking(node.entry(_EFFECT))
        for stage in enum(node.entry(_STAGE)):
            entries: list[list[Entry]] = []
            for data, named in zip(documents, names, strict=True):
                lines: list[Entry] = []
                for whose, rule in _each_rule(data):
                    if rule.get(_STAGE) != stage:
                        continue
                    extra = _qualifiers(node, rule, named)
                    shown = f" ({'; '.join(extra)})" if extra else ""
                    lines.append(
                        (f"{whose}: {spoken(str(rule.get(_EFFECT)))}{shown}", rule.get(_EFFECT))
                    )
                entries.append(lines)
            rows.append(row(f"{_STAGE}/{stage}", spoken(stage), entries, rank, rule_words))
        rows += _qualifier_rows(documents, node)
    exceptions = node_at("exceptions")
    rank, rule_words = ranking(exceptions)
    granted = [listed(data, "exceptions") for data in documents]
    rows.append(
        row(
            "exceptions",
            "exceptions",
            [
                [(one_line(item.get("text") or name_of(item), 120), items) for item in items]
                or [("none", [])]
                for items in granted
            ],
            rank,
            rule_words,
            gap=False,
        )
    )
    return Concept("levels", "Levels and decision rules", tuple(rows), gaps_of(tuple(rows)))


def _qualifier_rows(documents: Sequence[dict[str, Any]], node: meaning.SchemaNode) -> list[Row]:
    """A row for each value, other than the default, of each enum that qualifies a rule
    (a rule on a forecast, on the risk left after mitigation, of a weaker force)."""
    rows = []
    for key in node.properties():
        entry = node.entry(key)
        values = enum(entry)
        if key in (_STAGE, _EFFECT) or entry is None or not values or "items" in entry.schema:
            continue
        order = entry.keyword("order")
        for value in values:
            if value == entry.schema.get("default"):
                continue
            entries = [
                [
                    (f"{whose}: {spoken(str(rule.get(_STAGE)))}", None)
                    for whose, rule in _each_rule(data)
                    if rule.get(key) == value
                ]
                for data in documents
            ]
            if any(entries):
                # Lacking a rule only counts as a gap where the value is the strictest one.
                strictest = not isinstance(order, list) or value == order[-1]
                rows.append(
                    row(f"{key}/{value}", f"{spoken(key)}: {spoken(value)}", entries, gap=strictest)
                )
    return rows


def triggers(documents: Sequence[dict[str, Any]], names: Sequence[Names]) -> Concept:
    node = node_at("evaluation-triggers", "")
    items = [listed(data, "evaluation-triggers") for data in documents]
    rows = [
        row(
            "triggers",
            "triggers",
            [
                [
                    (f"{name_of(item)}: {one_line(item.get('when', ''), 90)}", None)
                    for item in listing
                ]
                for listing in items
            ],
        )
    ]
    rows += dimension_rows("triggers", node, items, names)
    return Concept("evaluation-triggers", "Evaluation triggers", tuple(rows), gaps_of(tuple(rows)))


def safeguards(documents: Sequence[dict[str, Any]], names: Sequence[Names]) -> Concept:
    vocabulary = concepts.vocabulary()
    key = vocabulary.safeguards.strip("/") if vocabulary and vocabulary.safeguards else "safeguards"
    collection = meaning.root().collections().get(key)
    node = collection.items() if collection is not None else None
    items = [listed(data, key) for data in documents]
    declared = schema_entries(node)
    kind = next((k for k, e in declared if enum(e) and e.keyword("order") is None), None)
    ordered = {k: e.keyword("order") for k, e in declared if isinstance(e.keyword("order"), list)}
    rows: list[Row] = []
    for value in enum(dict(declared).get(kind) if kind else None):
        entries: list[list[Entry]] = [
            [(name_of(item), None) for item in listing if item.get(kind or "") == value]
            for listing in items
        ]
        rows.append(row(f"safeguards/{value}", spoken(value), entries))
    for prop, order in ordered.items():
        default = dict(declared)[prop].schema.get("default")
        strictest = str(order[-1])
        # The safeguards held below the strictest value: lacking such is no gap.
        entries = [
            [
                (f"{name_of(item)}: {spoken(str(held))}", None)
                for item in listing
                if (held := item.get(prop, default)) not in (None, strictest)
            ]
            for listing in items
        ]
        if any(entries):
            rows.append(
                row(
                    f"safeguards/{prop}",
                    f"{spoken(prop)} below {spoken(strictest)}",
                    entries,
                    gap=False,
                )
            )
    return Concept("safeguards", "Safeguards", tuple(rows), gaps_of(tuple(rows)))
