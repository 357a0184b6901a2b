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

from collections.abc import Mapping
from types import MappingProxyType, ModuleType
from typing import Any, NamedTuple

from prepctl.core.compliance import IssueKind
from prepctl.core.finding import Severity
from prepctl.rules import (
    commitment_language,
    dangling_reference,
    file_name,
    invalid_suppression,
    level_safeguards_monotonic,
    missing_threshold,
    profile_review_overdue,
    retired_id_reused,
    stale_review,
    suppression_without_reason,
    threshold_without_safeguards,
    unclaimed_profile,
    uncovered_requirement,
    unique_ids,
    unknown_requirement,
    unused_safeguard,
    unused_suppression,
    update_record,
    version_bump,
)
from prepctl.rules.base import Context, Problem, suggest

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


class RuleInfo(NamedTuple):
    id: str
    severity: Severity
    summary: str
    documentation: str
    options: Mapping[str, Any] = MappingProxyType({})


SCHEMA_RULE = RuleInfo(
    id="schema",
    severity=Severity.ERROR,
    summary="Every file matches its JSON Schema.",
    documentation=(
        "Every file matches its JSON Schema.\n\n"
        "Every framework file is validated against its schema (`prepctl schema NAME`): "
        "required keys, allowed keys, types, formats of ids, dates and versions, and allowed "
        "values. Each error is reported at the line and column of the offending value.\n\n"
        "Schema errors cannot be suppressed or turned off: the other rules, `diff` and "
        "`render` rely on the structure the schema promises. The other rules still run on a "
        "file with schema errors, skipping what they cannot read."
    ),
)

YAML_RULE = RuleInfo(
    id="yaml",
    severity=Severity.ERROR,
    summary="Every file can be read as YAML.",
    documentation=(
        "Every file can be read as YAML.\n\n"
        "A framework file that prepctl cannot read is reported where reading stopped: a "
        "syntax error, a duplicate key, a tab used for indentation, an encoding other than "
        "UTF-8, a tag prepctl does not read (such as `!!python/object`), a file over a size "
        "or nesting limit, or something that is not a file at all (a folder, a named pipe, a "
        "symbolic link leaving the framework).\n\n"
        "`prepctl lint` reports every such file, then checks the files it could read against "
        "their schemas; the other rules need the whole framework, so they do not run on a "
        "framework with an unreadable file, and the summary says so. Such a run exits 2, as "
        "every command does for input it cannot read (the other commands stop at the first "
        "such file with one line on standard error). Like schema errors, these cannot be "
        "suppressed or turned off."
    ),
)

RULES: dict[str, ModuleType] = {
    module.ID: module
    for module in (
        unique_ids,
        file_name,
        dangling_reference,
        missing_threshold,
        threshold_without_safeguards,
        unused_safeguard,
        level_safeguards_monotonic,
        stale_review,
        retired_id_reused,
        commitment_language,
        uncovered_requirement,
        unknown_requirement,
        unclaimed_profile,
        profile_review_overdue,
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
