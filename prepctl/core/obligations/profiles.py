"""The duties the claimed compliance profiles create: their review rules, the reports they
require beyond the framework (dated when the profile says when the first period starts), and
their standing rules with clocks (publication after a material modification, a regulator's
access, incident reports)."""

from __future__ import annotations

from datetime import date
from typing import Any

from prepctl.core.clocks import Duration, cadence, deadline
from prepctl.core.compliance import MATERIAL_CHANGE, REGULATOR_ACCESS, UPDATE_RECORD, Profile
from prepctl.core.obligations.model import RECURRING, REVIEW, Duty, Source, Window, occurrences

RULE_REVIEW = "review"
RULE_REPORTS = "reports"


def source(profile: Profile, rule: str, written: dict[str, Any]) -> Source:
    section = written.get("section")
    return Source(
        rule=rule,
        profile=profile.id,
        section=section if isinstance(section, str) else None,
        unverified=written.get("status") == "unverified",
    )


def _date(value: object) -> date | None:
    """A date written as YYYY-MM-DD; None for anything else (the schema rule reports it)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.isoformat() == value else None


def _in_force(profile: Profile) -> date | None:
    return _date(profile.in_force)


def _from_in_force(profile: Profile, reference: date) -> str:
    """For a profile not yet in force on the reference date: from when its rules apply."""
    starts = _in_force(profile)
    return (
        f"; from {starts.isoformat()}, when {profile.id} comes into force"
        if starts and starts > reference
        else ""
    )


def reviews(
    profile: Profile, last: date | None, reference: date, start: date, end: date
) -> list[Duty]:
    """The reviews the profile's review rule asks for, counted from the framework's last
    review; none before the profile is in force (a review already older than the interval by
    then falls due the day it comes into force)."""
    rule = profile.rules.get(RULE_REVIEW)
    every = cadence(rule)
    if rule is None or every is None or last is None:
        return []
    where = source(profile, RULE_REVIEW, rule)
    title = f"review the framework under {profile.id}"
    anchor, first = last, every.after(last)
    detail = f"at least every {every.words()}: {every.words()} after the last review on {last}"
    starts = _in_force(profile)
    if starts is not None and first < starts:
        anchor, first = starts, starts
        detail = f"at least every {every.words()}, from {profile.id} coming into force on {starts}"
    if first < reference:
        return [Duty(first, REVIEW, title, detail + ", overdue", where, overdue=True)]
    dates = [first] if start <= first <= end else []
    dates += [due for due in occurrences(anchor, every, start, end) if due > first]
    return [
        Duty(due, REVIEW, title, detail if due == first else LATER.format(every.words()), where)
        for due in dates
    ]


LATER = "at least every {}, if the review before is held on its due date"


def reports(profile: Profile, start: date, end: date) -> list[Duty]:
    """Each period's report, for the reports whose profile says when the first period starts."""
    found: list[Duty] = []
    in_force = _in_force(profile)
    for report in profile.reports:
        every = cadence(report)
        first = report.get("starts")
        anchor = _date(first)
        if every is None or anchor is None:
            continue
        title = _report_title(report)
        detail = f"every {every.words()} from {anchor.isoformat()}"
        note = report.get("note")
        note = " ".join(note.split()) if isinstance(note, str) else None
        found.extend(
            Duty(due, RECURRING, title, detail, source(profile, RULE_REPORTS, report), note=note)
            for due in occurrences(anchor, every, start, end)
            if in_force is None or due >= in_force
        )
    return found


def windows(profile: Profile, reference: date) -> list[Window]:
    """The profile's standing rules: what must happen within a time of an event, or every so
    often from a date prepctl does not know."""
    found: list[Window] = []
    later = _from_in_force(profile, reference)
    rule = profile.rules.get(MATERIAL_CHANGE)
    if rule is not None:
        days = Duration(days=int(rule["publish-within-days"]))
        what = "publish the modified framework"
        if rule.get("justification"):
            what += " with a justification"
        found.append(
            Window(
                what + later,
                source(profile, MATERIAL_CHANGE, rule),
                days.words(),
                "of a material modification",
                days.iso(),
            )
        )
    rule = profile.rules.get(REGULATOR_ACCESS)
    if rule is not None:
        count = int(rule["within-business-days"])
        unredacted = " unredacted" if rule.get("unredacted") else ""
        found.append(
            Window(
                f"give {rule['recipient']}{unredacted} access to the framework" + later,
                source(profile, REGULATOR_ACCESS, rule),
                f"{count} business day{'' if count == 1 else 's'}",
                "of confirming an update",
            )
        )
    rule = profile.rules.get(UPDATE_RECORD)
    if rule is not None:
        parts = [name for key, name in _RECORD_PARTS if rule.get(key)]
        if parts:
            listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
            found.append(
                Window(
                    f"{listed}" + later,
                    source(profile, UPDATE_RECORD, rule),
                    trigger="with every update",
                )
            )
    for report in profile.reports:
        found.extend(_report_window(profile, report, later))
    return found


_RECORD_PARTS = (("changelog", "a changelog"), ("version", "a version number"), ("date", "a date"))


def _report_title(report: dict[str, Any]) -> str:
    return f"{report.get('title', report.get('id'))} (to {report.get('recipient')})"


def _report_window(profile: Profile, report: dict[str, Any], later: str) -> list[Window]:
    title = _report_title(report) + later
    where = source(profile, RULE_REPORTS, report)
    note = report.get("note")
    note = " ".join(note.split()) if isinstance(note, str) else None
    clock = deadline(report)
    if clock is not None:
        after = report.get("after")
        return [
            Window(
                title,
                where,
                clock.words(),
                after if isinstance(after, str) else None,
                clock.iso(),
                note=note,
            )
        ]
    every = cadence(report)
    if every is not None and not isinstance(report.get("starts"), str):
        return [Window(title, where, every.words(), None, every.iso(), recurring=True, note=note)]
    return []
