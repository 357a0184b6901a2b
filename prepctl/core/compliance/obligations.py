"""What a material modification owes: the records of weakenings and obligations, and the
deadline arithmetic that dates each obligation from the profile's rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from prepctl.core.compliance.profiles import (
    MATERIAL_CHANGE,
    REGULATOR_ACCESS,
    UPDATE_RECORD,
    Profile,
)


class Obligation(NamedTuple):
    """What a claimed profile requires after a material modification, and by when."""

    profile: str
    requirement: str
    text: str
    due: str | None

    def line(self) -> str:
        return f"{self.profile}: {self.text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "requirement": self.requirement,
            "text": self.text,
            "due": self.due,
        }


class Weakening(NamedTuple):
    """One weakening change and what justifies it, if anything."""

    address: str
    record: str | None
    rationale: str | None
    approvers: tuple[str, ...]
    redacted: str | None = None
    """Why the weakened item is withheld from the public edition, when it is."""

    def to_json(self) -> dict[str, Any]:
        found = {
            "address": self.address,
            "record": self.record,
            "rationale": self.rationale,
            "approved_by": list(self.approvers),
        }
        return found | ({"redacted": self.redacted} if self.redacted is not None else {})

    def justification(self) -> str:
        withheld = f"redacted ({self.redacted}); " if self.redacted is not None else ""
        if self.record is None:
            return withheld + "no justification recorded"
        text = f"{withheld}justified by change record {self.record}"
        if self.rationale:
            text += f": {' '.join(self.rationale.split())}"
        if self.approvers:
            text += f" (approved: {', '.join(self.approvers)})"
        return text


class MaterialModification(NamedTuple):
    """Whether an update is a material modification (it weakens or removes a commitment), and
    what each claimed profile then requires."""

    material: bool
    weakenings: tuple[Weakening, ...] = ()
    obligations: tuple[Obligation, ...] = ()

    def lines(self) -> list[str]:
        """The section for text output (release and diff); empty when not material."""
        if not self.material:
            return []
        count = len(self.weakenings)
        out = [
            f"MATERIAL MODIFICATION: {count} weakening{'s' if count != 1 else ''} "
            "(a weakened or removed commitment)"
        ]
        out += [f"  {w.address}: {w.justification()}" for w in self.weakenings]
        out += [f"  {obligation.line()}" for obligation in self.obligations]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "material": self.material,
            "weakenings": [weakening.to_json() for weakening in self.weakenings],
            "obligations": [obligation.to_json() for obligation in self.obligations],
        }


def add_business_days(start: date, days: int) -> date:
    """``days`` business days (Monday to Friday) after ``start``."""
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def _section(rule: dict[str, Any]) -> str:
    section = str(rule.get("section", ""))
    if rule.get("status") == "unverified":
        section += ", unverified"
    return section


EFFECTIVE_DATE = "the effective date"


def obligations(
    profile: Profile, effective: date | None, *, since: str = EFFECTIVE_DATE
) -> list[Obligation]:
    """What ``profile`` requires of a material modification taking effect on ``effective``
    (None when the date is not known yet), from the profile's rules; ``since`` says where the
    date comes from, as the deadlines' text names it. A law not yet in force on that date asks
    nothing yet."""
    if effective is not None and profile.in_force and effective.isoformat() < profile.in_force:
        return [
            Obligation(
                profile.id, "none", f"nothing due yet: in force from {profile.in_force}", None
            )
        ]
    found: list[Obligation] = []
    rule = profile.rules.get(MATERIAL_CHANGE)
    if rule is not None:
        days = int(rule["publish-within-days"])
        what = "publish the modified framework"
        if rule.get("justification"):
            what += " with a justification"
        if effective is None:
            text, due = f"{what} within {days} days of the modification", None
        else:
            due = (effective + timedelta(days=days)).isoformat()
            text = f"{what} by {due} ({days} days after {since} {effective.isoformat()})"
        found.append(Obligation(profile.id, MATERIAL_CHANGE, f"{text} [{_section(rule)}]", due))
    rule = profile.rules.get(UPDATE_RECORD)
    if rule is not None:
        parts = [
            name
            for key, name in (
                ("changelog", "changelog"),
                ("version", "version number"),
                ("date", "date"),
            )
            if rule.get(key)
        ]
        if parts:
            listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
            text = f"{listed} required for this update [{_section(rule)}]"
            found.append(Obligation(profile.id, UPDATE_RECORD, text, None))
    rule = profile.rules.get(REGULATOR_ACCESS)
    if rule is not None:
        days = int(rule["within-business-days"])
        recipient = str(rule["recipient"])
        unredacted = " (unredacted)" if rule.get("unredacted") else ""
        text = f"give {recipient} access{unredacted} within {days} business days of confirmation"
        due = None
        if effective is not None:
            due = add_business_days(effective, days).isoformat()
            text += f", by {due} if confirmed on {effective.isoformat()}"
        found.append(Obligation(profile.id, REGULATOR_ACCESS, f"{text} [{_section(rule)}]", due))
    if not found:
        found.append(Obligation(profile.id, "none", "nothing due", None))
    return found
