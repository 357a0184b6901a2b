"""Frameworks side by side, concept by concept: what each says, which the schema says is
stricter, and what each lacks that another has.

:func:`compare` takes the documents (their data, as :func:`prepctl.core.document.load` builds
it) with a short title for each, and returns a :class:`~prepctl.core.compare.model.Comparison`
whose every value is already in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prepctl.core import address
from prepctl.core.compare import governance, hazards, rules
from prepctl.core.compare.model import Cell, Comparison, Concept, Gap, Row, Side
from prepctl.core.compare.reading import Names, name_of

__all__ = ["Cell", "Comparison", "Concept", "Gap", "Row", "Side", "compare", "side"]


def side(source: str, data: dict[str, Any]) -> Side:
    """A framework's names as its manifest gives them."""
    name = str(data.get("name") or "?")
    publisher = str(data.get("publisher") or "")
    version = str(data.get("version") or "")
    title = " ".join(part for part in ((publisher or name), version) if part)
    return Side(source, name, publisher, version, str(data.get("effective") or ""), title)


def _distinct(sides: list[Side]) -> list[Side]:
    """Sides whose titles are the same are told apart by where they were read from."""
    seen = [item.title for item in sides]
    return [
        Side(
            item.source,
            item.name,
            item.publisher,
            item.version,
            item.effective,
            f"{item.title} ({item.source})",
        )
        if seen.count(item.title) > 1
        else item
        for item in sides
    ]


def _names(data: dict[str, Any]) -> Names:
    """The names of the items of any list in the document, by id, for a reference."""
    found: dict[str, dict[str, str]] = {}

    def named(where: str) -> dict[str, str]:
        if where not in found:
            value: Any = data
            for segment in address.split(where):
                value = value.get(segment) if isinstance(value, dict) else None
            items = value if isinstance(value, list) else []
            found[where] = {
                str(item["id"]): name_of(item)
                for item in items
                if isinstance(item, dict) and "id" in item
            }
        return found[where]

    return named


def compare(frameworks: Sequence[tuple[str, dict[str, Any]]]) -> Comparison:
    """Compare frameworks, each given as (where it was read from, its document's data)."""
    documents = [data for _, data in frameworks]
    names = [_names(data) for data in documents]
    concepts: list[Concept] = [
        hazards.hazards(documents),
        rules.levels(documents, names),
        hazards.thresholds(documents, names),
        rules.triggers(documents, names),
        rules.safeguards(documents, names),
        governance.governance(documents, names),
        governance.disclosure(documents, names),
        governance.revision(documents, names),
    ]
    sides = _distinct([side(source, data) for source, data in frameworks])
    return Comparison(tuple(sides), tuple(concepts))
