"""The coverage matrix for a terminal: each profile's requirements, each with the addresses
that meet it, then the findings one a line (``file:line:column`` first), then a summary."""

from __future__ import annotations

from typing import TextIO

from prepctl.core import address
from prepctl.core.compliance import CLAIMED_WITHOUT_EVIDENCE, Coverage, ProfileCoverage
from prepctl.reporters.coverage.common import (
    CLAIMED,
    claim_text,
    finding_counts,
    totals,
)
from prepctl.reporters.lint.text import finding_line
from prepctl.terminal import paint, safe


def _line(text: str) -> str:
    """One line of the report: profile and framework text cannot pass for another line."""
    return safe(text).replace("\n", "\\n")


def report(coverage: Coverage, stream: TextIO, color: bool) -> None:
    for entry in coverage.profiles:
        stream.write(_profile(entry, color))
        stream.write("\n")
    for finding in coverage.findings:
        stream.write(finding_line(finding, color) + "\n")
    stream.write(f"{totals(coverage)}; {finding_counts(coverage)}\n")


def _profile(entry: ProfileCoverage, color: bool) -> str:
    profile = entry.profile
    claimed = "" if entry.claimed else ", not claimed"
    lines = [
        paint(f"{_line(profile.id)}: {_line(profile.name)}", "bold", color)
        + f" ({_covered(entry)}{claimed})"
    ]
    id_width = max((len(row.requirement.id) for row in entry.rows), default=0)
    section_width = max((len(_line(row.requirement.section)) for row in entry.rows), default=0)
    indent = " " * (4 + id_width + 2)
    for row in entry.rows:
        requirement = row.requirement
        mark = (
            paint("✓", "green", color)
            if row.covered
            else paint("?", "yellow", color)
            if row.state == CLAIMED_WITHOUT_EVIDENCE
            else paint("✗", "red", color)
        )
        flag = " (unverified)" if requirement.unverified else ""
        lines.append(
            f"  {mark} {_line(requirement.id):<{id_width}}  "
            f"{_line(requirement.section):<{section_width}}  {_line(requirement.title)}{flag}"
        )
        for holder in row.addresses:
            lines.append(indent + _line(address.display(holder)))
        for holder in row.claims:
            lines.append(
                indent + paint(f"{CLAIMED}: ", "yellow", color) + _line(claim_text(holder))
            )
        if not row.covered and not row.claims:
            lines.append(indent + paint("not covered", "red", color))
    return "\n".join(lines) + "\n"


def _covered(entry: ProfileCoverage) -> str:
    """'2 of 3 covered', and ', 1 claimed without evidence'."""
    text = f"{entry.covered} of {entry.total} covered"
    return text + (f", {entry.without_evidence} {CLAIMED}" if entry.without_evidence else "")
