"""Lint rules beyond the schema: one module each, registered explicitly in ``RULES``.

A rule module defines ``ID`` (stable, kebab-case), ``SEVERITY`` (its default), ``OPTIONS`` (a
dict of option defaults) and ``check(document, context)``, a generator of :class:`Problem`.
Its docstring is its user documentation, with a passing and a failing YAML example; ``prepctl
explain RULE`` prints it. The engine, not the rule, stamps the rule id and severity on each
finding, applies configuration and suppressions.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from prepctl.document import Location
from prepctl.finding import Severity


@dataclass(frozen=True)
class Problem:
    """What a rule reports: an address, a message, and optionally a more exact location than
    the address's own (a reference is reported where it is written)."""

    address: str
    message: str
    location: Location | None = None


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity
    summary: str
    documentation: str


SCHEMA_RULE = RuleInfo(
    id="schema",
    severity=Severity.ERROR,
    summary="Every file matches its JSON Schema.",
    documentation=(
        "Every framework file is validated against its schema (``prepctl schema NAME``): "
        "required keys, allowed keys, types, formats of ids, dates and versions, and allowed "
        "values. Each error is reported at the line and column of the offending value."
    ),
)

RULES: dict[str, ModuleType] = {}


def describe() -> list[RuleInfo]:
    """Every rule prepctl knows, the schema rule first, then by id."""
    infos = [SCHEMA_RULE]
    for rule_id in sorted(RULES):
        module = RULES[rule_id]
        documentation = (module.__doc__ or "").strip()
        summary = documentation.splitlines()[0] if documentation else rule_id
        infos.append(RuleInfo(rule_id, module.SEVERITY, summary, documentation))
    return infos
