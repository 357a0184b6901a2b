"""The table of contents of the view, in the order both formats lay the document out.

Each entry's anchor is an address, or a plain id for a grouping that is not a part of the
framework (``overview``, ``tracked``, ``appendix``).
"""

from __future__ import annotations

from collections.abc import Sequence

from prepctl.render.view import Framework, Section


def walk(sections: Sequence[Section]) -> list[Section]:
    """Every entry, each before its children."""
    return [found for section in sections for found in (section, *walk(section.children))]


def contents(view: Framework, *, has_changes: bool) -> list[Section]:
    """The table of contents, in the order both formats lay the document out."""
    sections = [Section("Overview", "overview")]
    if view.levels:
        sections.append(Section("Capability levels", "/levels"))
    if view.evaluation_triggers:
        sections.append(Section("When models are evaluated", "/evaluation-triggers"))
    categories = []
    if view.tracked:
        categories.append(
            Section(
                "Tracked categories", "tracked", [Section(c.name, c.address) for c in view.tracked]
            )
        )
    if view.research:
        categories.append(
            Section(
                "Research categories",
                "research",
                [Section(c.name, c.address) for c in view.research],
            )
        )
    if categories:
        sections.append(Section("Risk categories", "/categories", categories))
    if view.safeguards:
        sections.append(
            Section(
                "Safeguards", "/safeguards", [Section(s.name, s.address) for s in view.safeguards]
            )
        )
    governance = view.governance
    parts = [
        Section(title, f"/governance/{key}")
        for title, key, present in (
            ("Bodies", "bodies", governance.bodies),
            ("Decision rights", "decisions", governance.decisions),
            ("Reports", "reports", governance.reports),
            ("Standing duties", "duties", governance.duties),
        )
        if present
    ]
    if governance.review is not None:
        parts.append(Section("Review of the framework", "/governance/review"))
    sections.append(Section("Governance", "/governance", parts))
    if view.exceptions:
        sections.append(Section("Exceptions", "/exceptions"))
    if view.definitions:
        sections.append(Section("Definitions", "/definitions"))
    if view.tracking_criteria:
        sections.append(Section("Tracking criteria", "/tracking-criteria"))
    if view.changelog is not None:
        sections.append(Section(f"Changes in version {view.version}", "changelog"))
    elif has_changes:
        sections.append(Section("Change records", "/changes"))
    if view.retired:
        sections.append(Section("Retired addresses", "/retired"))
    if view.sources:
        sections.append(Section("Sources", "/sources"))
    if view.appendix:
        sections.append(
            Section(
                "Compliance appendix",
                "appendix",
                [Section(f"{p.id}: {p.name}", p.anchor) for p in view.appendix],
            )
        )
    return sections
