"""The coverage matrix as Markdown, for a pull-request comment or a compliance page.

Profile and framework text is escaped (as in the diff comment) so that it can neither break a
table, nor format, link, mention people or inject HTML; links go only to the profile's own
``https://`` addresses.
"""

from __future__ import annotations

from typing import TextIO
from urllib.parse import quote

from prepctl.core import address
from prepctl.core.compliance import CLAIMED_WITHOUT_EVIDENCE, Coverage, ProfileCoverage
from prepctl.core.finding import Severity
from prepctl.reporters.coverage.common import (
    CLAIMED,
    claim_text,
    dated,
    finding_counts,
    headline,
    profile_count,
    totals,
)
from prepctl.reporters.diff.markdown import code, text

_ICONS = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "🔹"}


def _url(url: str) -> str:
    # Percent-encode everything that could end the link destination or leave it.
    return quote(url, safe="/:?#[]@!$&*+,;=%-._~")


def _link(label: str, url: str | None) -> str:
    return f"[{text(label)}](<{_url(url)}>)" if url else text(label)


def report(coverage: Coverage, stream: TextIO, color: bool) -> None:
    out = [f"### Compliance coverage: {headline(coverage)}", ""]
    out.append(f"{code(coverage.label or '.')} · {totals(coverage)} · {finding_counts(coverage)}")
    if coverage.profiles:
        out += ["", "| | profile | kind | covered |", "|---|---|---|---|"]
        for entry in coverage.profiles:
            icon = "✅" if entry.covered == entry.total else "❌"
            claimed = "" if entry.claimed else " (not claimed)"
            out.append(
                f"| {icon} | {code(entry.profile.id)} {text(entry.profile.name)}{claimed} "
                f"| {text(entry.profile.kind)} | {profile_count(entry)} |"
            )
    for entry in coverage.profiles:
        out += ["", *_profile(entry)]
    if coverage.findings:
        out += ["", "#### Findings", "", "| | rule | address | where | message |"]
        out.append("|---|---|---|---|---|")
        for finding in coverage.findings:
            where = f"{finding.file}:{finding.line}:{finding.column}"
            out.append(
                f"| {_ICONS[finding.severity]} {finding.severity.value} | {code(finding.rule)} "
                f"| {code(address.display(finding.address))} | {code(where)} "
                f"| {text(finding.message)} |"
            )
    stream.write("\n".join(out) + "\n")


def _profile(entry: ProfileCoverage) -> list[str]:
    profile = entry.profile
    facts = [
        _link(profile.citation, profile.url),
        text(profile.jurisdiction),
        text(dated(profile)),
    ]
    if profile.in_force is not None:
        facts.append(text(f"in force {profile.in_force}"))
    out = [f"#### {code(profile.id)} {text(profile.name)}", "", " · ".join(facts), ""]
    out += ["| | requirement | section | met by |", "|---|---|---|---|"]
    for row in entry.rows:
        requirement = row.requirement
        icon = "✅" if row.covered else "⚠️" if row.state == CLAIMED_WITHOUT_EVIDENCE else "❌"
        flag = " *(unverified)*" if requirement.unverified else ""
        met = ", ".join(code(address.display(h)) for h in row.addresses)
        if row.claims:
            claims = ", ".join(_claim(holder) for holder in row.claims)
            met += ("; " if met else "") + f"**{CLAIMED}:** {claims}"
        met = met or "**not covered**"
        out.append(
            f"| {icon} | {code(requirement.id)} {_link(requirement.title, requirement.link)}{flag} "
            f"| {text(requirement.section)} | {met} |"
        )
    notes = [*profile.caveats]
    notes += [
        f"{r.id}: {r.note}" for r in (row.requirement for row in entry.rows) if r.note is not None
    ]
    for kind, rule in profile.rules.items():
        note = rule.get("note")
        if isinstance(note, str):
            notes.append(f"{kind}: {note}")
    if notes:
        out += ["", "<details><summary>Caveats</summary>", ""]
        out += [f"- {text(note)}" for note in notes]
        out += ["", "</details>"]
    return out


def _claim(holder: str) -> str:
    shown = claim_text(holder)
    where, _, words = shown.partition(" ")
    return code(where) + (f" {text(words)}" if words else "")
