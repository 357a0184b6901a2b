"""What the schema says about a value, for comparing frameworks: which way is stricter, how to
put the value in words, and the rows built from both.

Strictness comes only from the ``x-prepctl-*`` keywords of the value's schema: an ordered enum
(``x-prepctl-order``, least strict first), a direction (``x-prepctl-stricter``: higher or lower
numbers, shorter or longer durations, more or fewer items, the stricter boolean).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from prepctl.core import meaning
from prepctl.core.classify import duration_days
from prepctl.core.compare.model import Cell, Row

Rank = Callable[[Any], Any]
"""A value made comparable, the larger the stricter; None when it cannot be compared."""

Entry = tuple[str, Any]
"""One line of a cell, with the value it says (None: nothing to rank)."""

Names = Callable[[str], dict[str, str]]
"""The names of the items of a collection, by id, for a reference's address."""


def node_at(*keys: str) -> meaning.SchemaNode | None:
    """The schema of the value under ``keys`` from the document's root, a list's items
    reached by the empty key ("levels", "", "rules", "", "effect")."""
    node: meaning.SchemaNode | None = meaning.root()
    for key in keys:
        if node is None:
            return None
        node = node.items() if key == "" else node.entry(key)
    return node


def schema_entries(node: meaning.SchemaNode | None) -> list[tuple[str, meaning.SchemaNode]]:
    """The properties the schema ``node`` declares, each with its schema, in its order."""
    if node is None:
        return []
    return [(key, entry) for key in node.properties() if (entry := node.entry(key)) is not None]


def enum(node: meaning.SchemaNode | None) -> tuple[str, ...]:
    """The values an enum (or a list of them) allows, in the schema's order."""
    if node is None:
        return ()
    if "items" in node.schema:
        return enum(node.items())
    values = node.schema.get("enum")
    return tuple(str(value) for value in values) if isinstance(values, list) else ()


def ranking(node: meaning.SchemaNode | None) -> tuple[Rank | None, str]:
    """How to rank values of ``node``, and that rule in words; (None, "") when the schema
    does not say which way is stricter."""
    if node is None:
        return None, ""
    order = node.keyword("order")
    if isinstance(order, list) and order:
        place = {str(value): index for index, value in enumerate(order)}
        return (lambda value: place.get(str(value))), "stricter: " + " < ".join(
            spoken(str(value)) for value in order
        )
    stricter = node.keyword("stricter")
    if isinstance(stricter, bool):
        return (lambda value: None if value is None else int(value is stricter)), (
            f"stricter: {'yes' if stricter else 'no'}"
        )
    if stricter in ("more", "fewer"):
        sign = 1 if stricter == "more" else -1
        return (lambda value: sign * len(value) if isinstance(value, list) else None), (
            f"stricter: {stricter}"
        )
    if stricter in ("shorter", "longer"):
        sign = -1 if stricter == "shorter" else 1
        return (lambda value: _scaled(sign, _days(value))), f"stricter: {stricter}"
    if stricter in ("higher", "lower") and node.reference is None:
        sign = 1 if stricter == "higher" else -1
        return (lambda value: _scaled(sign, _number(value))), f"stricter: {stricter}"
    return None, ""


def _days(value: Any) -> Any:
    return duration_days(value) if isinstance(value, str) else None


def _number(value: Any) -> Any:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _scaled(sign: int, value: Any) -> Any:
    return None if value is None else sign * value


def row(
    key: str,
    label: str,
    entries: Sequence[Sequence[Entry]],
    rank: Rank | None = None,
    rule: str = "",
    *,
    gap: bool = True,
) -> Row:
    """A row from each framework's lines; the frameworks whose strictest value is the
    strictest of all are marked, when at least two can be ranked and they differ."""
    ranks: list[Any] = []
    for lines in entries:
        values = [rank(value) for _, value in lines] if rank is not None else []
        known = [value for value in values if value is not None]
        ranks.append(max(known) if known else None)
    compared = [value for value in ranks if value is not None]
    top = max(compared) if len(compared) > 1 and len(set(compared)) > 1 else None
    cells = tuple(
        Cell(tuple(dict.fromkeys(line for line, _ in lines)), top is not None and mark == top)
        for lines, mark in zip(entries, ranks, strict=True)
    )
    return Row(key, label, cells, gap, rule if rank is not None else "")


