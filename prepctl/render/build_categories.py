"""The risk categories and safeguards of the view.

Categories come with their evaluations and thresholds resolved: each threshold links the
safeguards it requires and the evaluations that inform it, in the manifest's level order.
Which categories are tracked, which safeguards are yet to be specified and which date says
when a category was last reviewed is read from the schema (:mod:`prepctl.core.concepts`).
Safeguards are built after every category, so that each knows what requires it.
"""

from __future__ import annotations

from typing import Any

from prepctl.core import address, concepts, meaning
from prepctl.render.build_compliance import satisfies
from prepctl.render.context import Context, addressed, mappings, optional, strings, text
from prepctl.render.values import bar, force, label, listed, number, stage_rule_words
from prepctl.render.view import Category, Evaluation, Forecast, Link, Safeguard, Threshold, Trigger

CATEGORIES = "categories"
SAFEGUARDS = "safeguards"


def category(context: Context, where: str, data: dict[str, Any]) -> Category:
    name = text(data, "name") or text(data, "id")
    thresholds_by_id = {
        text(item, "id"): (item_address, item)
        for item_address, item in reversed(
            addressed(f"{where}/thresholds", mappings(data, "thresholds"))
        )
    }
    evaluations = []
    watched: dict[str, list[Link]] = {}
    for item_address, item in addressed(f"{where}/evaluations", mappings(data, "evaluations")):
        informs = []
        for ref in strings(item, "thresholds"):
            target = thresholds_by_id.get(ref)
            threshold_name = (text(target[1], "name") or ref) if target else ref
            informs.append(Link(threshold_name, target[0] if target else None))
            watched.setdefault(ref, []).append(Link(text(item, "name"), item_address))
        trigger = item.get("trigger")
        evaluations.append(
            Evaluation(
                address=context.anchor(item_address),
                id=text(item, "id"),
                name=text(item, "name"),
                measures=text(item, "measures"),
                method=label(str(item["method"])) if item.get("method") else None,
                thresholds=informs,
                trigger=Trigger(number(trigger.get("value")), text(trigger, "unit"))
                if isinstance(trigger, dict)
                else None,
                satisfies=satisfies(context, item_address, item),
            )
        )
    thresholds = []
    for item_address, item in addressed(f"{where}/thresholds", mappings(data, "thresholds")):
        tag = context.level(item.get("level"))
        safeguards = []
        for ref in strings(item, "safeguards"):
            at = context.anchor(address.join(f"{item_address}/safeguards", ref))
            safeguards.append(context.safeguards.get(ref, Link(ref))._replace(at=at))
            context.required_by.setdefault(ref, []).append(
                Link(f"{name}: {text(item, 'name') or tag.name}", item_address)
            )
        thresholds.append(
            Threshold(
                address=context.anchor(item_address),
                id=text(item, "id"),
                name=optional(item, "name"),
                level=tag,
                capability=text(item, "capability"),
                bar=bar(item.get("bar")),
                alerts_for=_alerts_for(item, thresholds_by_id),
                margin=optional(item, "margin"),
                response=optional(item, "response"),
                rules=[stage_rule_words(rule) for rule in mappings(item, "rules")],
                safeguards=safeguards,
                evaluations=watched.get(text(item, "id"), []),
                satisfies=satisfies(context, item_address, item),
            )
        )
    # In the manifest's level order; thresholds of an unknown level last, as written.
    thresholds.sort(key=lambda threshold: threshold.level.rank)
    for ref in strings(data, "baseline-safeguards"):
        context.required_by.setdefault(ref, []).append(Link(f"{name}: baseline", where))
    context.anchor(where)
    for section in ("threat-models", "thresholds", "evaluations", "responses"):
        if data.get(section):
            context.anchor(f"{where}/{section}")
    forecast = data.get("forecast")
    reviewed = _last_reviewed()
    return Category(
        address=where,
        id=text(data, "id"),
        name=name,
        tracked=concepts.is_tracked(CATEGORIES, data),
        owner=context.body(data.get("owner")),
        last_reviewed=text(data, reviewed) if reviewed is not None else "",
        summary=text(data, "summary"),
        criteria=[context.criteria.get(ref, Link(ref)) for ref in strings(data, "criteria")],
        threat_models=context.statements(where, data, "threat-models"),
        thresholds=thresholds,
        evaluations=evaluations,
        baseline_safeguards=[
            context.safeguards.get(ref, Link(ref)) for ref in strings(data, "baseline-safeguards")
        ],
        responses=context.statements(where, data, "responses"),
        sources=strings(data, "sources"),
        forecast=Forecast(
            address=context.anchor(f"{where}/forecast"),
            as_of=text(forecast, "as-of"),
            next_level=context.level(forecast.get("next-level")),
            estimate=text(forecast, "estimate"),
            assumptions=text(forecast, "assumptions"),
        )
        if isinstance(forecast, dict)
        else None,
        satisfies=satisfies(context, where, data),
        facts=tuple(listed(data, "covers", "Hazards covered")),
    )


def _last_reviewed() -> str | None:
    collection = meaning.root().entry(CATEGORIES)
    return concepts.review_key(collection.items() if collection is not None else None)


def safeguard(context: Context, where: str, data: dict[str, Any]) -> Safeguard:
    return Safeguard(
        address=context.anchor(where),
        id=text(data, "id"),
        name=text(data, "name") or text(data, "id"),
        kind=label(text(data, "kind")),
        to_be_specified=concepts.is_unspecified(SAFEGUARDS, data),
        protects_against=[label(v) for v in strings(data, "protects-against")],
        out_of_scope=[label(v) for v in strings(data, "out-of-scope")],
        summary=text(data, "summary"),
        measures=context.statements(where, data, "measures"),
        verification=optional(data, "verification"),
        standards=strings(data, "standards"),
        sources=strings(data, "sources"),
        required_by=context.required_by.get(text(data, "id"), []),
        satisfies=satisfies(context, where, data),
        facts=tuple(force(data)),
    )


def _alerts_for(item: dict[str, Any], thresholds: dict[str, tuple[str, Any]]) -> Link | None:
    """The threshold an early-warning threshold warns of, linked when it exists."""
    ref = item.get("alerts-for")
    if not isinstance(ref, str):
        return None
    target = thresholds.get(ref)
    return Link((text(target[1], "name") or ref) if target else ref, target[0] if target else None)
