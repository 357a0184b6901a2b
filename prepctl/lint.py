"""The lint engine: schema validation, then every selected rule, collected into one result."""

from __future__ import annotations

from dataclasses import dataclass, field

from prepctl import validate
from prepctl.document import Document
from prepctl.finding import Finding, Severity


@dataclass
class LintResult:
    findings: list[Finding]
    files: int
    suppressed: list[Finding] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def failed(self) -> bool:
        """Errors and warnings fail a run; information does not."""
        return any(f.severity in (Severity.ERROR, Severity.WARNING) for f in self.findings)


def lint(document: Document) -> LintResult:
    findings = validate.validate(document)
    return LintResult(findings=sorted(findings, key=Finding.sort_key), files=len(document.files))


def merge(results: list[LintResult]) -> LintResult:
    """One result for several frameworks linted in one run."""
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    suppressed = [f for r in results for f in r.suppressed]
    return LintResult(findings=findings, files=sum(r.files for r in results), suppressed=suppressed)
