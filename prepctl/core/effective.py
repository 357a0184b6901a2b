"""When a framework version takes effect, and the date a material modification's deadlines
count from."""

from __future__ import annotations

from datetime import date

from prepctl.core import meaning
from prepctl.core.document import Document


def written(framework: Document) -> str | None:
    """The manifest's effective date as written, whatever it holds (the field the schema marks
    ``x-prepctl-release: effective``)."""
    value = framework.get(meaning.release_field(meaning.RELEASE_EFFECTIVE))
    return value if isinstance(value, str) else None


def effective_date(framework: Document) -> date | None:
    """The manifest's effective date, when it is written as a valid YYYY-MM-DD."""
    text = written(framework)
    if text is None:
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.isoformat() == text else None


def reference_date(base: Document, head: Document, today: date | None) -> date:
    """The date a material modification's deadlines count from.

    HEAD's effective date when HEAD declares one of its own (set, and not BASE's: a branch
    that has not been released yet still carries the last release's date); otherwise
    ``today`` (``--today``), otherwise the clock's date.
    """
    return reference(base, head, today)[0]


def reference(base: Document, head: Document, today: date | None) -> tuple[date, str]:
    """:func:`reference_date`, and how the deadlines' text names where it comes from."""
    own = effective_date(head)
    if own is not None and own != effective_date(base):
        return own, "the effective date"
    if today is not None:
        return today, "the --today date"
    return date.today(), "today's date"
