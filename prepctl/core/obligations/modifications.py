"""The publication deadlines of material modifications not yet released.

A weakening since the last release is a material modification (as ``prepctl diff`` and
``prepctl release`` report it). What each claimed profile then requires, and by when, is
:func:`prepctl.core.compliance.obligations`, counted from the date the modification takes
effect: the effective date the next release sets in the manifest (when it differs from the
last release's), otherwise the ``effective`` date of the change record that justifies the
weakening. A weakening with neither has no date yet: it is a note, not a dated duty.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prepctl.core import address, changes, compliance, diff
from prepctl.core.classify import Impact
from prepctl.core.document import Document
from prepctl.core.effective import effective_date
from prepctl.core.obligations.model import PUBLICATION, REGULATOR_ACCESS, Duty
from prepctl.core.obligations.profiles import source

_KINDS = {compliance.MATERIAL_CHANGE: PUBLICATION, compliance.REGULATOR_ACCESS: REGULATOR_ACCESS}


def _record_effective(head: Document, record_id: str | None) -> date | None:
    if record_id is None:
        return None
    where = address.join(address.join(address.ROOT, changes.collection_key()), record_id)
    data = head.get(where)
    written = data.get("effective") if isinstance(data, dict) else None
    if not isinstance(written, str):
        return None
    try:
        return date.fromisoformat(written)
    except ValueError:
        return None


def _title(requirement: str, rule: dict[str, Any]) -> str:
    if requirement == compliance.MATERIAL_CHANGE:
        return "publish the material modification"
    return f"give {rule.get('recipient', 'the regulator')} access to the update"


def _listed(addresses: list[str]) -> str:
    shown = ", ".join(address.display(where) for where in addresses[:3])
    more = f" and {len(addresses) - 3} more" if len(addresses) > 3 else ""
    return shown + more


def publication(
    base: Document,
    head: Document,
    since_tag: str,
    profiles: list[compliance.Profile],
    reference: date,
) -> tuple[list[Duty], list[str]]:
    """The dated duties of the weakenings between ``base`` (the last release, tagged
    ``since_tag``) and ``head``, and notes on the weakenings that have no date yet."""
    result = diff.diff(base, head)
    weakenings = [change for change in result.changes if change.impact is Impact.WEAKENING]
    if not weakenings:
        return [], []
    own = effective_date(head)
    if own == effective_date(base):
        own = None  # still the last release's date: the next release has not set its own
    groups: dict[tuple[date, str], list[str]] = {}
    undated: list[str] = []
    for change in weakenings:
        if own is not None:
            groups.setdefault((own, "the effective date"), []).append(change.address)
            continue
        when = _record_effective(head, change.justified_by)
        if when is None:
            undated.append(change.address)
            continue
        since = f"the effective date of change record {change.justified_by}"
        groups.setdefault((when, since), []).append(change.address)
    duties: list[Duty] = []
    for (when, since), addresses in sorted(groups.items()):
        count = len(addresses)
        what = (
            f"{count} weakening{'s' if count != 1 else ''} since {since_tag}: {_listed(addresses)}"
        )
        for profile in profiles:
            for obligation in compliance.obligations(profile, when, since=since):
                kind = _KINDS.get(obligation.requirement)
                if kind is None or obligation.due is None:
                    continue
                rule = profile.rules.get(obligation.requirement, {})
                due = date.fromisoformat(obligation.due)
                text = obligation.text.rsplit(" [", 1)[0]
                duties.append(
                    Duty(
                        due,
                        kind,
                        _title(obligation.requirement, rule),
                        f"{text}; {what}",
                        source(profile, obligation.requirement, rule),
                        overdue=due < reference,
                    )
                )
    notes = []
    if undated:
        count = len(undated)
        notes.append(
            f"{count} weakening{'s' if count != 1 else ''} since {since_tag} "
            f"({_listed(undated)}) {'has' if count == 1 else 'have'} no effective date yet: the "
            "publication deadlines count from it; set it with 'prepctl release --date' or an "
            "effective date in the change record that justifies the weakening"
        )
    return duties, notes
