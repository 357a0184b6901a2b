"""The view: one framework version arranged for reading, as plain immutable records.

The templates never see the raw document; they see these records, built by
:mod:`prepctl.render.model`. Every reference is resolved into a :class:`Link` that carries the
target's name and address; strings stay exactly as the framework wrote them, and each format
decides how to escape them. Every rendered part carries its address, which both formats use as
its anchor. The records are named tuples: a frozen dataclass costs about a millisecond to
define, at every start, and the view has 29. Prose may hold Markdown; names, ids, units,
sources and standards are plain text: by field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from prepctl.render.assessment_view import Assessed
    from prepctl.render.edition import Edition

Facts = tuple[str, ...]  # an item's further facts in words (force, hazards, events), a line each


class Link(NamedTuple):
    """A reference to another part of the framework.

    ``target`` is the address of what it names, or None when the framework has nothing of
    that id (lint reports the dangling reference; the document shows the id as plain text).
    """

    text: str
    target: str | None = None
    # The address of the reference itself, for a reference the document anchors
    # (``/categories/x/thresholds/high/safeguards/y``).
    at: str | None = None


class Statement(NamedTuple):
    """One statement of a list: a threat model, a measure, a responsibility, a condition."""

    address: str
    id: str
    text: str
    force: str | None = None  # when weaker than required: "intended", "recommended"...


class Rule(NamedTuple):
    """A level's decision rules for one stage, in words; None when they say nothing of it."""

    label: str
    value: str | None


class Level(NamedTuple):
    """A capability level of the manifest, with its decision rules."""

    address: str
    id: str
    name: str
    tone: int
    meaning: str
    response: str
    rules: list[Rule]
    satisfies: list[Link]


class LevelTag(NamedTuple):
    """A level named elsewhere, shown as a badge. ``tone`` runs from 1 (the lowest level) to 4
    (the highest), whatever the number of levels, so that badges read the same across
    frameworks; 0 is a level the manifest does not define. ``rank`` is the level's place in the
    manifest's order."""

    name: str
    tone: int
    rank: int
    target: str | None


class Trigger(NamedTuple):
    """An evaluation's trigger: the value and unit that set it off."""

    value: str
    unit: str


class Evaluation(NamedTuple):
    """An evaluation of a category, and the thresholds it informs."""

    address: str
    id: str
    name: str
    measures: str
    method: str | None
    thresholds: list[Link]
    trigger: Trigger | None
    satisfies: list[Link]


class Threshold(NamedTuple):
    """A category's threshold at one level: what reaches it and what it requires."""

    address: str
    id: str
    name: str | None
    level: LevelTag
    capability: str
    bar: str | None
    alerts_for: Link | None
    margin: str | None
    response: str | None
    rules: list[str]
    safeguards: list[Link]
    evaluations: list[Link]
    satisfies: list[Link]


class Forecast(NamedTuple):
    """A tracked category's estimate of when its models will reach the next level."""

    address: str
    as_of: str
    next_level: LevelTag
    estimate: str
    assumptions: str


class Category(NamedTuple):
    """A risk category, tracked or under research, with its thresholds and evaluations."""

    address: str
    id: str
    name: str
    tracked: bool
    owner: Link | None
    last_reviewed: str
    summary: str
    criteria: list[Link]
    threat_models: list[Statement]
    thresholds: list[Threshold]
    evaluations: list[Evaluation]
    baseline_safeguards: list[Link]
    responses: list[Statement]
    sources: list[str]
    forecast: Forecast | None
    satisfies: list[Link]
    facts: Facts = ()


class Safeguard(NamedTuple):
    """A safeguard, and the thresholds and categories that require it."""

    address: str
    id: str
    name: str
    kind: str
    to_be_specified: bool
    protects_against: list[str]
    out_of_scope: list[str]
    summary: str
    measures: list[Statement]
    verification: str | None
    standards: list[str]
    sources: list[str]
    required_by: list[Link]
    satisfies: list[Link]
    facts: Facts = ()


class Body(NamedTuple):
    """A governance body: who sits on it and what it is responsible for."""

    address: str
    id: str
    name: str
    kind: str
    composition: str | None
    term: str | None
    responsibilities: list[Statement]
    satisfies: list[Link]


class Decision(NamedTuple):
    """A decision right: who decides, who advises and who can reverse it."""

    address: str
    id: str
    description: str
    decided_by: list[Link]
    advised_by: list[Link]
    advice_required: bool | None
    reversible_by: list[Link]
    satisfies: list[Link]
    facts: Facts = ()


