"""The obligations calendar: every dated duty a framework and the profiles it claims create.

Dated duties, each with its source (a claimed profile's rule and section, or the framework
address that sets it):

- the next review of the whole framework and of each item with its own review date, by the
  framework's review interval (:mod:`.own`), and by each claimed profile's review rule
  (:mod:`.profiles`); a review already past due is one overdue duty;
- each occasion of the framework's recurring reports and duties (an interval), counted from
  its effective date (:mod:`.own`);
- each period of the reports a profile requires beyond the framework, such as California's
  quarterly summaries to the Office of Emergency Services (:mod:`.profiles`);
- the publication deadlines of material modifications since the last release
  (:mod:`.modifications`).

Recurring duties are expanded over the window one date at a time: a later occasion assumes
the one before it was done on its due date. Event-triggered rules ("within 15 days of
discovering a critical safety incident") have clocks, not dates: they are the calendar's
standing windows.
"""

from __future__ import annotations

from datetime import date

from prepctl.core import compliance
from prepctl.core.document import Document
from prepctl.core.obligations import modifications, own, profiles
from prepctl.core.obligations.model import (
    KINDS,
    MAX_YEARS,
    Calendar,
    Duty,
    Source,
    Window,
)

__all__ = ["KINDS", "MAX_YEARS", "Calendar", "Duty", "Release", "Source", "Window", "build"]

Release = tuple[str, Document]
"""The last release: its tag and the framework as tagged."""


def claimed(head: Document, catalogue: compliance.Catalogue) -> list[compliance.Profile]:
    """The profiles the framework claims, in the order claimed (unknown ones are lint's)."""
    found = []
    for claim in compliance.claims(head):
        profile = catalogue.get(claim.profile)
        if profile is not None:
            found.append(profile)
    return found


def build(
    head: Document,
    catalogue: compliance.Catalogue,
    *,
    reference: date,
    start: date,
    end: date,
    release: Release | None,
    notes: tuple[str, ...] = (),
) -> Calendar:
    """The calendar of ``head`` from ``start`` to ``end``, overdue duties (due before
    ``reference``) included wherever they fall; ``release`` is the last release to count
    unpublished material modifications from, ``notes`` what the caller could not find."""
    chosen = claimed(head, catalogue)
    found: list[Duty] = own.reviews(head, reference, start, end)
    recurring, more = own.recurring(head, start, end)
    found += recurring
    written = list(notes) + more
    last, _ = own.framework_review(head)
    for profile in chosen:
        found += profiles.reviews(profile, last, reference, start, end)
        found += profiles.reports(profile, start, end)
    if release is not None:
        tag, base = release
        dated, undated = modifications.publication(base, head, tag, chosen, reference)
        found += dated
        written += undated
    kept = sorted(
        (duty for duty in found if duty.overdue or start <= duty.due <= end),
        key=Duty.sort_key,
    )
    windows = [window for profile in chosen for window in profiles.windows(profile, reference)]
    windows += own.windows(head)
    version = head.data.get("version")
    name = head.data.get("name")
    return Calendar(
        label=head.snapshot.label,
        name=name if isinstance(name, str) else "framework",
        version=version if isinstance(version, str) else None,
        reference=reference,
        start=start,
        end=end,
        duties=tuple(kept),
        windows=tuple(windows),
        notes=tuple(written),
    )
