"""Building the view: one framework version arranged for reading (see :mod:`prepctl.render.view`).

:func:`build` resolves every reference (a threshold's safeguards, a decision's bodies, an
evaluation's thresholds) into a link that carries the target's name and address, orders
categories (tracked first) and thresholds (in the manifest's level order), and turns enum
values, numbers, dates and durations into words (:mod:`prepctl.render.values`). The parts are
built by their own modules: categories and safeguards (:mod:`~prepctl.render.build_categories`),
governance (:mod:`~prepctl.render.build_governance`), compliance mappings, claims and the
appendix (:mod:`~prepctl.render.build_compliance`) and the table of contents
(:mod:`~prepctl.render.contents`); this module builds the rest of the manifest and puts the
view together. The order matters: an item is linked only to anchors that exist, and a
safeguard lists the thresholds that require it, so categories come before safeguards and
change records last.
"""

from __future__ import annotations

from typing import Any

from prepctl.core import address, changes, compliance, concepts
from prepctl.core.document import Document, item_segments
from prepctl.render import build_categories, build_compliance, build_governance
from prepctl.render.contents import contents, walk
from prepctl.render.context import (
    Context,
    addressed,
    mappings,
    nearest,
    optional,
    strings,
    text,
)
from prepctl.render.values import STAGES, duration, harm, label, listed, multiple, rule_words
from prepctl.render.view import (
    ChangeRecord,
    Definition,
    EvaluationTrigger,
    Framework,
    Level,
    LevelTag,
    Link,
    Provenance,
    Provision,
    Retired,
    Rule,
)

# What a decision rule governs, in the order a reader meets them: the rows of the table.


def build(
    document: Document,
    provenance: Provenance,
    changelog: str | None = None,
    catalogue: compliance.Catalogue | None = None,
) -> Framework:
    """The view of a document. ``changelog`` is this version's part of framework/CHANGELOG.md;
    ``catalogue`` the compliance profiles prepctl knows (default: the ones it ships)."""
    known = catalogue if catalogue is not None else compliance.Catalogue()
    context = Context(document, known)
    data = context.data
    build_compliance.analyse(context)
    governance = data.get("governance")
    governance = governance if isinstance(governance, dict) else {}
    context.index(context.bodies, "/governance/bodies", mappings(governance, "bodies"), "name")
    context.index(context.safeguards, "/safeguards", mappings(data, "safeguards"), "name")
    context.index(context.criteria, "/tracking-criteria", mappings(data, "tracking-criteria"), None)
    levels = _levels(context)
    categories = [
        build_categories.category(context, where, item)
        for where, item in addressed("/categories", mappings(data, "categories"))
    ]
    # Safeguards after categories, so that each knows the thresholds that require it.
    safeguards = [
        build_categories.safeguard(context, where, item)
        for where, item in addressed("/safeguards", mappings(data, "safeguards"))
    ]
    view = Framework(
        name=text(data, "name"),
        publisher=text(data, "publisher"),
        # The release fields, by name until the schema marks them.
        version=text(data, "version"),
        effective=text(data, "effective"),
        owner=context.body(data.get("owner")),
        summary=text(data, "summary"),
        scope=optional(data, "scope"),
        levels=levels,
        evaluation_triggers=_triggers(context),
        tracked=[category for category in categories if category.tracked],
        research=[category for category in categories if not category.tracked],
        safeguards=safeguards,
        governance=build_governance.governance(context, governance),
        exceptions=_exceptions(context),
        definitions=_definitions(context),
        tracking_criteria=context.statements("", data, "tracking-criteria"),
        changelog=changelog,
        changes=[],
        retired=_retired(context),
        sources=strings(data, "sources"),
        provenance=provenance,
        contents=[],
        anchors=frozenset(),
        satisfies=[],
        claims=[],
        appendix=[],
        facts=_applies_to(data),
    )
    claims = build_compliance.claims(context)
    appendix = build_compliance.appendix(context, view)
    view = view._replace(
        satisfies=build_compliance.satisfies(context, "", data), claims=claims, appendix=appendix
    )
    sections = contents(view, has_changes=bool(mappings(data, "changes")))
    for section in walk(sections):
        context.anchor(section.anchor)
    # The overview's two fields carry their addresses as anchors too.
    context.anchor("/summary")
    if view.scope is not None:
        context.anchor("/scope")
    # Change records last: the addresses they cover link only to anchors that exist.
    changes = [] if changelog is not None else _changes(context)
    return view._replace(changes=changes, contents=sections, anchors=frozenset(context.anchors))


