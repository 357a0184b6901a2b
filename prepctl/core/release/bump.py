"""The smallest version bump a set of changes asks for: a weakening makes a major version, a
strengthening or a new item a minor one, anything else (wording, neutral fields) a patch."""

from __future__ import annotations

from dataclasses import dataclass

from prepctl.core import address, changelog, diff
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, Kind
from prepctl.core.document import Document
from prepctl.core.release.semver import Bump


@dataclass(frozen=True)
class Requirement:
    """The smallest version bump a set of changes asks for, and why."""

    bump: Bump | None
    """None when nothing but the release fields changed."""
    reason: str
    undecided: tuple[Change, ...] = ()
    """Changes that need review: they could ask for more than ``bump``."""

    @property
    def decided(self) -> bool:
        return not self.undecided or self.bump is Bump.MAJOR


def required(result: diff.DiffResult, head: Document) -> Requirement:
    """Weakening → major; strengthening or a new item → minor; anything else → patch."""
    found = changelog.content_changes(result)
    if not found:
        return Requirement(None, "no changes")
    weakening = [c for c in found if c.impact is Impact.WEAKENING]
    review = tuple(c for c in found if c.impact is Impact.NEEDS_REVIEW)
    stronger = [c for c in found if c.impact is Impact.STRENGTHENING]
    added = [c for c in found if _new_item(c, head) and c.impact is not Impact.STRENGTHENING]
    if weakening:
        return Requirement(Bump.MAJOR, count(len(weakening), "weakening", "weakening"), review)
    if stronger or added:
        parts = []
        if stronger:
            parts.append(count(len(stronger), "strengthening", "strengthening"))
        if added:
            parts.append(count(len(added), "new item", "new items"))
        return Requirement(Bump.MINOR, ", ".join(parts), review)
    if review:
        return Requirement(
            Bump.PATCH,
            count(len(review), "change that needs review", "changes that need review"),
            review,
        )
    return Requirement(
        Bump.PATCH,
        count(len(found), "editorial or neutral change", "editorial or neutral changes"),
    )


def count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _new_item(change: Change, head: Document) -> bool:
    return change.kind is Kind.ADDED and isinstance(head.get(address.parent(change.address)), list)
