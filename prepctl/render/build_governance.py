"""The governance part of the view: bodies, decision rights, reports, duties and the review of
the framework, each reference to a body resolved to its name and address."""

from __future__ import annotations

from typing import Any

from prepctl.core import concepts, walk
from prepctl.render.build_compliance import satisfies
from prepctl.render.context import Context, addressed, flag, mappings, optional, strings, text
from prepctl.render.values import duration, force, label
from prepctl.render.view import Body, Decision, Duty, Governance, Link, Report, Review

REVIEW = "/governance/review"


def governance(context: Context, data: dict[str, Any]) -> Governance:
    bodies = [
        Body(
            address=context.anchor(where),
            id=text(item, "id"),
            name=text(item, "name") or text(item, "id"),
            kind=label(text(item, "kind")),
            composition=optional(item, "composition"),
            term=duration(item.get("term")),
            responsibilities=context.statements(where, item, "responsibilities"),
            satisfies=satisfies(context, where, item),
        )
        for where, item in addressed("/governance/bodies", mappings(data, "bodies"))
    ]
    decisions = [
        Decision(
            address=context.anchor(where),
            id=text(item, "id"),
            description=text(item, "description"),
            decided_by=context.bodies_of(item, "decided-by"),
            advised_by=context.bodies_of(item, "advised-by"),
            advice_required=flag(item, "advice-required"),
            reversible_by=context.bodies_of(item, "reversible-by"),
            satisfies=satisfies(context, where, item),
            facts=tuple(
                f"{words}: {', '.join(body.text for body in context.bodies_of(item, key))}"
                for key, words in (("approved-by", "Approved by"), ("consulted", "Consulted"))
                if item.get(key)
            ),
        )
        for where, item in addressed("/governance/decisions", mappings(data, "decisions"))
    ]
    reports = [
        Report(
            address=context.anchor(where),
            id=text(item, "id"),
            name=text(item, "name") or text(item, "id"),
            prepared_by=context.body(item.get("prepared-by")) or Link(""),
            recipients=context.bodies_of(item, "recipients"),
            external_recipients=strings(item, "external-recipients"),
            when=text(item, "when"),
            interval=duration(item.get("interval")),
            deadline=duration(item.get("deadline")),
            published=flag(item, "published"),
            satisfies=satisfies(context, where, item),
            facts=tuple(force(item)),
        )
        for where, item in addressed("/governance/reports", mappings(data, "reports"))
    ]
    duties = [
        Duty(
            address=context.anchor(where),
            id=text(item, "id"),
            text=text(item, "text"),
            interval=duration(item.get("interval")),
            deadline=duration(item.get("deadline")),
            satisfies=satisfies(context, where, item),
            facts=tuple(force(item)),
        )
        for where, item in addressed("/governance/duties", mappings(data, "duties"))
    ]
    review_data = data.get("review")
    review = None
    if isinstance(review_data, dict):
        # The review's dates are the ones the schema marks as such (x-prepctl-review).
        node = walk.schema_at(REVIEW)
        interval = concepts.review_key(node, "interval")
        reviewed = concepts.review_key(node, "last")
        review = Review(
            address=context.anchor(REVIEW),
            interval=duration(review_data.get(interval)) if interval is not None else None,
            last_reviewed=text(review_data, reviewed) if reviewed is not None else "",
            reviewed_by=context.body(review_data.get("reviewed-by")),
            process=optional(review_data, "process"),
            satisfies=satisfies(context, REVIEW, review_data),
        )
    for section, present in (
        ("bodies", bodies),
        ("decisions", decisions),
        ("reports", reports),
        ("duties", duties),
    ):
        if present:
            context.anchor(f"/governance/{section}")
    return Governance(bodies, decisions, reports, duties, review)
