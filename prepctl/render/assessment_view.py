"""The view of one assessment as a publication lays it out: the scorecard, the capabilities
report and the safeguards report.

Built from the assessment as written, the determination :mod:`prepctl.core.assess` derived
from it, and the framework version it names. Names come from the framework; in the public
edition an item the framework marks confidential is shown by its address and the reason it is
withheld, never by its content (its name, its trigger, or the result measured against it).
Nothing here reads a clock or the disk: the same input gives the same view.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from prepctl import __version__
from prepctl.core import address, confidential
from prepctl.core.assess import Assessment, Category, Determination
from prepctl.core.assess.vocabulary import trigger_of, words
from prepctl.core.document import Document
from prepctl.render.values import label, number

KINDS = ("scorecard", "capabilities", "safeguards")
"""The reports, in the order a combined document shows them."""

# A link is made only of an absolute http(s) URL with nothing that could end the link early
# in Markdown, in a Markdown table or in HTML; any other evidence is shown as text.
_LINKABLE = re.compile(r"https?://[^\s<>()\"'`\\|]+")


class Named(NamedTuple):
    """A framework item as the report names it; ``withheld`` is the reason in words when the
    public edition withholds it."""

    name: str
    address: str
    withheld: str | None = None


class Evidence(NamedTuple):
    text: str
    url: str | None


class Result(NamedTuple):
    evaluation: Named
    mitigation: str
    value: str
    uncertainty: str | None
    trigger: str | None
    unit: str | None
    crossed: bool
    evidence: Evidence | None


class Alert(NamedTuple):
    threshold: Named
    warns_of: Named | None
    evaluations: list[Named]


class CategoryReport(NamedTuple):
    category: Named
    level: str | None
    post_level: str | None
    # Per level of the manifest: 'pre and post', 'pre' (before mitigation only) or ''.
    cells: list[str]
    reached: list[Named]
    deciding: list[Result]
    results: list[Result]
    alerts: list[Alert]


class SafeguardRow(NamedTuple):
    safeguard: Named
    status: str
    evidence: Evidence | None
    owed_by: list[Named]
    missing: bool


class StageRow(NamedTuple):
    stage: str
    effect: str
    permitted: bool
    missing: list[Named]


class DecisionView(NamedTuple):
    stage: str
    outcome: str
    decided_by: Named
    date: str
    rationale: str | None
    approvals: list[Named]
    stages: list[StageRow]
    compliant: bool
    reason: str


class Source(NamedTuple):
    """Where the report came from, for its footer: never the time it was made."""

    framework_name: str
    framework_version: str
    framework_source: str
    commit: str | None
    uncommitted: bool
    assessment_file: str
    assessment_sha256: str
    edition: str
    prepctl_version: str = __version__


class AssessmentView(NamedTuple):
    kinds: tuple[str, ...]
    model: str
    model_id: str
    model_detail: str | None
    date: str
    levels: list[str]
    categories: list[CategoryReport]
    owed: list[SafeguardRow]
    reported: list[SafeguardRow]
    decision: DecisionView
    withheld: list[confidential.Redaction]
    source: Source

    @property
    def title(self) -> str:
        words = {
            "scorecard": "Preparedness scorecard",
            "capabilities": "Capabilities report",
            "safeguards": "Safeguards report",
        }
        if len(self.kinds) == 1:
            return f"{words[self.kinds[0]]}: {self.model}"
        return f"Preparedness assessment: {self.model}"

    @property
    def effective(self) -> str:
        """The day a PDF of the report is dated: the assessment's."""
        return self.date


class Names:
    """Names of framework items, as one edition may show them."""

    def __init__(self, document: Document, edition: str) -> None:
        self.document = document
        self.withheld = confidential.redactions(document) if edition == confidential.PUBLIC else []

    def __call__(self, where: str | None) -> Named:
        where = where or ""
        redaction = confidential.is_redacted(where, self.withheld)
        if redaction is not None:
            return Named(address.split(where)[-1], where, redaction.reason_words)
        item = self.document.get(where)
        name = item.get("name") if isinstance(item, dict) else None
        return Named(str(name) if name else address.split(where)[-1], where)

    def hidden(self, where: str) -> bool:
        return confidential.is_redacted(where, self.withheld) is not None


def _evidence(value: Any) -> Evidence | None:
    if not isinstance(value, str) or not value:
        return None
    return Evidence(value, value if _LINKABLE.fullmatch(value) else None)


def _results(
    assessment: Assessment, found: Category, names: Names, document: Document
) -> list[Result]:
    crossed = {(c.evaluation, c.mitigation) for c in found.crossed}
    rows: list[Result] = []
    for result in assessment.results:
        where = str(result["evaluation"])
        if address.parent(address.parent(where)) != found.category:
            continue
        mitigation = str(result.get("mitigation", "pre"))
        evaluation = names(where)
        trigger = trigger_of(document.get(where))
        unit = _unit(document.get(where))
        hidden = evaluation.withheld is not None
        uncertainty = result.get("uncertainty")
        rows.append(
            Result(
                evaluation,
                mitigation,
                "withheld" if hidden else number(result["value"]),
                None if hidden or uncertainty is None else number(uncertainty),
                None if hidden or trigger is None else number(trigger),
                None if hidden else unit,
                (where, mitigation) in crossed,
                None if hidden else _evidence(result.get("evidence")),
            )
        )
    return rows


def _unit(evaluation: Any) -> str | None:
    """The unit written beside an evaluation's trigger value, if any."""
    value: Any = evaluation
    for key in words().trigger[:-1]:
        value = value.get(key) if isinstance(value, dict) else None
    unit = value.get("unit") if isinstance(value, dict) else None
    return str(unit) if unit else None


