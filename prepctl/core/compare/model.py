"""What a comparison holds: frameworks side by side, concept by concept, row by row.

Every value is already in words (a row's cells are lists of short lines), so that each output
format only lays the comparison out. A cell with no lines means the framework says nothing on
that row; where another framework does, that is a *gap*.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Side:
    """One framework being compared, and where it was read from."""

    source: str
    name: str
    publisher: str
    version: str
    effective: str
    title: str
    """The short name its column carries: the publisher (or the name) and the version."""


@dataclass(frozen=True)
class Cell:
    lines: tuple[str, ...] = ()
    stricter: bool = False
    """Whether the schema says this framework is the stricter one on the row."""


@dataclass(frozen=True)
class Row:
    key: str
    """A stable name for the row (``hazard/biological``, ``when/development``)."""
    label: str
    cells: tuple[Cell, ...]
    gap: bool = True
    """Whether saying nothing here, where another framework says something, is a gap (it is
    not where fewer is stricter, as with exceptions)."""
    rule: str = ""
    """Which way the schema says is stricter on the row, in words; empty when it does not say."""


@dataclass(frozen=True)
class Gap:
    """A row on which one framework says nothing and others say something."""

    framework: int
    key: str
    label: str
    had_by: tuple[int, ...]


@dataclass(frozen=True)
class Concept:
    id: str
    title: str
    rows: tuple[Row, ...]
    gaps: tuple[Gap, ...]


@dataclass(frozen=True)
class Comparison:
    frameworks: tuple[Side, ...]
    concepts: tuple[Concept, ...]


def gaps_of(rows: tuple[Row, ...]) -> tuple[Gap, ...]:
    """Each framework's gaps on ``rows``, framework by framework, in row order."""
    found: list[Gap] = []
    count = len(rows[0].cells) if rows else 0
    for framework in range(count):
        for row in rows:
            if not row.gap or row.cells[framework].lines:
                continue
            others = tuple(i for i, cell in enumerate(row.cells) if cell.lines)
            if others:
                found.append(Gap(framework, row.key, row.label, others))
    return tuple(found)
