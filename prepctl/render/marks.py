"""The records of a redline: every change between two versions, as the document marks it.

Built by :mod:`prepctl.render.redline` from the semantic diff, read by the templates through a
:class:`~prepctl.render.placement.Placement`. Apart from both, so that what reads a redline
needs neither the diff nor the code that builds one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prepctl.render.view import Link


@dataclass(frozen=True)
class Justification:
    """The change record that justified a change, as the redline shows it."""

    id: str
    title: str
    rationale: str
    approved_by: list[Link]
    target: str | None  # the record's anchor in the document, when it has one


@dataclass(frozen=True)
class Word:
    """A run of words of a word-level diff: ``same``, ``deleted`` or ``inserted``."""

    kind: str
    text: str


@dataclass(frozen=True)
class Mark:
    """One change as the redline shows it."""

    address: str
    base_address: str | None
    kind: str  # added, removed, modified, moved
    impact: str  # the Impact's value
    label: str  # the impact in words: "needs review"
    symbol: str
    detail: str
    record: Justification | None
    unjustified: bool
    what: str  # what changed, in words: "evaluation", "required safeguard", "capability"
    title: str  # the name of the item added or removed ('' for a field)
    before: Any  # the values as the framework holds them
    after: Any
    before_text: str  # the same, as one line of plain text
    after_text: str
    words: list[Word]  # a word diff, when text changed into text
    # Where a removed list item stood: its list, and the sibling it followed (None: first).
    slot: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class Count:
    impact: str
    label: str
    symbol: str
    count: int


@dataclass(frozen=True)
class Redline:
    """Every change between two versions, ready to be marked in HEAD's document."""

    base_label: str
    head_label: str
    base_version: str
    head_version: str
    marks: list[Mark]
    counts: list[Count]
    unjustified: int
    records: list[Justification] = field(default_factory=list)
