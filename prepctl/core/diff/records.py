"""The records a diff is made of: one change, both versions as reports name them, the result."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from prepctl.core import address
from prepctl.core.changes import ChangeRecord
from prepctl.core.classify import Impact
from prepctl.core.document import Location

if TYPE_CHECKING:
    from prepctl.core.assess.revision import Shift
    from prepctl.core.compliance.obligations import MaterialModification

GROUP_COLLECTION = "categories"
"""Reports group changes by the item of this collection they fall in (everything else under
the framework itself)."""


class Kind(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    MOVED = "moved"
    # Lineage (an item's ``replaces`` names what it continues) and tombstones that say where
    # a removed item went.
    RENAMED = "renamed"
    SPLIT = "split"
    MERGED = "merged"
    RELOCATED = "relocated"

    def mirrored(self) -> Kind:
        swap = {
            Kind.ADDED: Kind.REMOVED,
            Kind.REMOVED: Kind.ADDED,
            Kind.SPLIT: Kind.MERGED,
            Kind.MERGED: Kind.SPLIT,
        }
        return swap.get(self, self)


@dataclass(frozen=True)
class Raw:
    """One structural difference: ``address`` in head (in base for a removal), ``base_address``
    in base (they differ only inside a moved item); keyed values for added and removed ones."""

    kind: Kind
    address: str
    base_address: str
    value: Any = None


class FailOn(str, Enum):
    """How serious a change must be for ``diff`` to exit 1."""

    UNJUSTIFIED = "unjustified"
    WEAKENING = "weakening"
    NEEDS_REVIEW = "needs-review"
    ANY = "any"
    NONE = "none"


@dataclass(frozen=True)
class Change:
    """One change between two versions.

    ``address`` is where the change stands in HEAD (in BASE for a removal); ``base_address`` is
    set only when the place in BASE differs (a move, or a change inside a moved item).
    """

    address: str
    kind: Kind
    impact: Impact
    before: Any
    after: Any
    base_location: Location | None
    head_location: Location | None
    detail: str
    base_address: str | None = None
    justified_by: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable across rebases and unrelated edits: what changed and where, not lines or
        commits."""
        key = [self.address, self.base_address, self.kind.value, self.before, self.after]
        text = json.dumps(key, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def location(self) -> Location | None:
        """Where a reader should look: the base side for a removal, the head side otherwise."""
        return self.base_location if self.kind is Kind.REMOVED else self.head_location

    @property
    def addresses(self) -> list[str]:
        return [self.address] + ([self.base_address] if self.base_address else [])

    @property
    def unjustified_weakening(self) -> bool:
        return self.impact is Impact.WEAKENING and self.justified_by is None


@dataclass(frozen=True)
class Version:
    """One side of a diff, as reports name it."""

    label: str
    revision: str | None = None
    ref: str | None = None

    def repository_path(self, file: str) -> str:
        """A location's file as a path from the repository root (a git version's ``REF:``
        prefix dropped)."""
        prefix = f"{self.ref}:" if self.ref is not None else None
        return file[len(prefix) :] if prefix and file.startswith(prefix) else file


@dataclass(frozen=True)
class DiffResult:
    base: Version
    head: Version
    changes: tuple[Change, ...]
    records: tuple[ChangeRecord, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    fail_on: FailOn = FailOn.UNJUSTIFIED
    # Whether the changes are a material modification, and what the claimed profiles require:
    # set by the caller (prepctl.core.compliance.material_modification), None until then.
    material: MaterialModification | None = None
    # The determinations of the repository's assessments that HEAD changes: set by the caller
    # (prepctl.core.assess.revision.shifts); they never decide the exit code themselves.
    determinations: tuple[Shift, ...] = ()

    def count(self, impact: Impact) -> int:
        return sum(1 for change in self.changes if change.impact is impact)

    @property
    def unjustified(self) -> list[Change]:
        return [change for change in self.changes if change.unjustified_weakening]

    @property
    def failing(self) -> list[Change]:
        """The changes at or above ``fail_on``."""
        return [change for change in self.changes if fails(change, self.fail_on)]

    @property
    def failed(self) -> bool:
        return bool(self.failing)

    def record(self, record_id: str) -> ChangeRecord | None:
        return next((r for r in self.records if r.id == record_id), None)

    def group(self, change: Change) -> str:
        return group_of(change.address)

    def title(self, group: str) -> str:
        return self.titles.get(group, "Framework") if group else "Framework"


def group_of(where: str) -> str:
    """The address of the category an address falls in, or '' for the framework itself."""
    segments = address.split(where)
    if len(segments) >= 2 and segments[0] == GROUP_COLLECTION:
        return address.join(address.join(address.ROOT, segments[0]), segments[1])
    return address.ROOT


def fails(change: Change, fail_on: FailOn) -> bool:
    if fail_on is FailOn.NONE:
        return False
    if fail_on is FailOn.ANY:
        return True
    if fail_on is FailOn.UNJUSTIFIED:
        return change.unjustified_weakening
    if fail_on is FailOn.WEAKENING:
        return change.impact is Impact.WEAKENING
    return change.impact in (Impact.WEAKENING, Impact.NEEDS_REVIEW)
