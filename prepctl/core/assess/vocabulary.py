"""Where an assessment finds evaluations, triggers, alerts and decision rules: read from the
schema's keywords, as :mod:`prepctl.core.concepts` finds levels and thresholds.

* the **evaluations** of a category are its list whose items refer to the category's own
  thresholds (an ``x-prepctl-ref`` to the thresholds' key); that reference is the evaluation's
  list of thresholds it watches;
* an evaluation's **trigger** is the number inside it that carries ``x-prepctl-stricter``:
  ``"lower"`` (a lower trigger fires sooner) means higher results are more capable, so a
  result at or above the trigger crosses it; ``"higher"`` means the reverse;
* an **alert** threshold is one with a single reference to another threshold of its category
  (an early warning of that one);
* **decision rules** are the shared definition ``common.schema.json#/$defs/rules`` wherever a
  level or a threshold holds it; the order of a rule's ``effect`` (``x-prepctl-order``) says
  what it permits: its least strict value permits without condition, its strictest never, and
  those between permit once the safeguards owed are in place.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from prepctl.core import concepts, meaning, walk

FOLDER = "assessments"
"""The folder beside the framework folder that holds the assessments, one folder per model."""
RULES_DEFINITION = "common.schema.json#/$defs/rules"

# The fields of a decision rule (common.schema.json#/$defs/rules): what each one says is in
# that definition's descriptions; their values and their order are read from it.
RULE_STAGE = "when"
RULE_ASSESSED = "assessed"
RULE_EFFECT = "effect"


class Words(NamedTuple):
    """The field names and orders an assessment is determined with."""

    categories: str
    thresholds: str
    threshold_level: str
    threshold_safeguards: tuple[str, ...]
    safeguards: str
    levels: str
    evaluations: str
    evaluation_thresholds: str
    trigger: tuple[str, ...]
    capable_when_higher: bool
    alerts_for: str | None
    level_rules: str | None
    threshold_rules: str | None
    rule_safeguards: str | None
    stages: tuple[str, ...]
    effects: tuple[str, ...]
    assessed: tuple[str, ...]
    assessed_default: str


class NoVocabulary(Exception):
    """The schema has no shape an assessment can be determined with (a schema bug)."""


def _array_items(node: meaning.SchemaNode | None) -> meaning.SchemaNode | None:
    return node.items() if node is not None and "items" in node.schema else None


def _refers_to(node: meaning.SchemaNode | None, target: str) -> bool:
    if node is None:
        return False
    if node.reference == target:
        return True
    items = _array_items(node)
    return items is not None and items.reference == target


def _find_number(node: meaning.SchemaNode, path: tuple[str, ...]) -> tuple[tuple[str, ...], Any]:
    """The first number under ``node`` (through mappings only) whose schema says which way
    is stricter, and that direction."""
    for key in node.properties():
        entry = node.entry(key)
        if entry is None:
            continue
        direction = entry.keyword("stricter")
        if entry.schema.get("type") in ("number", "integer") and direction in ("lower", "higher"):
            return (*path, key), direction
        if entry.schema.get("type") == "object":
            found = _find_number(entry, (*path, key))
            if found[0]:
                return found
    return (), None


def _rules_key(node: meaning.SchemaNode | None) -> str | None:
    if node is None:
        return None
    for key in node.properties():
        entry = node.entry(key)
        if entry is not None and entry.is_a(RULES_DEFINITION):
            return key
    return None


def _enum(node: meaning.SchemaNode | None, key: str) -> tuple[tuple[str, ...], Any]:
    entry = node.entry(key) if node is not None else None
    if entry is None:
        return (), None
    values = entry.keyword("order") or entry.schema.get("enum") or []
    return tuple(str(value) for value in values), entry.schema.get("default")


@cache
def words() -> Words:
    """The vocabulary of the shipped schemas."""
    base = concepts.vocabulary()
    if base is None or base.safeguards is None:  # pragma: no cover - a schema bug
        raise NoVocabulary("the schema declares no thresholds with safeguards")
    category = _array_items(meaning.root().entry(base.collection))
    threshold = _array_items(category.entry(base.thresholds_key) if category else None)
    if category is None or threshold is None:  # pragma: no cover - a schema bug
        raise NoVocabulary("the schema declares no thresholds")
    evaluations = evaluation_thresholds = ""
    trigger: tuple[str, ...] = ()
    direction: Any = None
    for key in category.properties():
        item = _array_items(category.entry(key))
        if item is None or key == base.thresholds_key:
            continue
        watching = [k for k in item.properties() if _refers_to(item.entry(k), base.thresholds_key)]
        if watching:
            evaluations, evaluation_thresholds = key, watching[0]
            trigger, direction = _find_number(item, ())
            break
    if not evaluations or not trigger:  # pragma: no cover - a schema bug
        raise NoVocabulary("the schema declares no evaluations with a trigger")
    alerts_for = next(
        (
            key
            for key in threshold.properties()
            if (entry := threshold.entry(key)) is not None
            and entry.reference == base.thresholds_key
            and "items" not in entry.schema
        ),
        None,
    )
    level_item = _array_items(walk.schema_at(base.levels))
    level_rules = _rules_key(level_item)
    threshold_rules = _rules_key(threshold)
    rule = _array_items(level_item.entry(level_rules) if level_item and level_rules else None)
    stages, _ = _enum(rule, RULE_STAGE)
    effects, _ = _enum(rule, RULE_EFFECT)
    assessed, assessed_default = _enum(rule, RULE_ASSESSED)
    rule_safeguards = (
        next((k for k in rule.properties() if _refers_to(rule.entry(k), base.safeguards)), None)
        if rule is not None
        else None
    )
    return Words(
        categories=base.collection,
        thresholds=base.thresholds_key,
        threshold_level=base.level_key,
        threshold_safeguards=base.safeguard_keys,
        safeguards=base.safeguards,
        levels=base.levels,
        evaluations=evaluations,
        evaluation_thresholds=evaluation_thresholds,
        trigger=trigger,
        capable_when_higher=direction == "lower",
        alerts_for=alerts_for,
        level_rules=level_rules,
        threshold_rules=threshold_rules,
        rule_safeguards=rule_safeguards,
        stages=stages,
        effects=effects,
        assessed=assessed,
        assessed_default=str(assessed_default or (assessed[0] if assessed else "")),
    )


def trigger_of(evaluation: Any) -> float | None:
    """An evaluation's trigger value, or None when it has none."""
    value: Any = evaluation
    for key in words().trigger:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def crosses(result: float, trigger: float) -> bool:
    """Whether a result is at or beyond a trigger in the capable direction."""
    return result >= trigger if words().capable_when_higher else result <= trigger
