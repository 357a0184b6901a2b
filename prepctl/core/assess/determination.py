"""From results to a determination: triggers crossed, alerts raised, the level reached, the
safeguards owed and missing, what the decision rules permit at each stage, and whether the
recorded decision complies.

* An evaluation's trigger is **crossed** when its result is at or beyond the trigger in the
  capable direction (:func:`prepctl.core.assess.vocabulary.crosses`). A crossed trigger marks
  every threshold the evaluation watches as possibly reached: the framework treats a threshold
  as reached whenever the evidence cannot rule it out, and one trigger cannot tell the
  thresholds it watches apart.
* A threshold that warns of another (``alerts-for``) raises an **alert**; it reaches no level.
* The **level** of a category is the highest level, in the manifest's order, of the thresholds
  reached. Pre-mitigation results decide the pre-mitigation level; the post-mitigation level
  takes each evaluation's post-mitigation result where there is one, else its pre-mitigation
  result (a mitigation counts only once it is measured).
* The safeguards **owed** are those of each threshold reached and of the decision rules that
  apply (the threshold's own and its level's). A safeguard not marked ``implemented`` is
  **missing**.
* At each stage, the strictest effect of the rules that apply decides: its least strict value
  permits, its strictest never does, and the others permit once every safeguard owed through
  those rules is in place. A recorded ``proceed`` complies when its stage is permitted in every
  category; a ``hold`` always does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prepctl.core import address
from prepctl.core.assess.reading import Assessment
from prepctl.core.assess.vocabulary import (
    RULE_ASSESSED,
    RULE_EFFECT,
    RULE_STAGE,
    crosses,
    trigger_of,
    words,
)
from prepctl.core.document import Document

IMPLEMENTED = "implemented"
PROCEED = "proceed"
MITIGATIONS = ("pre", "post")


@dataclass(frozen=True)
class Crossed:
    evaluation: str
    value: float
    trigger: float
    mitigation: str


@dataclass(frozen=True)
class Alert:
    threshold: str
    alerts_for: str | None
    evaluations: tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    """What the rules that apply permit at one stage."""

    stage: str
    effect: str
    permitted: bool
    rules: tuple[str, ...] = ()
    owed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    category: str
    level: str | None
    post_mitigation_level: str | None
    reached: tuple[str, ...]
    crossed: tuple[Crossed, ...]
    alerts: tuple[Alert, ...]
    required_safeguards: tuple[str, ...]
    missing_safeguards: tuple[str, ...]
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class Decision:
    recorded: dict[str, Any]
    permitted: tuple[str, ...]
    compliant: bool
    stages: tuple[Stage, ...]
    reason: str


@dataclass(frozen=True)
class Determination:
    file: str
    model: dict[str, Any]
    date: str
    framework: str
    """The framework version as the assessment names it."""
    framework_version: str
    """The version of the framework read (its manifest's)."""
    framework_source: str
    """Where that framework was read from, in words."""
    categories: tuple[Category, ...]
    decision: Decision
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def compliant(self) -> bool:
        return self.decision.compliant


def _values(assessment: Assessment, mitigation: str) -> dict[str, float]:
    """Each evaluation's result at one mitigation state (post falls back to pre)."""
    found: dict[str, float] = {}
    for result in assessment.results:
        if result.get("mitigation", "pre") == "pre":
            found[result["evaluation"]] = float(result["value"])
    if mitigation == "post":
        for result in assessment.results:
            if result.get("mitigation") == "post":
                found[result["evaluation"]] = float(result["value"])
    return found


def _listed(item: Any, key: str | None) -> list[Any]:
    value = item.get(key) if isinstance(item, dict) and key else None
    return list(value) if isinstance(value, list) else []


class _Framework:
    """The parts of one framework version a determination reads."""

    def __init__(self, document: Document) -> None:
        w = words()
        self.document = document
        self.levels: list[dict[str, Any]] = [
            level
            for level in _listed(document.data, w.levels.strip("/"))
            if isinstance(level, dict)
        ]
        self.rank = {level.get("id"): n for n, level in enumerate(self.levels)}

    def level(self, level_id: str) -> dict[str, Any]:
        return next((level for level in self.levels if level.get("id") == level_id), {})


def determine(assessment: Assessment, document: Document, source: str) -> Determination:
    """The determination for one assessment against one framework version."""
    w = words()
    framework = _Framework(document)
    implemented = {
        status["safeguard"] for status in assessment.safeguards if status["status"] == IMPLEMENTED
    }
    values = {mitigation: _values(assessment, mitigation) for mitigation in MITIGATIONS}
    posted = {r["evaluation"] for r in assessment.results if r.get("mitigation") == "post"}
    categories: list[Category] = []
    for category in _listed(document.data, w.categories):
        if isinstance(category, dict) and _listed(category, w.thresholds):
            categories.append(_category(framework, category, values, implemented, posted))
    stages = _overall([c.stages for c in categories])
    decision = assessment.decision
    permitted = tuple(stage.stage for stage in stages if stage.permitted)
    compliant, reason = _complies(decision, stages)
    version_key = address.split(_version_field())[0]
    return Determination(
        file=assessment.name,
        model=assessment.model,
        date=assessment.date,
        framework=assessment.framework,
        framework_version=str(document.data.get(version_key, "")),
        framework_source=source,
        categories=tuple(categories),
        decision=Decision(decision, permitted, compliant, stages, reason),
    )


def _version_field() -> str:
    from prepctl.core import meaning

    return meaning.release_field(meaning.RELEASE_VERSION)


def _category(
    framework: _Framework,
    category: dict[str, Any],
    values: dict[str, dict[str, float]],
    implemented: set[str],
    posted: set[str],
) -> Category:
    w = words()
    where = address.join(address.join(address.ROOT, w.categories), str(category.get("id")))
    thresholds = {t.get("id"): t for t in _listed(category, w.thresholds) if isinstance(t, dict)}
    crossed: list[Crossed] = []
    reached: dict[str, set[str]] = {mitigation: set() for mitigation in MITIGATIONS}
    alerting: dict[str, list[str]] = {}
    for evaluation in _listed(category, w.evaluations):
        trigger = trigger_of(evaluation)
        evaluation_at = address.join(address.join(where, w.evaluations), str(evaluation.get("id")))
        for mitigation in MITIGATIONS:
            value = values[mitigation].get(evaluation_at)
            if trigger is None or value is None or not crosses(value, trigger):
                continue
            if mitigation == "pre" or evaluation_at in posted:
                crossed.append(Crossed(evaluation_at, value, trigger, mitigation))
            for watched in _listed(evaluation, w.evaluation_thresholds):
                threshold = thresholds.get(watched)
                if threshold is None:
                    continue
                if w.alerts_for and threshold.get(w.alerts_for) is not None:
                    if mitigation == "pre":
                        alerting.setdefault(watched, []).append(evaluation_at)
                else:
                    reached[mitigation].add(watched)
    alerts = tuple(
        Alert(
            _threshold_at(where, name),
            _threshold_at(where, warned)
            if (warned := thresholds[name].get(w.alerts_for))
            else None,
            tuple(evaluations),
        )
        for name, evaluations in alerting.items()
    )
    level = {m: _highest(framework, [thresholds[t] for t in reached[m]]) for m in MITIGATIONS}
    required: set[str] = set()
    for mitigation in MITIGATIONS:
        for name in reached[mitigation]:
            required.update(_safeguards_of(thresholds[name], w.threshold_safeguards))
            for _, rule in _rules(framework, thresholds[name], where):
                required.update(_safeguards_of(rule, (w.rule_safeguards,)))
    stages = tuple(
        _stage(framework, stage, where, thresholds, reached, implemented) for stage in w.stages
    )
    return Category(
        category=where,
        level=level["pre"],
        post_mitigation_level=level["post"],
        reached=tuple(sorted(_threshold_at(where, name) for name in reached["pre"])),
        crossed=tuple(crossed),
        alerts=alerts,
        required_safeguards=tuple(sorted(required)),
        missing_safeguards=tuple(sorted(required - implemented)),
        stages=stages,
    )


def _threshold_at(category: str, threshold: Any) -> str:
    return address.join(address.join(category, words().thresholds), str(threshold))


def _highest(framework: _Framework, thresholds: list[dict[str, Any]]) -> str | None:
    levels = [t.get(words().threshold_level) for t in thresholds]
    ranked = [level for level in levels if level in framework.rank]
    return max(ranked, key=lambda level: framework.rank[level]) if ranked else None


def _safeguards_of(item: dict[str, Any], keys: tuple[str | None, ...]) -> set[str]:
    found: set[str] = set()
    for key in keys:
        for name in _listed(item, key):
            found.add(address.join(words().safeguards, str(name)))
    return found


def _rules(
    framework: _Framework, threshold: dict[str, Any], category: str
) -> list[tuple[str, dict[str, Any]]]:
    """The decision rules that bind a threshold once reached: its level's, then its own, each
    with its address."""
    w = words()
    level_id = threshold.get(w.threshold_level)
    found: list[tuple[str, dict[str, Any]]] = []
    level_at = address.join(w.levels, str(level_id))
    for rule in _listed(framework.level(str(level_id)), w.level_rules):
        if isinstance(rule, dict):
            found.append(
                (address.join(address.join(level_at, str(w.level_rules)), rule["id"]), rule)
            )
    for rule in _listed(threshold, w.threshold_rules):
        if isinstance(rule, dict):
            own = address.join(_threshold_at(category, threshold.get("id")), str(w.threshold_rules))
            found.append((address.join(own, rule["id"]), rule))
    return found


def _stage(
    framework: _Framework,
    stage: str,
    category: str,
    thresholds: dict[Any, dict[str, Any]],
    reached: dict[str, set[str]],
    implemented: set[str],
) -> Stage:
    w = words()
    effects = w.effects
    strictest = 0
    applied: list[str] = []
    owed: set[str] = set()
    for position, mitigation in enumerate(MITIGATIONS):
        assessed = w.assessed[position] if position < len(w.assessed) else None
        for name in sorted(reached[mitigation]):
            threshold = thresholds[name]
            for rule_at, rule in _rules(framework, threshold, category):
                if rule.get(RULE_STAGE) != stage:
                    continue
                if rule.get(RULE_ASSESSED, w.assessed_default) != assessed:
                    continue
                effect = rule.get(RULE_EFFECT)
                if effect not in effects:
                    continue
                rank = effects.index(effect)
                applied.append(rule_at)
                strictest = max(strictest, rank)
                if rank > 0:
                    owed.update(_safeguards_of(threshold, w.threshold_safeguards))
                    owed.update(_safeguards_of(rule, (w.rule_safeguards,)))
    missing = owed - implemented
    if strictest == 0:
        permitted = True
    elif strictest == len(effects) - 1:
        permitted = False
    else:
        permitted = not missing
    return Stage(
        stage,
        effects[strictest] if effects else "",
        permitted,
        tuple(dict.fromkeys(applied)),
        tuple(sorted(owed)),
        tuple(sorted(missing)),
    )


def _overall(per_category: list[tuple[Stage, ...]]) -> tuple[Stage, ...]:
    """Each stage across every category: the strictest effect, permitted only where every
    category permits it."""
    effects = words().effects
    result: list[Stage] = []
    for stage in words().stages:
        found = [s for stages in per_category for s in stages if s.stage == stage]
        effect = max((s.effect for s in found), key=effects.index, default=effects[0])
        result.append(
            Stage(
                stage,
                effect,
                all(s.permitted for s in found),
                tuple(r for s in found for r in s.rules),
                tuple(sorted({g for s in found for g in s.owed})),
                tuple(sorted({g for s in found for g in s.missing})),
            )
        )
    return tuple(result)


def _complies(decision: dict[str, Any], stages: tuple[Stage, ...]) -> tuple[bool, str]:
    stage = next((s for s in stages if s.stage == decision["stage"]), None)
    if decision["outcome"] != PROCEED:
        return True, f"{decision['stage']} held: a hold is always permitted"
    if stage is None or stage.permitted:
        effect = stage.effect if stage else "allowed"
        return True, f"{decision['stage']} permitted ({effect})"
    if stage.effect == words().effects[-1]:
        return False, f"{stage.stage} is {stage.effect} at the level reached"
    if stage.missing:
        return False, (
            f"{stage.stage} {stage.effect} until every owed safeguard is in place; missing: "
            + ", ".join(stage.missing)
        )
    return False, f"{stage.stage} is not permitted ({stage.effect})"  # pragma: no cover
