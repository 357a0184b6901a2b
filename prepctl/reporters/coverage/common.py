"""Words the coverage reporters share."""

from __future__ import annotations

from prepctl.core import address
from prepctl.core.compliance import Coverage, Profile, ProfileCoverage
from prepctl.core.finding import Severity


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def dated(profile: Profile) -> str:
    """'signed 2025-09-29' for a law, 'published …' for anything else."""
    return f"{'signed' if profile.kind == 'law' else 'published'} {profile.date}"


CLAIMED = "claimed without evidence"


def totals(coverage: Coverage) -> str:
    """'39 of 40 requirements covered in 4 profiles', and ', 1 claimed without evidence'."""
    text = (
        f"{coverage.covered} of {plural(coverage.requirements, 'requirement')} covered in "
        f"{plural(len(coverage.profiles), 'profile')}"
    )
    return text + (f", {coverage.without_evidence} {CLAIMED}" if coverage.without_evidence else "")


def profile_count(entry: ProfileCoverage) -> str:
    """'2 of 3', and ' (1 claimed without evidence)'."""
    text = f"{entry.covered} of {entry.total}"
    return text + (f" ({entry.without_evidence} {CLAIMED})" if entry.without_evidence else "")


def claim_text(holder: str) -> str:
    """Where a claim without evidence is written, for a reader."""
    return "/ (the framework as a whole)" if holder == address.ROOT else address.display(holder)


def finding_counts(coverage: Coverage) -> str:
    """'2 findings (1 error, 1 warning)', or 'no findings'."""
    if not coverage.findings:
        return "no findings"
    parts = [
        plural(coverage.count(severity), severity.value)
        for severity in Severity
        if coverage.count(severity)
    ]
    return f"{plural(len(coverage.findings), 'finding')} ({', '.join(parts)})"


def headline(coverage: Coverage) -> str:
    missing = coverage.requirements - coverage.covered
    if missing:
        claimed = f" ({coverage.without_evidence} {CLAIMED})" if coverage.without_evidence else ""
        return f"{plural(missing, 'requirement')} not covered{claimed}"
    if coverage.count(Severity.ERROR):
        return f"every requirement covered, {plural(coverage.count(Severity.ERROR), 'error')}"
    return "every requirement covered"
