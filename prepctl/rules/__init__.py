"""Lint rules beyond the schema: one module each, registered explicitly in ``RULES``.

A rule module defines ``ID`` (stable, kebab-case), ``SEVERITY`` (its default), ``OPTIONS`` (a
dict of option defaults; their types are the types configuration must give) and
``check(document, context)``, a generator of :class:`Problem`. Its docstring is its user
documentation, with a passing and a failing YAML example; ``prepctl explain RULE`` prints it and
``prepctl rules --format markdown`` builds ``docs/rules.md`` from it. The engine, not the rule,
stamps the rule id and severity on each finding and applies configuration and suppressions.

A module may set ``AFTER_SUPPRESSIONS = True``: it then runs once inline suppressions have been
matched to findings, reads them from ``context.suppressions``, and its own findings cannot be
suppressed inline (they are about suppressions).

Every rule must tolerate data that failed schema validation (a list where a mapping belongs, a
number where an id belongs): it skips what it cannot read, because the schema rule reports it.
"""

from __future__ import annotations

from types import ModuleType

from prepctl.core.compliance import IssueKind
from prepctl.core.finding import Severity
from prepctl.rules import (
    assessment_reference,
    commitment_language,
    dangling_reference,
    file_name,
    invalid_suppression,
    level_safeguards_monotonic,
    lineage,
    missing_threshold,
    profile_review_overdue,
    redacted_public_item,
    retired_id_reused,
    stale_assessment,
    stale_review,
    suppression_without_reason,
    threshold_without_safeguards,
    top_level_safeguards,
    unclaimed_profile,
    uncovered_requirement,
    unique_ids,
    unknown_requirement,
    unused_safeguard,
    unused_suppression,
    unwatched_threshold,
    update_record,
    version_bump,
)
from prepctl.rules.base import SCHEMA_RULE, YAML_RULE, Context, Problem, RuleInfo, suggest

__all__ = [
    "RULES",
    "SCHEMA_RULE",
    "YAML_RULE",
    "Context",
    "Problem",
    "RuleInfo",
    "describe",
    "known",
    "suggest",
]


RULES: dict[str, ModuleType] = {
    module.ID: module
    for module in (
        unique_ids,
        file_name,
        dangling_reference,
        missing_threshold,
        threshold_without_safeguards,
        unwatched_threshold,
        top_level_safeguards,
        unused_safeguard,
        level_safeguards_monotonic,
        stale_review,
        assessment_reference,
        stale_assessment,
        retired_id_reused,
        lineage,
        commitment_language,
        uncovered_requirement,
        unknown_requirement,
        unclaimed_profile,
        profile_review_overdue,
        redacted_public_item,
        version_bump,
        update_record,
        suppression_without_reason,
        unused_suppression,
        invalid_suppression,
    )
}


def runs_after_suppressions(rule_id: str) -> bool:
    return bool(getattr(RULES.get(rule_id), "AFTER_SUPPRESSIONS", False))


def describe() -> list[RuleInfo]:
    """Every rule prepctl knows, the schema and YAML rules first, then by id."""
    infos = [SCHEMA_RULE, YAML_RULE]
    for rule_id in sorted(RULES):
        module = RULES[rule_id]
        documentation = (module.__doc__ or "").strip()
        summary = documentation.splitlines()[0] if documentation else rule_id
        infos.append(
            RuleInfo(rule_id, module.SEVERITY, summary, documentation, dict(module.OPTIONS))
        )
    return infos


def coverage_rules() -> dict[IssueKind, tuple[str, Severity]]:
    """The rule reporting each kind of compliance issue: its id and default severity."""
    return {
        module.KIND: (module.ID, module.SEVERITY)
        for module in RULES.values()
        if isinstance(getattr(module, "KIND", None), IssueKind)
    }


def known() -> list[str]:
    """Every rule id, the schema and YAML rules' included."""
    return [SCHEMA_RULE.id, YAML_RULE.id, *sorted(RULES)]
