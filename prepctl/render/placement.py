"""What one rendering has shown where: the ``redline`` every template is given.

A plain rendering passes an empty placement, and a redline one built from a
:class:`~prepctl.render.marks.Redline` (see :mod:`prepctl.render.redline` for how the templates
use it). It is apart from the redline itself so that a plain rendering loads neither the
semantic diff nor the impact classification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prepctl.core import address
from prepctl.render import values
from prepctl.render.values import one_line
from prepctl.render.view import Link

if TYPE_CHECKING:
    from prepctl.render.marks import Justification, Mark, Redline

REMOVED = "removed"
"""The kind of a mark for a removed item (the value of :attr:`prepctl.core.diff.Kind.REMOVED`)."""


class Placement:
    """What one rendering has shown where; the templates' ``redline``.

    Each rendering needs a fresh one: claiming is what keeps a change from being listed twice,
    or not at all.
    """

    def __init__(self, redline: Redline | None, anchors: frozenset[str]) -> None:
        self.summary = redline
        self.active = redline is not None
        self._marks = redline.marks if redline is not None else []
        self._document_anchors = anchors
        self._anchors = set(anchors)
        self._claimed: set[int] = set()
        self._by_address: dict[str, list[int]] = {}
        self._removed: dict[tuple[str, str | None], list[int]] = {}
        self._lists: set[str] = set()
        if redline is not None:
            self._index(redline)

    def _index(self, redline: Redline) -> None:
        for number, mark in enumerate(redline.marks):
            if mark.kind == REMOVED and mark.slot is not None:
                list_address, after = mark.slot
                self._removed.setdefault((list_address, after), []).append(number)
                self._lists.add(list_address)
            elif mark.kind != REMOVED:
                self._by_address.setdefault(mark.address, []).append(number)

    def _claim(self, numbers: list[int]) -> list[Mark]:
        fresh = [n for n in numbers if n not in self._claimed]
        self._claimed.update(fresh)
        return [self._marks[n] for n in fresh]

    def at(self, where: str) -> list[Mark]:
        """The changes (not removals) at exactly this address, not shown yet."""
        return self._claim(self._by_address.get(where, []))

    def removed(self, list_address: str, after: str | None = None) -> list[Mark]:
        """The items BASE had in this list that stood after ``after`` (None: first)."""
        return self._claim(self._removed.get((list_address, after), []))

    def has_removed(self, list_address: str) -> bool:
        return list_address in self._lists

    def anchor(self, mark: Mark) -> str | None:
        """The id a mark's element carries: its address, unless the document (or an earlier
        mark) already has that anchor."""
        if mark.address in self._anchors:
            return None
        self._anchors.add(mark.address)
        return mark.address

    @staticmethod
    def link_to(mark: Mark) -> Link:
        """A link to where a change is marked: its address, shown and as the anchor."""
        return Link(address.display(mark.address), mark.address)

    def record_link(self, record: Justification) -> Link:
        """A change record's title, linked to the record when the document shows it."""
        shown = record.target is not None and record.target in self._document_anchors
        return Link(record.title, record.target if shown else None)

    def unplaced(self) -> list[Mark]:
        """Every change no template has shown; claims them."""
        return self._claim(list(range(len(self._marks))))

    @staticmethod
    def shown(value: Any, how: str = "text") -> str:
        """A value as the document shows that field: ``date``, ``label``, ``number`` or
        ``text``."""
        if value is None:
            return ""
        if how == "date":
            return values.human_date(str(value))
        if how == "label":
            return values.label(str(value))
        if how == "number" or isinstance(value, (bool, int, float)):
            return values.number(value)
        return one_line(value)
