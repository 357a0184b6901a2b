"""The duties a framework sets itself: its reviews, its recurring reports and duties, and the
windows of its event-triggered ones.

Review dates and the review interval are found by the schema's ``x-prepctl-review`` keyword
(``last`` and ``interval``), never by field name; the clocks of other items through
:mod:`prepctl.core.clocks`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prepctl.core import address, walk
from prepctl.core.clocks import Duration, cadence, cadence_field, deadline, review_interval
from prepctl.core.document import Document
from prepctl.core.effective import effective_date
from prepctl.core.obligations.model import RECURRING, REVIEW, Duty, Source, Window, occurrences
from prepctl.core.source import MANIFEST

LAST = "last"  # x-prepctl-review: the date the item holding it was last reviewed
INTERVAL = "interval"  # x-prepctl-review: how long a review may be relied on


def _review(place: walk.Place) -> Any:
    return place.node.keyword("review") if place.node is not None else None


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None  # the schema rule reports a malformed date
    return parsed if parsed.isoformat() == value else None


def interval(document: Document) -> Duration | None:
    """The framework's own review interval (the value marked ``x-prepctl-review: interval``)."""
    for place in walk.places(document):
        if _review(place) == INTERVAL:
            return review_interval(place.value)
    return None


def framework_review(document: Document) -> tuple[date | None, str | None]:
    """The date the whole framework was last reviewed (the manifest's value marked
    ``x-prepctl-review: last``) and its address."""
    for place in walk.places(document):
        if place.file.relative == MANIFEST and _review(place) == LAST:
            return _date(place.value), place.address
    return None, None


def _title(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("name", "id"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return "item"


def reviews(document: Document, reference: date, start: date, end: date) -> list[Duty]:
    """The next review of the framework and of each item with its own review date, counted
    with the framework's review interval; a review already past due is one overdue duty."""
    every = interval(document)
    if every is None:
        return []
    found: list[Duty] = []
    for place in walk.places(document):
        if _review(place) != LAST:
            continue
        last = _date(place.value)
        if last is None:
            continue
        holder = address.parent(place.address)
        whole = place.file.relative == MANIFEST
        title = "review the whole framework" if whole else f"review {_title(place.file.data)}"
        source = Source(rule="review", address=holder)
        detail = f"{every.words()} after the last review on {last.isoformat()}"
        first = every.after(last)
        if first < reference:
            found.append(Duty(first, REVIEW, title, detail + ", overdue", source, overdue=True))
            continue
        for due in occurrences(last, every, start, end):
            later = f"every {every.words()}, if the review before is held on its due date"
            found.append(Duty(due, REVIEW, title, detail if due == first else later, source))
    return found


def recurring(document: Document, start: date, end: date) -> tuple[list[Duty], list[str]]:
    """Each occasion of the framework's recurring items (reports, duties, evaluation
    triggers with an interval) in the window, counted from the framework's effective date."""
    anchor = effective_date(document)
    found: list[Duty] = []
    notes: list[str] = []
    for place in walk.places(document):
        every = cadence(place.value)
        if every is None or place.node is None or _is_review_block(place):
            continue
        if every.approximate_days() < 1:
            continue  # listed among the standing windows
        if anchor is None:
            notes.append(
                f"{address.display(place.address)} recurs every {every.words()}, but the framework "
                "has no effective date to count from"
            )
            continue
        source = Source(rule="interval", address=place.address)
        title = f"{_title(place.value)} due"
        detail = f"every {every.words()} from the effective date {anchor.isoformat()}"
        for due in occurrences(anchor, every, start, end):
            found.append(Duty(due, RECURRING, title, detail, source))
    return found, notes


def _is_review_block(place: walk.Place) -> bool:
    """The framework's review block: its interval is the review's, not a recurring item's."""
    field = cadence_field(place.value)
    node = place.node.entry(field) if place.node is not None and field else None
    return node is not None and node.keyword("review") is not None


def windows(document: Document) -> list[Window]:
    """The framework's event-triggered items (a deadline after the event its text names), and
    any recurring item too frequent to date (more often than daily)."""
    found: list[Window] = []
    for place in walk.places(document):
        if place.node is None or not isinstance(place.value, dict):
            continue
        clock = deadline(place.value)
        if clock is not None:
            found.append(
                Window(
                    title=_title(place.value),
                    source=Source(rule="deadline", address=place.address),
                    clock=clock.words(),
                    trigger="of the event its text names",
                    iso=clock.iso(),
                )
            )
        every = cadence(place.value)
        if every is not None and every.approximate_days() < 1 and not _is_review_block(place):
            found.append(
                Window(
                    title=_title(place.value),
                    source=Source(rule="interval", address=place.address),
                    clock=every.words(),
                    iso=every.iso(),
                    recurring=True,
                )
            )
    return found