def one_line(value: Any, limit: int = 0) -> str:
    """A value as one line, shortened to ``limit`` characters (at a word) when given."""
    text = " ".join(str(value).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def spoken(value: str) -> str:
    """An enum value or a key as words: 'requires-safeguards' → 'requires safeguards'."""
    return value.replace("-", " ")


def number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


_PARTS = re.compile(
    r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?"
)
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")


def duration(value: str) -> str:
    """An ISO 8601 duration in words (P6M: 6 months); anything else as written."""
    found = _PARTS.fullmatch(value) if len(value) <= 64 else None
    if found is None:
        return value
    words = [
        f"{count} {unit}{'' if count == '1' else 's'}"
        for count, unit in zip(found.groups(), _UNITS, strict=True)
        if count
    ]
    return " ".join(words) or value


def words(node: meaning.SchemaNode | None, value: Any, names: Names) -> str:
    """A value in words as its schema describes it: references by the name of what they
    name, durations in units, enum values spoken, lists joined."""
    if isinstance(value, list):
        inner = node.items() if node is not None and "items" in node.schema else None
        return ", ".join(words(inner, item, names) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if node is not None and node.reference is not None and node.reference.startswith("/"):
        return one_line(names(node.reference).get(str(value), value))
    if node is not None and node.keyword("stricter") in ("shorter", "longer"):
        return duration(str(value))
    if enum(node):
        return spoken(str(value))
    return number(value) if isinstance(value, (int, float)) else one_line(value, 160)


def listed(data: Any, key: str) -> list[dict[str, Any]]:
    """The mapping items of the list under ``key`` (none when it is missing or not a list)."""
    found = data.get(key) if isinstance(data, dict) else None
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def name_of(item: dict[str, Any]) -> str:
    """An item's name as written, else its id."""
    if item.get("name"):
        return one_line(item["name"], 80)
    return spoken(one_line(item.get("id") or "?", 80))


def ranked_properties(node: meaning.SchemaNode | None, *skip: str) -> list[str]:
    """The properties of the items ``node`` describes whose schema says which way is
    stricter, in the schema's order; compliance mappings and lineage left out."""
    if node is None:
        return []
    found = []
    for key in node.properties():
        entry = node.entry(key)
        if key in skip or entry is None or entry.keyword("compare") is False:
            continue
        if entry.is_a("common.schema.json#/$defs/satisfies"):
            continue
        if ranking(entry)[0] is not None:
            found.append(key)
    return found


def dimension_rows(
    prefix: str,
    node: meaning.SchemaNode | None,
    items: Sequence[Sequence[dict[str, Any]]],
    names: Sequence[Names],
    *skip: str,
    noun: str = "",
) -> list[Row]:
    """One row for each property of the items (``node`` describes one) that the schema ranks,
    each cell listing the items that state it: '<item>: <value>'. A boolean counts as stated
    only at its stricter value, an empty list not at all."""
    rows = []
    for key in ranked_properties(node, *skip):
        entry = node.entry(key) if node is not None else None
        rank, rule = ranking(entry)
        stricter = entry.keyword("stricter") if entry is not None else None
        entries: list[list[Entry]] = []
        for listing, named in zip(items, names, strict=True):
            lines: list[Entry] = []
            for item in listing:
                value = item.get(key)
                if (
                    value is None
                    or value == []
                    or (isinstance(stricter, bool) and value != stricter)
                ):
                    continue
                said = words(entry, value, named)
                lines.append(
                    (f"{name_of(item)}: {said}" if said != "yes" else name_of(item), value)
                )
            entries.append(lines)
        if any(entries):
            label = f"{noun}: {spoken(key)}" if noun else spoken(key)
            # Where the default is already the strictest value (a force), only weaker values
            # can be stated: having none of them is no gap.
            order = entry.keyword("order") if entry is not None else None
            weaker = isinstance(order, list) and entry.schema.get("default") == order[-1]  # type: ignore[union-attr]
            rows.append(row(f"{prefix}/{key}", label, entries, rank, rule, gap=not weaker))
    return rows
