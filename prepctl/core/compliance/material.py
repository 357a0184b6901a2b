"""Material modifications: whether a diff weakens or removes a commitment, and what each
profile the new version claims then requires.

The diff does not decide this itself: a command that reports a material modification (``diff``,
``release``) computes it from the :class:`~prepctl.core.diff.DiffResult` and sets it on the
result's ``material`` field.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from prepctl.core.compliance.mappings import claims
from prepctl.core.compliance.obligations import (
    EFFECTIVE_DATE,
    MaterialModification,
    Obligation,
    Weakening,
    obligations,
)
from prepctl.core.compliance.profiles import Catalogue
from prepctl.core.document import Document

if TYPE_CHECKING:
    from prepctl.core.diff import DiffResult


def _rationale(head: Document, record_id: str) -> str | None:
    from prepctl.core import changes

    items = head.data.get(changes.collection_key())
    if not isinstance(items, list):
        return None
    for item in items:
        if isinstance(item, dict) and item.get("id") == record_id:
            rationale = item.get("rationale")
            return rationale if isinstance(rationale, str) else None
    return None


def material_modification(
    result: DiffResult,
    head: Document,
    catalogue: Catalogue | None = None,
    *,
    effective: date | None = None,
    since: str = EFFECTIVE_DATE,
) -> MaterialModification:
    """Whether ``result`` is a material modification and what the profiles ``head`` claims then
    require; deadlines count from ``effective`` when it is known (``since`` names its source)."""
    from prepctl.core.classify import Impact

    weakenings = [change for change in result.changes if change.impact is Impact.WEAKENING]
    if not weakenings:
        return MaterialModification(material=False)
    listed: list[Weakening] = []
    for change in weakenings:
        record = result.record(change.justified_by) if change.justified_by else None
        listed.append(
            Weakening(
                address=change.address,
                record=(record.file or record.id) if record else change.justified_by,
                rationale=_rationale(head, change.justified_by) if change.justified_by else None,
                approvers=record.approved_by if record else (),
            )
        )
    catalogue = catalogue or Catalogue()
    found: list[Obligation] = []
    seen: set[str] = set()
    for claim in claims(head):
        if claim.profile in seen:
            continue
        seen.add(claim.profile)
        profile = catalogue.get(claim.profile)
        if profile is not None:  # unknown claims are lint's business
            found.extend(obligations(profile, effective, since=since))
    return MaterialModification(True, tuple(listed), tuple(found))