class Report(NamedTuple):
    """A report: who prepares it, who receives it and when."""

    address: str
    id: str
    name: str
    prepared_by: Link
    recipients: list[Link]
    external_recipients: list[str]
    when: str
    interval: str | None
    deadline: str | None
    published: bool | None
    satisfies: list[Link]
    facts: Facts = ()


class Duty(NamedTuple):
    """A standing duty, with its interval or deadline."""

    address: str
    id: str
    text: str
    interval: str | None
    deadline: str | None
    satisfies: list[Link]
    facts: Facts = ()


class Review(NamedTuple):
    """How and when the framework itself is reviewed."""

    address: str
    interval: str | None
    last_reviewed: str
    reviewed_by: Link | None
    process: str | None
    satisfies: list[Link]


class Governance(NamedTuple):
    """The governance part of the framework."""

    bodies: list[Body]
    decisions: list[Decision]
    reports: list[Report]
    duties: list[Duty]
    review: Review | None


class Definition(NamedTuple):
    """A defined term, what it means and, in ``facts``, the scale of harm it sets."""

    address: str
    id: str
    term: str
    meaning: str
    facts: Facts = ()


class EvaluationTrigger(NamedTuple):
    """When models are evaluated: one of the manifest's evaluation triggers."""

    address: str
    id: str
    when: str
    compute_multiple: str | None
    interval: str | None
    rationale: str | None
    satisfies: list[Link]
    facts: Facts = ()


class Provision(NamedTuple):
    """An exception: what it relaxes, and the conditions that must all hold first."""

    address: str
    id: str
    text: str
    conditions: list[Statement]
    duties: tuple[Statement, ...] = ()


class Retired(NamedTuple):
    """An address the framework no longer uses, and why."""

    address: str
    retired_address: str
    retired: str
    reason: str
    relocated_to: str | None = None


class ChangeRecord(NamedTuple):
    """A change record: what it covers, why, and who approved it."""

    address: str
    id: str
    title: str
    covers: list[Link]
    rationale: str
    approved_by: list[Link]
    approved_on: str
    effective: str | None
    review: bool = False
    """A review that changed nothing: approved_by held it, approved_on is its date."""


class Claim(NamedTuple):
    """A compliance profile the manifest claims: its id, and its name when prepctl knows it.
    ``target`` is the profile's part of the compliance appendix."""

    address: str
    id: str
    name: str | None
    target: str | None

    @property
    def link(self) -> Link:
        return Link(self.name or self.id, self.target)


class Requirement(NamedTuple):
    """One requirement of a claimed profile, the items whose mappings are evidence that it is
    met (none: not covered), and those whose mappings only claim it (the overview, when the
    framework as a whole claims it)."""

    anchor: str
    id: str
    section: str
    title: str
    met_by: list[Link]
    claimed_by: list[Link]


class ProfileCoverage(NamedTuple):
    """A claimed profile in the compliance appendix."""

    anchor: str
    id: str
    name: str
    citation: str
    url: str | None
    requirements: list[Requirement]

    @property
    def covered(self) -> int:
        return sum(1 for requirement in self.requirements if requirement.met_by)

    @property
    def without_evidence(self) -> int:
        return sum(1 for r in self.requirements if r.claimed_by and not r.met_by)


class Provenance(NamedTuple):
    """Where a rendering came from; never the time it was made, so output is reproducible."""

    commit: str | None
    uncommitted: bool
    content_hash: str
    prepctl_version: str


class Section(NamedTuple):
    """A table-of-contents entry; ``anchor`` is an address, or a plain id for a grouping."""

    title: str
    anchor: str
    children: Sequence[Section] = ()


class Framework(NamedTuple):
    """The whole view of one framework version, as the formats lay it out."""

    name: str
    publisher: str
    version: str
    effective: str
    owner: Link | None
    summary: str
    scope: str | None
    levels: list[Level]
    evaluation_triggers: list[EvaluationTrigger]
    tracked: list[Category]
    research: list[Category]
    safeguards: list[Safeguard]
    governance: Governance
    exceptions: list[Provision]
    definitions: list[Definition]
    tracking_criteria: list[Statement]
    changelog: str | None
    changes: list[ChangeRecord]
    retired: list[Retired]
    sources: list[str]
    provenance: Provenance
    contents: list[Section]
    # Every address the document gives an anchor, so links and tests can check them.
    anchors: frozenset[str]
    # The manifest's own mappings, its claimed profiles, and their coverage (the appendix).
    satisfies: list[Link]
    claims: list[Claim]
    appendix: list[ProfileCoverage]
    facts: Facts = ()
    edition: Edition | None = None  # None: the public edition, nothing withheld, no release
    assessed: Sequence[Assessed] = ()  # the assessments made under this version (an appendix)
