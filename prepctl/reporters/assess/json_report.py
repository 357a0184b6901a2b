"""Machine-readable determinations; the shape is published as the ``assess-report`` schema."""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core.assess import Category, Determination, Report, Stage
from prepctl.terminal import write_json

VERSION = 1


def _stage(stage: Stage) -> dict[str, Any]:
    return {
        "stage": stage.stage,
        "effect": stage.effect,
        "permitted": stage.permitted,
        "rules": list(stage.rules),
        "owed_safeguards": list(stage.owed),
        "missing_safeguards": list(stage.missing),
    }


def _category(category: Category) -> dict[str, Any]:
    return {
        "category": category.category,
        "level": category.level,
        "post_mitigation_level": category.post_mitigation_level,
        "reached": list(category.reached),
        "crossed": [
            {
                "evaluation": c.evaluation,
                "value": c.value,
                "trigger": c.trigger,
                "mitigation": c.mitigation,
            }
            for c in category.crossed
        ],
        "alerts": [
            {
                "threshold": a.threshold,
                "alerts_for": a.alerts_for,
                "evaluations": list(a.evaluations),
            }
            for a in category.alerts
        ],
        "required_safeguards": list(category.required_safeguards),
        "missing_safeguards": list(category.missing_safeguards),
        "stages": [_stage(stage) for stage in category.stages],
    }


def determination(found: Determination) -> dict[str, Any]:
    decision = found.decision
    return {
        "file": found.file,
        "model": found.model,
        "date": found.date,
        "framework": found.framework,
        "framework_version": found.framework_version,
        "framework_source": found.framework_source,
        "categories": [_category(category) for category in found.categories],
        "decision": {
            "recorded": decision.recorded,
            "permitted": list(decision.permitted),
            "compliant": decision.compliant,
            "reason": decision.reason,
            "stages": [_stage(stage) for stage in decision.stages],
        },
    }


def as_data(report: Report) -> dict[str, Any]:
    compliant = sum(1 for d in report.determinations if d.compliant)
    return {
        "version": VERSION,
        "assessments": [determination(d) for d in report.determinations],
        "summary": {
            "assessments": len(report.determinations),
            "compliant": compliant,
            "not_compliant": len(report.determinations) - compliant,
        },
    }


def report(result: Report, stream: TextIO, color: bool) -> None:
    write_json(as_data(result), stream)