def _levels(context: Context) -> list[Level]:
    items = addressed("/levels", mappings(context.data, "levels"))
    count = len(items)
    levels = []
    for rank, (where, item) in enumerate(items):
        # Badges go from tone 1 (lowest level) to tone 4 (highest), whatever the count.
        tone = 3 if count == 1 else 1 + round(rank * 3 / (count - 1))
        level_id = text(item, "id")
        name = text(item, "name") or level_id
        context.level_tags.setdefault(level_id, LevelTag(name, tone, rank, where))
        levels.append(
            Level(
                address=context.anchor(where),
                id=level_id,
                name=name,
                tone=tone,
                meaning=text(item, "meaning"),
                response=text(item, "response"),
                rules=_rules(item),
                satisfies=build_compliance.satisfies(context, where, item),
            )
        )
    return levels


def _rules(item: dict[str, Any]) -> list[Rule]:
    """A level's decision rules, one row a stage: what each lets the developer do."""
    rules = list(mappings(item, "rules"))
    return [
        Rule(
            label,
            "; ".join(rule_words(rule) for rule in rules if rule.get("when") == stage) or None,
        )
        for stage, label in STAGES
    ]


def _triggers(context: Context) -> list[EvaluationTrigger]:
    return [
        EvaluationTrigger(
            address=context.anchor(where),
            id=text(item, "id"),
            when=text(item, "when"),
            compute_multiple=multiple(item.get("effective-compute-multiple")),
            interval=duration(item.get("interval")),
            rationale=optional(item, "rationale"),
            satisfies=build_compliance.satisfies(context, where, item),
            facts=tuple(listed(item, "events", "Also on")),
        )
        for where, item in addressed(
            "/evaluation-triggers", mappings(context.data, "evaluation-triggers")
        )
    ]


def _exceptions(context: Context) -> list[Provision]:
    return [
        Provision(
            address=context.anchor(where),
            id=text(item, "id"),
            text=text(item, "text"),
            conditions=context.statements(where, item, "preconditions"),
            duties=tuple(context.statements(where, item, "duties")),
        )
        for where, item in addressed("/exceptions", mappings(context.data, "exceptions"))
    ]


def _definitions(context: Context) -> list[Definition]:
    return [
        Definition(
            address=context.anchor(where),
            id=text(item, "id"),
            term=text(item, "term"),
            meaning=text(item, "meaning"),
            facts=tuple(f"Scale: {scale}" for scale in [harm(item.get("harm"))] if scale),
        )
        for where, item in addressed("/definitions", mappings(context.data, "definitions"))
    ]


def _changes(context: Context) -> list[ChangeRecord]:
    known = set(context.anchors)
    return [
        ChangeRecord(
            address=context.anchor(where),
            id=text(item, "id"),
            title=text(item, "title") or text(item, "id"),
            covers=[Link(covered, nearest(covered, known)) for covered in strings(item, "covers")],
            rationale=text(item, "rationale"),
            approved_by=context.bodies_of(item, "approved-by"),
            approved_on=text(item, "approved-on"),
            effective=optional(item, "effective"),
            review=changes.kind_of(item) == changes.REVIEW,
        )
        for where, item in addressed("/changes", mappings(context.data, "changes"))
    ]


def _retired(context: Context) -> list[Retired]:
    """The tombstones: the list, the property naming each address and the one holding its
    date are the schema's (``x-prepctl-tombstones``)."""
    tombstones = concepts.tombstones()
    entries = context.data.get(tombstones.key) if tombstones is not None else None
    if tombstones is None or not isinstance(entries, list):
        return []
    where = address.join(address.ROOT, tombstones.key)
    segments = item_segments(entries, tombstones.identity)
    relocation = concepts.relocation_keys()
    return [
        Retired(
            address=context.anchor(address.join(where, segment)),
            retired_address=text(item, tombstones.identity),
            retired=text(item, tombstones.date),
            reason=text(item, "reason"),
            relocated_to=_relocated_to(item, relocation),
        )
        for segment, item in zip(segments, entries, strict=True)
        if isinstance(item, dict)
    ]


def _applies_to(data: dict[str, Any]) -> tuple[str, ...]:
    """What the framework applies to: the kinds of deployment and the stages of a model's life."""
    scope = data.get("applies-to")
    return (
        *listed(scope, "deployments", "Applies to these deployments"),
        *listed(scope, "stages", "Applies at these stages"),
    )


def _relocated_to(item: dict[str, Any], keys: dict[str, str]) -> str | None:
    """Where a retired item's commitment went, with the kind of place when the tombstone says."""
    where = item.get(keys.get("where", ""))
    if not isinstance(where, str) or not where:
        return None
    kind = item.get(keys.get("kind", ""))
    return f"{where} ({label(kind)})" if isinstance(kind, str) and kind else where