def _category(
    assessment: Assessment, found: Category, names: Names, document: Document, levels: list[str]
) -> CategoryReport:
    results = _results(assessment, found, names, document)
    rank = {level: n for n, level in enumerate(levels)}
    post = rank.get(found.post_mitigation_level or "", -1)
    cells = []
    for n, level in enumerate(levels):
        at_pre = _reached_at(document, found.reached, level)
        cells.append(("pre and post" if n <= post else "pre") if at_pre else "")
    return CategoryReport(
        names(found.category),
        _level_name(document, found.level),
        _level_name(document, found.post_mitigation_level),
        cells,
        [names(where) for where in found.reached],
        [row for row in results if row.crossed],
        results,
        [
            Alert(
                names(alert.threshold),
                names(alert.alerts_for) if alert.alerts_for else None,
                [names(e) for e in alert.evaluations],
            )
            for alert in found.alerts
        ],
    )


def _reached_at(document: Document, reached: tuple[str, ...], level: str) -> bool:
    for where in reached:
        threshold = document.get(where)
        if isinstance(threshold, dict) and threshold.get(words().threshold_level) == level:
            return True
    return False


def _level_name(document: Document, level: str | None) -> str | None:
    if level is None:
        return None
    found = document.get(address.join(words().levels, level))
    name = found.get("name") if isinstance(found, dict) else None
    return str(name) if name else label(level)


def _body(document: Document, body: Any) -> Named:
    where = address.join(_bodies(), str(body))
    found = document.get(where)
    name = found.get("name") if isinstance(found, dict) else None
    return Named(str(name) if name else str(body), where)


def _bodies() -> str:
    """Where the bodies a decision names are: the target its deciding body refers to."""
    from prepctl.core import meaning

    decision = meaning.root("assessment").entry("decision")
    body = decision.entry("decided-by") if decision is not None else None
    return (body.reference if body is not None else None) or address.ROOT


def build(
    assessment: Assessment,
    determination: Determination,
    document: Document,
    source: Source,
    *,
    kinds: tuple[str, ...] = KINDS,
) -> AssessmentView:
    """The view of one assessment read against ``document`` (the full framework version it
    names; the edition in ``source`` decides what is withheld)."""
    names = Names(document, source.edition)
    levels_data = document.get(words().levels)
    level_ids = [str(level.get("id")) for level in levels_data or [] if isinstance(level, dict)]
    categories = [
        _category(assessment, found, names, document, level_ids)
        for found in determination.categories
    ]
    statuses = {str(s["safeguard"]): s for s in assessment.safeguards}
    missing = {g for found in determination.categories for g in found.missing_safeguards}
    owed_by: dict[str, list[Named]] = {}
    for found in determination.categories:
        for safeguard in found.required_safeguards:
            owed_by.setdefault(safeguard, []).append(names(found.category))

    def row(where: str) -> SafeguardRow:
        status = statuses.get(where, {})
        named = names(where)
        return SafeguardRow(
            named,
            str(status.get("status", "no status recorded")),
            None if named.withheld else _evidence(status.get("evidence")),
            owed_by.get(where, []),
            where in missing,
        )

    recorded = determination.decision.recorded
    rationale = recorded.get("rationale")
    model = determination.model
    detail = [f"{key} {model[key]}" for key in ("checkpoint", "version") if model.get(key)]
    return AssessmentView(
        kinds,
        str(model.get("name") or model.get("id")),
        str(model.get("id")),
        ", ".join(detail) or None,
        determination.date,
        [_level_name(document, level) or level for level in level_ids],
        categories,
        [row(where) for where in sorted(owed_by)],
        [row(where) for where in sorted(statuses) if where not in owed_by],
        DecisionView(
            str(recorded["stage"]),
            str(recorded["outcome"]),
            _body(document, recorded["decided-by"]),
            str(recorded["date"]),
            str(rationale) if rationale else None,
            [_body(document, body) for body in recorded.get("approvals") or []],
            [
                StageRow(s.stage, s.effect, s.permitted, [names(g) for g in s.missing])
                for s in determination.decision.stages
            ],
            determination.decision.compliant,
            determination.decision.reason,
        ),
        names.withheld,
        source,
    )


class Reached(NamedTuple):
    category: Named
    level: str
    post_level: str | None
    """The level after mitigation, when it differs."""


class Assessed(NamedTuple):
    """One assessment made under a framework version, as the published framework lists it."""

    model: str
    model_id: str
    date: str
    file: str
    reached: list[Reached]
    decision: str
    compliant: bool
    reports: list[tuple[str, str]]
    """Each report on the site, as (title, link relative to the framework's page)."""


def assessed(
    determination: Determination,
    document: Document,
    edition: str,
    reports: list[tuple[str, str]] | None = None,
) -> Assessed:
    """The appendix row of one assessment determined against ``document``."""
    names = Names(document, edition)
    reached = [
        Reached(
            names(found.category),
            _level_name(document, found.level) or "",
            _level_name(document, found.post_mitigation_level) or "below every level"
            if found.post_mitigation_level != found.level
            else None,
        )
        for found in determination.categories
        if found.level is not None
    ]
    recorded = determination.decision.recorded
    model = determination.model
    return Assessed(
        str(model.get("name") or model.get("id")),
        str(model.get("id")),
        determination.date,
        determination.file,
        reached,
        f"{label(str(recorded['outcome']))} with {str(recorded['stage']).replace('-', ' ')}",
        determination.compliant,
        reports or [],
    )
