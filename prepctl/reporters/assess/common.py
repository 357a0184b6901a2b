"""Words the assess reports share."""

from __future__ import annotations

from prepctl.core import address
from prepctl.core.assess import Category, Crossed, Determination, Report


def last(where: str | None) -> str:
    """The id at the end of an address."""
    return address.split(where)[-1] if where else ""


def model(found: Determination) -> str:
    model = found.model
    extra = [f"{key} {model[key]}" for key in ("checkpoint", "version") if model.get(key)]
    name = str(model.get("name") or model.get("id"))
    return f"{name} ({', '.join(extra)})" if extra else name


def level(category: Category) -> str:
    pre = category.level or "below every level"
    if category.post_mitigation_level != category.level:
        post = category.post_mitigation_level or "below every level"
        return f"{pre} (post-mitigation: {post})"
    return pre


def crossed(item: Crossed) -> str:
    state = "" if item.mitigation == "pre" else f" ({item.mitigation}-mitigation)"
    return f"{last(item.evaluation)} {item.value:g} crosses its trigger {item.trigger:g}{state}"


def decision_line(found: Determination) -> str:
    recorded = found.decision.recorded
    approvals = recorded.get("approvals") or []
    approved = f", approved by {', '.join(approvals)}" if approvals else ""
    return (
        f"{recorded['outcome']} with {recorded['stage']}, decided by {recorded['decided-by']} "
        f"on {recorded['date']}{approved}"
    )


def headline(result: Report) -> str:
    total = len(result.determinations)
    bad = sum(1 for d in result.determinations if not d.compliant)
    noun = "assessment" if total == 1 else "assessments"
    if not bad:
        return f"{total} {noun}: every recorded decision is permitted"
    return f"{total} {noun}: {bad} recorded decision{'s' if bad > 1 else ''} not permitted"
