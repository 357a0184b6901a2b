"""The lint engine: schema validation, then every selected rule, collected into one result.

0. Every file that cannot be read as YAML is a ``yaml`` finding (always an error). The other
   files are still validated, but the rules, which need the whole framework, do not run.
1. Every file is validated against its schema (``schema`` findings, always errors).
2. Every rule the configuration enables runs on the whole document, schema errors or not (rules
   skip what they cannot read). The engine stamps each problem with the rule's id and
   configured severity, at the problem's own location or else its address's.
3. Inline suppressions (``# prepctl: ignore[rule] reason``) and the configuration's
   per-address ignores move findings to ``LintResult.suppressed``: counted, never dropped.
4. The rules about suppressions run last, knowing which suppressions matched something.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from prepctl import rules
from prepctl.core import address, suppression, validate
from prepctl.core.document import Document, Location
from prepctl.core.finding import Finding, Severity
from prepctl.lint.config import DEFAULT, Config

if TYPE_CHECKING:
    from prepctl.core.assess.staleness import Assessed


@dataclass
class LintResult:
    findings: list[Finding]
    files: int
    suppressed: list[Finding] = field(default_factory=list)
    unreadable: int = 0
    """Files that could not be read as YAML (each is also a ``yaml`` finding); the rules did
    not run on their frameworks, and the command exits 2."""
    repository: Path | None = None
    """The root of the git repository the linted files are in, when they are in one."""
    paths: Mapping[str, str] = field(default_factory=dict)
    """Each file as findings name it, mapped to its path from ``repository`` (with '/')."""

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def failed(self) -> bool:
        """Errors and warnings fail a run; information does not."""
        return any(f.severity in (Severity.ERROR, Severity.WARNING) for f in self.findings)


def lint(
    document: Document,
    *,
    config: Config = DEFAULT,
    today: date | None = None,
    base: Document | None = None,
    assessments: tuple[Assessed, ...] = (),
) -> LintResult:
    """Lint one framework; ``base`` is the version to compare with (``lint --against``)."""
    today = today or date.today()
    findings = validate.validate(document)
    if document.upgraded_from is not None:
        findings.append(_earlier_schema(document))
    if document.unreadable:
        findings.extend(_unreadable(document))
        return LintResult(
            findings=number(findings, [])[0],
            files=len(document.files) + len(document.unreadable),
            unreadable=len(document.unreadable),
        )
    ran: set[str] = set()
    for rule_id, module in rules.RULES.items():
        if rules.runs_after_suppressions(rule_id) or not config.enabled(rule_id):
            continue
        ran.add(rule_id)
        context = rules.Context(
            today=today,
            options=config.options_for(rule_id),
            base=base,
            profiles=config.profiles,
            assessments=assessments,
        )
        findings.extend(_findings(document, config, rule_id, module.check(document, context)))
    suppressions = suppression.read(document)
    findings, suppressed = _apply(document, findings, suppressions, config)
    for rule_id, module in rules.RULES.items():
        if not rules.runs_after_suppressions(rule_id) or not config.enabled(rule_id):
            continue
        context = rules.Context(
            today=today,
            options=config.options_for(rule_id),
            suppressions=tuple(suppressions),
            ran=frozenset(ran),
            base=base,
            known=tuple(rules.known()),
            after_suppressions=frozenset(filter(rules.runs_after_suppressions, rules.RULES)),
        )
        for finding in _findings(document, config, rule_id, module.check(document, context)):
            (suppressed if config.ignored_at(rule_id, finding.address) else findings).append(
                finding
            )
    findings, suppressed = number(findings, suppressed)
    return LintResult(findings=findings, files=len(document.files), suppressed=suppressed)


def number(
    findings: Iterable[Finding], suppressed: Iterable[Finding]
) -> tuple[list[Finding], list[Finding]]:
    """Both lists sorted, each finding numbered among those of its kind (the same rule, address
    and message), kept and suppressed alike, in file and position order: so each has its own
    fingerprint, which edits elsewhere do not change, and suppressing one renumbers none."""
    entries = sorted(
        [(f, False) for f in findings] + [(f, True) for f in suppressed],
        key=lambda entry: (entry[0].sort_key(), entry[1]),
    )
    seen: dict[tuple[str, str, str], int] = {}
    kept: list[Finding] = []
    excused: list[Finding] = []
    for finding, is_suppressed in entries:
        kind = finding.kind()
        occurrence = seen.get(kind, 0)
        seen[kind] = occurrence + 1
        (excused if is_suppressed else kept).append(finding._replace(occurrence=occurrence))
    return kept, excused


def _findings(
    document: Document, config: Config, rule_id: str, problems: Iterable[rules.Problem]
) -> list[Finding]:
    severity = config.severity(rule_id) or Severity.ERROR
    found: list[Finding] = []
    for problem in problems:
        location = problem.location or document.location(problem.address) or _first(document)
        found.append(
            Finding(
                location.file,
                location.line,
                location.column,
                rule_id,
                severity,
                problem.address or address.ROOT,
                problem.message,
            )
        )
    return found


def _earlier_schema(document: Document) -> Finding:
    """A framework written for an earlier schema: read as the current schema means it, and
    reported, since editors and other tools read it with the current schema."""
    location = document.location(address.ROOT) or _first(document)
    return Finding(
        location.file,
        1,
        1,
        validate.RULE,
        Severity.ERROR,
        address.ROOT,
        f"this framework is written for schema version {document.upgraded_from}; "
        "`prepctl migrate` rewrites it for the current one, keeping its comments",
    )


def _unreadable(document: Document) -> list[Finding]:
    return [
        Finding(
            entry.error.file,
            entry.error.line,
            entry.error.column,
            rules.YAML_RULE.id,
            Severity.ERROR,
            entry.address,
            entry.error.problem,
        )
        for entry in document.unreadable
    ]


def _first(document: Document) -> Location:
    return document.files[0].location(()) if document.files else Location("", 1, 1)


def _apply(
    document: Document,
    findings: list[Finding],
    suppressions: list[suppression.Suppression],
    config: Config,
) -> tuple[list[Finding], list[Finding]]:
    """Split findings into those that stand and those suppressed inline or by configuration.

    An inline suppression covers a finding on its target line, and also a finding about a value
    that starts on that line: a weak word deep inside a block of text can be excused on the
    text's first line, where a comment can stand.
    """
    by_line: dict[tuple[str, int], list[suppression.Suppression]] = {}
    for entry in suppressions:
        by_line.setdefault((entry.file, entry.target), []).append(entry)
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        excused: Finding | None = None
        if finding.rule != rules.SCHEMA_RULE.id:
            lines = {finding.line}
            start = document.locations.get(finding.address)
            if start is not None and start.file == finding.file:
                lines.add(start.line)
            for line in sorted(lines):
                for entry in by_line.get((finding.file, line), []):
                    if finding.rule in entry.rules:
                        entry.used.add(finding.rule)
                        excused = excused or finding._replace(reason=entry.reason or None)
            if excused is None and config.ignored_at(finding.rule, finding.address):
                where = f" in {_shown(config.path)}" if config.path is not None else ""
                excused = finding._replace(
                    reason=f"per-address-ignores{where}", by_configuration=True
                )
        if excused is None:
            kept.append(finding)
        else:
            suppressed.append(excused)
    return kept, suppressed


def merge(results: list[LintResult]) -> LintResult:
    """One result for several frameworks linted in one run."""
    findings, suppressed = number(
        (f for r in results for f in r.findings), (f for r in results for f in r.suppressed)
    )
    return LintResult(
        findings=findings,
        files=sum(r.files for r in results),
        suppressed=suppressed,
        unreadable=sum(r.unreadable for r in results),
        repository=next((r.repository for r in results if r.repository is not None), None),
        paths={shown: path for r in results for shown, path in r.paths.items()},
    )


def _shown(path: Path) -> str:
    """A path as reports show files: relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
