"""The records of an obligations calendar: dated duties, standing windows, and where each
comes from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from prepctl.core import address
from prepctl.core.clocks import Duration

# What a dated duty is, as the JSON report names it.
REVIEW = "review"
RECURRING = "recurring"
PUBLICATION = "publication"
REGULATOR_ACCESS = "regulator-access"
KINDS = (REVIEW, RECURRING, PUBLICATION, REGULATOR_ACCESS)

MAX_YEARS = 10
"""The longest calendar asked for: recurring duties are expanded over it one by one."""


@dataclass(frozen=True)
class Source:
    """Where a duty comes from: a claimed profile's rule (its id, the rule and the section of
    the official text), or an item of the framework (its address)."""

    rule: str
    profile: str | None = None
    section: str | None = None
    address: str | None = None
    unverified: bool = False

    def label(self) -> str:
        """'ca-sb53 §22757.12(b)(1)', or the framework address."""
        if self.profile is None:
            return address.display(self.address or address.ROOT)
        shown = f"{self.profile} {self.section}" if self.section else self.profile
        return shown + (", unverified" if self.unverified else "")

    def key(self) -> str:
        """The same text for the same source in every run: what a calendar entry's id is made
        from, with its date."""
        if self.profile is None:
            return f"framework {address.display(self.address or address.ROOT)} {self.rule}"
        return f"profile {self.profile} {self.rule} {self.section or ''}".rstrip()

    def to_json(self) -> dict[str, object]:
        return {
            "profile": self.profile,
            "rule": self.rule,
            "section": self.section,
            "address": address.display(self.address) if self.address is not None else None,
            "status": "unverified" if self.unverified else "confirmed",
        }


@dataclass(frozen=True)
class Duty:
    """Something that must be done by a date."""

    due: date
    kind: str
    title: str
    detail: str
    source: Source
    overdue: bool = False
    note: str | None = None

    @property
    def uid(self) -> str:
        """A stable identifier: the same source and date give the same one in every run."""
        digest = hashlib.sha256(f"{self.source.key()}\n{self.due.isoformat()}".encode())
        return f"{digest.hexdigest()[:32]}@prepctl"

    def sort_key(self) -> tuple[date, int, str, str]:
        return (self.due, KINDS.index(self.kind), self.source.label(), self.title)


@dataclass(frozen=True)
class Window:
    """A standing rule with a clock, not a date: 'within 15 days of discovering a critical
    safety incident', 'every 2 years'. ``clock`` is the time in words, ``iso`` the same as an
    ISO 8601 duration when it can be written as one (business days cannot); a rule without a
    clock ('with every update') has neither."""

    title: str
    source: Source
    clock: str | None = None
    trigger: str | None = None
    iso: str | None = None
    recurring: bool = False
    note: str | None = None

    def when(self) -> str:
        """'within 15 days of discovering a critical safety incident', 'every 3 months'."""
        if self.clock is None:
            return self.trigger or "whenever it applies"
        head = f"every {self.clock}" if self.recurring else f"within {self.clock}"
        return f"{head} {self.trigger}" if self.trigger else head

    def line(self) -> str:
        return f"{self.when()}: {self.title}"


@dataclass(frozen=True)
class Calendar:
    """Every duty due between ``start`` and ``end`` (and every overdue one), the standing
    windows, and notes on what could not be dated."""

    label: str
    name: str
    version: str | None
    reference: date
    start: date
    end: date
    duties: tuple[Duty, ...]
    windows: tuple[Window, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def overdue(self) -> tuple[Duty, ...]:
        return tuple(duty for duty in self.duties if duty.overdue)

    @property
    def upcoming(self) -> tuple[Duty, ...]:
        return tuple(duty for duty in self.duties if not duty.overdue)


def occurrences(anchor: date, every: Duration, start: date, end: date) -> Iterator[date]:
    """``anchor`` plus one, two, ... times ``every``, from the first on or after ``start`` up
    to ``end``. Clocks shorter than a day yield nothing (they are standing windows)."""
    length = every.approximate_days()
    if length < 1:
        return
    # Skip the whole periods before ``start`` at once (a little short of them, to be exact
    # about months of different lengths).
    times = max(1, int((start - anchor).days / length) - 1)
    while True:
        when = every.after(anchor, times)
        if when > end:
            return
        if when >= start:
            yield when
        times += 1
