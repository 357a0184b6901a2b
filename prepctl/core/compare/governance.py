"""Governance, disclosure and the revision protocol, compared across frameworks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prepctl.core.compare.model import Concept, Row, gaps_of
from prepctl.core.compare.reading import (
    Entry,
    Names,
    dimension_rows,
    listed,
    name_of,
    node_at,
    ranked_properties,
    ranking,
    row,
    schema_entries,
    spoken,
    words,
)

_GOVERNANCE = "governance"


def _part(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    governance = data.get(_GOVERNANCE)
    return listed(governance, key) if isinstance(governance, dict) else []


def governance(documents: Sequence[dict[str, Any]], names: Sequence[Names]) -> Concept:
    bodies = [_part(data, "bodies") for data in documents]
    body = node_at(_GOVERNANCE, "bodies", "")
    kind = body.entry("kind") if body is not None else None
    rows: list[Row] = [
        row(
            "bodies",
            "bodies",
            [
                [
                    (
                        f"{name_of(item)} ({words(kind, item['kind'], named)})"
                        if item.get("kind")
                        else name_of(item),
                        None,
                    )
                    for item in listing
                ]
                for listing, named in zip(bodies, names, strict=True)
            ],
        )
    ]
    rows += dimension_rows("bodies", body, bodies, names, "responsibilities", noun="bodies")
    decision = node_at(_GOVERNANCE, "decisions", "")
    decisions = [_part(data, "decisions") for data in documents]
    unranked = [
        key
        for key in (decision.properties() if decision is not None else [])
        if key not in ranked_properties(decision)
        and (entry := decision.entry(key)) is not None  # type: ignore[union-attr]
        and "items" in entry.schema
        and entry.keyword("compare") is not False
    ]
    for key in unranked:  # who decides: no direction, but what a reader looks for first
        entry = decision.entry(key) if decision is not None else None
        entries: list[list[Entry]] = [
            [
                (f"{name_of(item)}: {words(entry, item[key], named)}", None)
                for item in listing
                if item.get(key)
            ]
            for listing, named in zip(decisions, names, strict=True)
        ]
        if any(entries):
            rows.append(row(f"decisions/{key}", spoken(key), entries))
    rows += dimension_rows("decisions", decision, decisions, names)
    duty = node_at(_GOVERNANCE, "duties", "")
    rows += dimension_rows(
        "duties", duty, [_part(data, "duties") for data in documents], names, noun="duties"
    )
    return Concept("governance", "Governance", tuple(rows), gaps_of(tuple(rows)))


def disclosure(documents: Sequence[dict[str, Any]], names: Sequence[Names]) -> Concept:
    node = node_at(_GOVERNANCE, "reports", "")
    reports = [_part(data, "reports") for data in documents]
    rows = [
        row(
            "reports",
            "reports",
            [[(name_of(item), None) for item in listing] for listing in reports],
        )
    ]
    rows += dimension_rows("reports", node, reports, names, noun="reports")
    return Concept("disclosure", "Disclosure", tuple(rows), gaps_of(tuple(rows)))


def revision(documents: Sequence[dict[str, Any]], names: Sequence[Names]) -> Concept:
    node = node_at(_GOVERNANCE, "review")
    rows: list[Row] = []
    for key, entry in schema_entries(node):
        if entry.is_a("common.schema.json#/$defs/satisfies"):
            continue
        rank, rule = ranking(entry)
        entries: list[list[Entry]] = []
        for data, named in zip(documents, names, strict=True):
            review = (
                data.get(_GOVERNANCE, {}).get("review")
                if isinstance(data.get(_GOVERNANCE), dict)
                else None
            )
            value = review.get(key) if isinstance(review, dict) else None
            entries.append([(words(entry, value, named), value)] if value is not None else [])
        if any(entries):
            rows.append(row(f"review/{key}", spoken(key), entries, rank, rule))
    scope = node_at("applies-to")
    for key, entry in schema_entries(scope):
        if key not in ranked_properties(scope):
            continue
        rank, rule = ranking(entry)
        entries = []
        for data, named in zip(documents, names, strict=True):
            applies = data.get("applies-to")
            value = applies.get(key) if isinstance(applies, dict) else None
            entries.append([(words(entry, value, named), value)] if value else [])
        if any(entries):
            rows.append(row(f"applies-to/{key}", f"applies to: {spoken(key)}", entries, rank, rule))
    return Concept("revision", "Revision and scope", tuple(rows), gaps_of(tuple(rows)))
