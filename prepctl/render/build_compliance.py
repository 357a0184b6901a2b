"""The compliance part of the view: each item's mappings, the manifest's claims, the appendix.

Compliance mappings (``satisfies``) are shown as the requirement's profile and section, and
the claimed profiles get an appendix: the coverage matrix of
:func:`prepctl.core.compliance.analyse`, each requirement linked to the items that meet it.
The appendix is not part of the framework, so its anchors are plain ids
(``appendix/ca-sb53/a7``), never addresses.
"""

from __future__ import annotations

import re
from typing import Any

from prepctl.core import address, compliance, meaning, walk
from prepctl.core.document import item_segments
from prepctl.render.context import Context, nearest, strings
from prepctl.render.values import label
from prepctl.render.view import Claim, Framework, Link, ProfileCoverage, Requirement

# A profile's address on the web, linked from the appendix only when it is one.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\]+")


def appendix_anchor(written: str) -> str:
    """The anchor of a profile ('ca-sb53') or of a requirement ('ca-sb53/a7') in the
    compliance appendix: not an address, since the appendix is not part of the framework."""
    return f"appendix/{written}"


def analyse(context: Context) -> None:
    """Work out the coverage of the claimed profiles, before any mapping is linked to it."""
    if compliance.claims(context.document):
        context.coverage = compliance.analyse(context.document, context.catalogue)
        context.listed = {
            f"{entry.profile.id}/{row.requirement.id}"
            for entry in context.coverage.profiles
            for row in entry.rows
        }


def requirement_text(context: Context, written: str) -> str:
    """A mapping as a reader knows the requirement: the profile and its section ('ca-sb53
    §22757.12(a)(7)'), with the title when the profile has other requirements under the
    same section; as written when prepctl does not know it."""
    profile_id, slash, requirement_id = written.partition("/")
    profile = context.profile(profile_id) if slash and requirement_id else None
    requirement = profile.requirement(requirement_id) if profile is not None else None
    if profile is None or requirement is None:
        return written
    shown = f"{profile.id} {requirement.section}"
    shared = [r for r in profile.requirements if r.section == requirement.section]
    return f"{shown} ({requirement.title})" if len(shared) > 1 else shown


def satisfies(context: Context, where: str, data: dict[str, Any]) -> list[Link]:
    """An item's mappings, each linked to its row of the appendix when it has one."""
    links: list[Link] = []
    for key in compliance.mapping_keys(walk.schema_at(where)):
        values = strings(data, key)
        within = f"{where}/{key}"
        links += [
            Link(
                requirement_text(context, value),
                appendix_anchor(value) if value in context.listed else None,
                address.join(within, segment),
            )
            for segment, value in zip(item_segments(values, meaning.BY_VALUE), values, strict=True)
        ]
    return links


def claims(context: Context) -> list[Claim]:
    claims_at = meaning.claims_address()
    written = context.document.get(claims_at) if claims_at else None
    values = [str(v) for v in written] if isinstance(written, list) else []
    if values:
        context.anchor("/compliance")
    claimed = []
    for segment, value in zip(item_segments(values, meaning.BY_VALUE), values, strict=True):
        profile = context.profile(value)
        listed = context.coverage is not None and any(
            entry.profile.id == value for entry in context.coverage.profiles
        )
        claimed.append(
            Claim(
                address=context.anchor(address.join(claims_at or address.ROOT, segment)),
                id=value,
                name=profile.name if profile is not None else None,
                target=appendix_anchor(value) if listed else None,
            )
        )
    return claimed


def appendix(context: Context, view: Framework) -> list[ProfileCoverage]:
    """Each claimed profile's requirements and the items that meet them, as computed by
    :func:`prepctl.core.compliance.analyse` (the matrix of ``prepctl coverage``)."""
    if context.coverage is None:
        return []
    names = _names(view)
    found = []
    for entry in context.coverage.profiles:
        profile = entry.profile
        requirements = [
            Requirement(
                anchor=context.anchor(appendix_anchor(f"{profile.id}/{row.requirement.id}")),
                id=row.requirement.id,
                section=row.requirement.section,
                title=row.requirement.title,
                met_by=[_holder(context, holder, names) for holder in row.addresses],
                claimed_by=[_holder(context, holder, names) for holder in row.claims],
            )
            for row in entry.rows
        ]
        found.append(
            ProfileCoverage(
                anchor=appendix_anchor(profile.id),
                id=profile.id,
                name=profile.name,
                citation=profile.citation,
                url=profile.url if _WEB_ADDRESS.fullmatch(profile.url) else None,
                requirements=requirements,
            )
        )
    return found


def _holder(context: Context, where: str, names: dict[str, str]) -> Link:
    """A link to the item that meets a requirement, by its name."""
    if where == address.ROOT:
        return Link("Overview", "overview")
    return Link(names.get(where, address.display(where)), nearest(where, context.anchors))


def _names(view: Framework) -> dict[str, str]:
    """The name of every item a mapping can stand on, by address, for the appendix."""
    names = {level.address: f"Level: {level.name}" for level in view.levels}
    for trigger in view.evaluation_triggers:
        names[trigger.address] = f"When models are evaluated: {label(trigger.id)}"
    for category in (*view.tracked, *view.research):
        names[category.address] = category.name
        for threshold in category.thresholds:
            shown = threshold.name if threshold.name is not None else threshold.level.name
            names[threshold.address] = f"{category.name}: {shown}"
        for evaluation in category.evaluations:
            names[evaluation.address] = f"{category.name}: {evaluation.name}"
    for safeguard in view.safeguards:
        names[safeguard.address] = safeguard.name
    governance = view.governance
    for body in governance.bodies:
        names[body.address] = body.name
    for decision in governance.decisions:
        names[decision.address] = f"Decision: {label(decision.id)}"
    for report in governance.reports:
        names[report.address] = report.name
    for duty in governance.duties:
        names[duty.address] = f"Duty: {label(duty.id)}"
    if governance.review is not None:
        names[governance.review.address] = "Review of the framework"
    return names
