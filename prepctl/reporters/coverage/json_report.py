"""Machine-readable coverage; its shape is published as the ``coverage-report`` schema."""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core.compliance import Coverage, ProfileCoverage, Row
from prepctl.core.finding import Severity
from prepctl.reporters.lint.json_report import finding_object
from prepctl.terminal import write_json


def _row(row: Row) -> dict[str, Any]:
    requirement = row.requirement
    return {
        "id": requirement.id,
        "section": requirement.section,
        "title": requirement.title,
        "summary": requirement.summary,
        "link": requirement.link,
        "status": requirement.status,
        "note": requirement.note,
        "covered": row.covered,
        "coverage": row.state,
        "addresses": list(row.addresses),
        "claims": list(row.claims),
    }


def _profile(entry: ProfileCoverage) -> dict[str, Any]:
    profile = entry.profile
    return {
        "id": profile.id,
        "name": profile.name,
        "kind": profile.kind,
        "jurisdiction": profile.jurisdiction,
        "source": {"citation": profile.citation, "url": profile.url},
        "date": profile.date,
        "in_force": profile.in_force,
        "caveats": list(profile.caveats),
        "claimed": entry.claimed,
        "covered": entry.covered,
        "claimed_without_evidence": entry.without_evidence,
        "total": entry.total,
        "requirements": [_row(row) for row in entry.rows],
        "rules": profile.rules,
    }


def report(coverage: Coverage, stream: TextIO, color: bool) -> None:
    document = {
        "version": 1,
        "source": coverage.label,
        "profiles": [_profile(entry) for entry in coverage.profiles],
        "findings": [finding_object(finding) for finding in coverage.findings],
        "summary": {
            "profiles": len(coverage.profiles),
            "requirements": coverage.requirements,
            "covered": coverage.covered,
            "uncovered": coverage.requirements - coverage.covered,
            "claimed_without_evidence": coverage.without_evidence,
            "errors": coverage.count(Severity.ERROR),
            "warnings": coverage.count(Severity.WARNING),
        },
    }
    write_json(document, stream)
