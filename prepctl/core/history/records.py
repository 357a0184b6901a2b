"""What the history of a framework is made of: each commit's changes, and a log of an address."""

from __future__ import annotations

from dataclasses import dataclass

from prepctl.core import changelog
from prepctl.core.diff import Change
from prepctl.core.document import Document


@dataclass(frozen=True)
class Step:
    """What one commit changed in the framework."""

    commit: str
    short: str
    date: str
    author: str
    changes: tuple[Change, ...]
    records: tuple[changelog.RecordNote, ...]
    created: bool = False
    reviews: tuple[changelog.RecordNote, ...] = ()
    """Reviews recorded in this commit (records of kind review new in it)."""


@dataclass(frozen=True)
class Entry:
    """One commit in the history of an address."""

    step: Step
    address: str
    changes: tuple[Change, ...]
    followed: str | None = None
    """After a move into ``address`` in this commit, the address older history is found under."""

    @property
    def records(self) -> tuple[changelog.RecordNote, ...]:
        used = {change.justified_by for change in self.changes}
        return tuple(note for note in self.step.records if note.id in used)

    @property
    def reviews(self) -> tuple[changelog.RecordNote, ...]:
        return tuple(note for note in self.step.reviews if note.concerns(self.address))


@dataclass(frozen=True)
class Log:
    address: str
    revision_range: str | None
    entries: tuple[Entry, ...]
    """Newest first."""
    warnings: tuple[str, ...] = ()
    suggestion: str | None = None
    """For an empty history: the closest address of the newest version."""
    exists: bool = True
    """Whether the address is in the newest version."""


@dataclass(frozen=True)
class Timeline:
    """Every commit that changed the framework in a range, oldest first."""

    steps: tuple[Step, ...]
    warnings: tuple[str, ...]
    latest: Document | None
    """The newest readable version, whole (None when the framework does not exist there)."""
