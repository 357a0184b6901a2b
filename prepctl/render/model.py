"""The view model: one framework version arranged for reading.

The templates never see the raw document. This module resolves every reference (a threshold's
safeguards, a decision's bodies, an evaluation's thresholds) into a :class:`Link` that carries
the target's name and address, orders categories (tracked first) and thresholds (in the
manifest's level order), and turns enum values, numbers, dates and durations into words. What
it hands over is plain data: strings stay exactly as the framework wrote them, and each format
decides how to escape them. Every rendered part carries its address, which both formats use
as its anchor. The records are named tuples, immutable like the rest of the view: a frozen
dataclass costs about a millisecond to define, at every start, and the view has 29.

Prose (summaries, capabilities, commitments, rationales) may hold Markdown; names, ids, units,
sources and standards are plain text. The view keeps them apart by field, not by guessing.

Compliance mappings (``satisfies``) are shown as the requirement's profile and section, and
the claimed profiles get an appendix: the coverage matrix of
:func:`prepctl.core.compliance.analyse`,
each requirement linked to the items that meet it. The appendix is not part of the framework,
so its anchors are plain ids (``appendix/ca-sb53/a7``), never addresses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from prepctl.core import address, changes, compliance, meaning
from prepctl.core.document import Document, item_segments

# A profile's address on the web, linked from the appendix only when it is one.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\]+")

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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


class Rule(NamedTuple):
    """One of a level's yes-or-no decision rules, and what the framework says of it."""

    label: str
    value: bool | None


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
    """A level named elsewhere, shown as a badge.

    ``tone`` runs from 1 (the lowest level) to 4 (the highest), whatever the number of levels,
    so that badges read the same across frameworks; 0 is a level the manifest does not define.
    ``rank`` is the level's place in the manifest's order.
    """

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
    response: str | None
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


class Duty(NamedTuple):
    """A standing duty, with its interval or deadline."""

    address: str
    id: str
    text: str
    interval: str | None
    deadline: str | None
    satisfies: list[Link]


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
    """A defined term and what it means."""

    address: str
    id: str
    term: str
    meaning: str


class EvaluationTrigger(NamedTuple):
    """When models are evaluated: one of the manifest's evaluation triggers."""

    address: str
    id: str
    when: str
    compute_multiple: str | None
    interval: str | None
    rationale: str | None
    satisfies: list[Link]


class Limit(NamedTuple):
    """A post-mitigation limit: the highest level of risk that may remain."""

    address: str
    label: str
    level: LevelTag


class Provision(NamedTuple):
    """An exception: what it relaxes, and the conditions that must all hold first."""

    address: str
    id: str
    text: str
    conditions: list[Statement]


class Retired(NamedTuple):
    """An address the framework no longer uses, and why."""

    address: str
    retired_address: str
    retired: str
    reason: str


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
    limits: list[Limit]
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


# -- plain values ---------------------------------------------------------------------------


def human_date(value: str) -> str:
    """'2026-10-01' as '1 October 2026'; anything else, a day the calendar lacks included,
    unchanged. No locale, no clock."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    if day.isoformat() != value:  # 3.11 also reads 20261001 and week dates
        return value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def number(value: Any) -> str:
    """A number as people write it: 2 not 2.0, 0.25 not 2.5e-01."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def label(value: str) -> str:
    """An enum value as words: 'deep-dive' becomes 'Deep dive'."""
    words = value.replace("-", " ")
    return words[:1].upper() + words[1:]


def days(value: Any) -> str | None:
    if value is None:
        return None
    return "1 day" if value == 1 else f"{number(value)} days"


def hours(value: Any) -> str | None:
    """A deadline in hours, in days when it is a whole number of them (360 → 15 days)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and value >= 48 and value % 24 == 0:
        return days(value / 24)
    return "1 hour" if value == 1 else f"{number(value)} hours"


def months(value: Any) -> str | None:
    if value is None:
        return None
    return "1 month" if value == 1 else f"{number(value)} months"


# -- building the view ----------------------------------------------------------------------


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


def _optional(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def _flag(data: dict[str, Any], key: str) -> bool | None:
    value = data.get(key)
    return value if isinstance(value, bool) else None


def _mappings(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    return [str(item) for item in value] if isinstance(value, list) else []


def _addressed(where: str, items: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each item with its address, named as the document names it (by id, '#N' if repeated)."""
    return [
        (address.join(where, segment), item)
        for segment, item in zip(item_segments(items, "id"), items, strict=True)
    ]


class _Builder:
    def __init__(self, document: Document, catalogue: compliance.Catalogue) -> None:
        self.document = document
        self.data = document.data
        self.catalogue = catalogue
        self.profiles: dict[str, compliance.Profile | None] = {}
        # The coverage of the claimed profiles, and the requirements the appendix lists.
        self.coverage: compliance.Coverage | None = None
        self.listed: set[str] = set()
        self.anchors: set[str] = set()
        self.level_tags: dict[str, LevelTag] = {}
        self.bodies: dict[str, Link] = {}
        self.safeguards: dict[str, Link] = {}
        self.criteria: dict[str, Link] = {}
        self.required_by: dict[str, list[Link]] = {}

    def anchor(self, where: str) -> str:
        self.anchors.add(where)
        return where

    def index(
        self, table: dict[str, Link], where: str, items: list[dict[str, Any]], name: str | None
    ) -> None:
        """Note the address and name of every item a reference can name."""
        for item_address, item in _addressed(where, items):
            item_id = _text(item, "id")
            # Tracking criteria have no name: their id, in words, stands for it.
            shown = _text(item, name) if name is not None else label(item_id)
            table.setdefault(item_id, Link(shown or item_id, item_address))

    def body(self, value: Any) -> Link | None:
        if value is None:
            return None
        return self.bodies.get(str(value), Link(str(value)))

    def bodies_of(self, data: dict[str, Any], key: str) -> list[Link]:
        return [self.bodies.get(ref, Link(ref)) for ref in _strings(data, key)]

    def level(self, value: Any) -> LevelTag:
        ref = str(value)
        return self.level_tags.get(ref, LevelTag(ref, 0, len(self.level_tags), None))

    def profile(self, profile_id: str) -> compliance.Profile | None:
        if profile_id not in self.profiles:
            self.profiles[profile_id] = self.catalogue.get(profile_id)
        return self.profiles[profile_id]

    def requirement_text(self, written: str) -> str:
        """A mapping as a reader knows the requirement: the profile and its section ('ca-sb53
        §22757.12(a)(7)'), with the title when the profile has other requirements under the
        same section; as written when prepctl does not know it."""
        profile_id, slash, requirement_id = written.partition("/")
        profile = self.profile(profile_id) if slash and requirement_id else None
        requirement = profile.requirement(requirement_id) if profile is not None else None
        if profile is None or requirement is None:
            return written
        shown = f"{profile.id} {requirement.section}"
        shared = [r for r in profile.requirements if r.section == requirement.section]
        return f"{shown} ({requirement.title})" if len(shared) > 1 else shown

    def satisfies(self, where: str, data: dict[str, Any]) -> list[Link]:
        """An item's mappings, each linked to its row of the appendix when it has one."""
        values = _strings(data, compliance.SATISFIES)
        within = f"{where}/{compliance.SATISFIES}"
        return [
            Link(
                self.requirement_text(value),
                appendix_anchor(value) if value in self.listed else None,
                address.join(within, segment),
            )
            for segment, value in zip(item_segments(values, meaning.BY_VALUE), values, strict=True)
        ]

    def build(self, provenance: Provenance, changelog: str | None) -> Framework:
        data = self.data
        if compliance.claims(self.document):
            self.coverage = compliance.analyse(self.document, self.catalogue)
            self.listed = {
                f"{entry.profile.id}/{row.requirement.id}"
                for entry in self.coverage.profiles
                for row in entry.rows
            }
        governance = data.get("governance")
        governance = governance if isinstance(governance, dict) else {}
        self.index(self.bodies, "/governance/bodies", _mappings(governance, "bodies"), "name")
        self.index(self.safeguards, "/safeguards", _mappings(data, "safeguards"), "name")
        self.index(self.criteria, "/tracking-criteria", _mappings(data, "tracking-criteria"), None)
        levels = self.build_levels()
        categories = [
            self.build_category(where, item)
            for where, item in _addressed("/categories", _mappings(data, "categories"))
        ]
        # Safeguards after categories, so that each knows the thresholds that require it.
        safeguards = [
            self.build_safeguard(where, item)
            for where, item in _addressed("/safeguards", _mappings(data, "safeguards"))
        ]
        triggers = [
            EvaluationTrigger(
                address=self.anchor(where),
                id=_text(item, "id"),
                when=_text(item, "when"),
                compute_multiple=_multiple(item.get("effective-compute-multiple")),
                interval=months(item.get("interval-months")),
                rationale=_optional(item, "rationale"),
                satisfies=self.satisfies(where, item),
            )
            for where, item in _addressed(
                "/evaluation-triggers", _mappings(data, "evaluation-triggers")
            )
        ]
        exceptions = [
            Provision(
                address=self.anchor(where),
                id=_text(item, "id"),
                text=_text(item, "text"),
                conditions=self.statements(where, item, "conditions"),
            )
            for where, item in _addressed("/exceptions", _mappings(data, "exceptions"))
        ]
        definitions = [
            Definition(
                address=self.anchor(where),
                id=_text(item, "id"),
                term=_text(item, "term"),
                meaning=_text(item, "meaning"),
            )
            for where, item in _addressed("/definitions", _mappings(data, "definitions"))
        ]
        view = Framework(
            name=_text(data, "name"),
            publisher=_text(data, "publisher"),
            version=_text(data, "version"),
            effective=_text(data, "effective"),
            owner=self.body(data.get("owner")),
            summary=_text(data, "summary"),
            scope=_optional(data, "scope"),
            levels=levels,
            limits=self.build_limits(),
            evaluation_triggers=triggers,
            tracked=[category for category in categories if category.tracked],
            research=[category for category in categories if not category.tracked],
            safeguards=safeguards,
            governance=self.build_governance(governance),
            exceptions=exceptions,
            definitions=definitions,
            tracking_criteria=self.statements("", data, "tracking-criteria"),
            changelog=changelog,
            changes=[],
            retired=self.build_retired(),
            sources=_strings(data, "sources"),
            provenance=provenance,
            contents=[],
            anchors=frozenset(),
            satisfies=[],
            claims=[],
            appendix=[],
        )
        claims = self.build_claims()
        appendix = self.build_appendix(view)
        view = view._replace(satisfies=self.satisfies("", data), claims=claims, appendix=appendix)
        contents = _contents(view, has_changes=bool(_mappings(data, "changes")))
        for section in _walk(contents):
            self.anchor(section.anchor)
        # The overview's two fields carry their addresses as anchors too.
        self.anchor("/summary")
        if view.scope is not None:
            self.anchor("/scope")
        # Change records last: the addresses they cover link only to anchors that exist.
        changes = [] if changelog is not None else self.build_changes()
        return view._replace(changes=changes, contents=contents, anchors=frozenset(self.anchors))

    def build_claims(self) -> list[Claim]:
        written = self.document.get(compliance.CLAIMS)
        values = [str(v) for v in written] if isinstance(written, list) else []
        if values:
            self.anchor("/compliance")
        claimed = []
        for segment, value in zip(item_segments(values, meaning.BY_VALUE), values, strict=True):
            profile = self.profile(value)
            listed = self.coverage is not None and any(
                entry.profile.id == value for entry in self.coverage.profiles
            )
            claimed.append(
                Claim(
                    address=self.anchor(address.join(compliance.CLAIMS, segment)),
                    id=value,
                    name=profile.name if profile is not None else None,
                    target=appendix_anchor(value) if listed else None,
                )
            )
        return claimed

    def build_appendix(self, view: Framework) -> list[ProfileCoverage]:
        """Each claimed profile's requirements and the items that meet them, as computed by
        :func:`prepctl.core.compliance.analyse` (the matrix of ``prepctl coverage``)."""
        if self.coverage is None:
            return []
        names = _names(view)
        found = []
        for entry in self.coverage.profiles:
            profile = entry.profile
            requirements = [
                Requirement(
                    anchor=self.anchor(appendix_anchor(f"{profile.id}/{row.requirement.id}")),
                    id=row.requirement.id,
                    section=row.requirement.section,
                    title=row.requirement.title,
                    met_by=[self.holder(holder, names) for holder in row.addresses],
                    claimed_by=[self.holder(holder, names) for holder in row.claims],
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

    def holder(self, where: str, names: dict[str, str]) -> Link:
        """A link to the item that meets a requirement, by its name."""
        if where == address.ROOT:
            return Link("Overview", "overview")
        return Link(names.get(where, address.display(where)), _nearest(where, self.anchors))

    def build_levels(self) -> list[Level]:
        items = _addressed("/levels", _mappings(self.data, "levels"))
        count = len(items)
        levels = []
        for rank, (where, item) in enumerate(items):
            # Badges go from tone 1 (lowest level) to tone 4 (highest), whatever the count.
            tone = 3 if count == 1 else 1 + round(rank * 3 / (count - 1))
            level_id = _text(item, "id")
            name = _text(item, "name") or level_id
            self.level_tags.setdefault(level_id, LevelTag(name, tone, rank, where))
            levels.append(
                Level(
                    address=self.anchor(where),
                    id=level_id,
                    name=name,
                    tone=tone,
                    meaning=_text(item, "meaning"),
                    response=_text(item, "response"),
                    rules=[Rule(text, _flag(item, key)) for key, text in LEVEL_RULES],
                    satisfies=self.satisfies(where, item),
                )
            )
        return levels

    def build_limits(self) -> list[Limit]:
        limits = self.data.get("post-mitigation-limits")
        if not isinstance(limits, dict):
            return []
        found = []
        for key, text in (("deployment", "Deployment"), ("development", "Further development")):
            if limits.get(key) is not None:
                where = self.anchor(f"/post-mitigation-limits/{key}")
                found.append(Limit(where, text, self.level(limits[key])))
        return found

    def statements(self, where: str, data: dict[str, Any], key: str) -> list[Statement]:
        return [
            Statement(self.anchor(item_address), _text(item, "id"), _text(item, "text"))
            for item_address, item in _addressed(f"{where}/{key}", _mappings(data, key))
        ]

    def build_category(self, where: str, data: dict[str, Any]) -> Category:
        name = _text(data, "name") or _text(data, "id")
        thresholds_by_id = {
            _text(item, "id"): (item_address, item)
            for item_address, item in reversed(
                _addressed(f"{where}/thresholds", _mappings(data, "thresholds"))
            )
        }
        evaluations = []
        watched: dict[str, list[Link]] = {}
        for item_address, item in _addressed(
            f"{where}/evaluations", _mappings(data, "evaluations")
        ):
            informs = []
            for ref in _strings(item, "thresholds"):
                target = thresholds_by_id.get(ref)
                threshold_name = (_text(target[1], "name") or ref) if target else ref
                informs.append(Link(threshold_name, target[0] if target else None))
                watched.setdefault(ref, []).append(Link(_text(item, "name"), item_address))
            trigger = item.get("trigger")
            evaluations.append(
                Evaluation(
                    address=self.anchor(item_address),
                    id=_text(item, "id"),
                    name=_text(item, "name"),
                    measures=_text(item, "measures"),
                    method=label(str(item["method"])) if item.get("method") else None,
                    thresholds=informs,
                    trigger=Trigger(number(trigger.get("value")), _text(trigger, "unit"))
                    if isinstance(trigger, dict)
                    else None,
                    satisfies=self.satisfies(item_address, item),
                )
            )
        thresholds = []
        for item_address, item in _addressed(f"{where}/thresholds", _mappings(data, "thresholds")):
            tag = self.level(item.get("level"))
            safeguards = []
            for ref in _strings(item, "safeguards"):
                at = self.anchor(address.join(f"{item_address}/safeguards", ref))
                safeguards.append(self.safeguards.get(ref, Link(ref))._replace(at=at))
                self.required_by.setdefault(ref, []).append(
                    Link(f"{name}: {_text(item, 'name') or tag.name}", item_address)
                )
            thresholds.append(
                Threshold(
                    address=self.anchor(item_address),
                    id=_text(item, "id"),
                    name=_optional(item, "name"),
                    level=tag,
                    capability=_text(item, "capability"),
                    response=_optional(item, "response"),
                    safeguards=safeguards,
                    evaluations=watched.get(_text(item, "id"), []),
                    satisfies=self.satisfies(item_address, item),
                )
            )
        # In the manifest's level order; thresholds of an unknown level last, as written.
        thresholds.sort(key=lambda threshold: threshold.level.rank)
        for ref in _strings(data, "baseline-safeguards"):
            self.required_by.setdefault(ref, []).append(Link(f"{name}: baseline", where))
        self.anchor(where)
        for section in ("threat-models", "thresholds", "evaluations", "responses"):
            if data.get(section):
                self.anchor(f"{where}/{section}")
        forecast = data.get("forecast")
        return Category(
            address=where,
            id=_text(data, "id"),
            name=name,
            tracked=data.get("status") == "tracked",
            owner=self.body(data.get("owner")),
            last_reviewed=_text(data, "last-reviewed"),
            summary=_text(data, "summary"),
            criteria=[self.criteria.get(ref, Link(ref)) for ref in _strings(data, "criteria")],
            threat_models=self.statements(where, data, "threat-models"),
            thresholds=thresholds,
            evaluations=evaluations,
            baseline_safeguards=[
                self.safeguards.get(ref, Link(ref)) for ref in _strings(data, "baseline-safeguards")
            ],
            responses=self.statements(where, data, "responses"),
            sources=_strings(data, "sources"),
            forecast=Forecast(
                address=self.anchor(f"{where}/forecast"),
                as_of=_text(forecast, "as-of"),
                next_level=self.level(forecast.get("next-level")),
                estimate=_text(forecast, "estimate"),
                assumptions=_text(forecast, "assumptions"),
            )
            if isinstance(forecast, dict)
            else None,
            satisfies=self.satisfies(where, data),
        )

    def build_safeguard(self, where: str, data: dict[str, Any]) -> Safeguard:
        return Safeguard(
            address=self.anchor(where),
            id=_text(data, "id"),
            name=_text(data, "name") or _text(data, "id"),
            kind=label(_text(data, "kind")),
            to_be_specified=data.get("status") == "to-be-specified",
            protects_against=[label(v) for v in _strings(data, "protects-against")],
            out_of_scope=[label(v) for v in _strings(data, "out-of-scope")],
            summary=_text(data, "summary"),
            measures=self.statements(where, data, "measures"),
            verification=_optional(data, "verification"),
            standards=_strings(data, "standards"),
            sources=_strings(data, "sources"),
            required_by=self.required_by.get(_text(data, "id"), []),
            satisfies=self.satisfies(where, data),
        )

    def build_governance(self, data: dict[str, Any]) -> Governance:
        bodies = [
            Body(
                address=self.anchor(where),
                id=_text(item, "id"),
                name=_text(item, "name") or _text(item, "id"),
                kind=label(_text(item, "kind")),
                composition=_optional(item, "composition"),
                term=months(item.get("term-months")),
                responsibilities=self.statements(where, item, "responsibilities"),
                satisfies=self.satisfies(where, item),
            )
            for where, item in _addressed("/governance/bodies", _mappings(data, "bodies"))
        ]
        decisions = [
            Decision(
                address=self.anchor(where),
                id=_text(item, "id"),
                description=_text(item, "description"),
                decided_by=self.bodies_of(item, "decided-by"),
                advised_by=self.bodies_of(item, "advised-by"),
                advice_required=_flag(item, "advice-required"),
                reversible_by=self.bodies_of(item, "reversible-by"),
                satisfies=self.satisfies(where, item),
            )
            for where, item in _addressed("/governance/decisions", _mappings(data, "decisions"))
        ]
        reports = [
            Report(
                address=self.anchor(where),
                id=_text(item, "id"),
                name=_text(item, "name") or _text(item, "id"),
                prepared_by=self.body(item.get("prepared-by")) or Link(""),
                recipients=self.bodies_of(item, "recipients"),
                external_recipients=_strings(item, "external-recipients"),
                when=_text(item, "when"),
                interval=days(item.get("interval-days")),
                deadline=hours(item.get("deadline-hours")),
                published=_flag(item, "published"),
                satisfies=self.satisfies(where, item),
            )
            for where, item in _addressed("/governance/reports", _mappings(data, "reports"))
        ]
        duties = [
            Duty(
                address=self.anchor(where),
                id=_text(item, "id"),
                text=_text(item, "text"),
                interval=days(item.get("interval-days")),
                deadline=hours(item.get("deadline-hours")),
                satisfies=self.satisfies(where, item),
            )
            for where, item in _addressed("/governance/duties", _mappings(data, "duties"))
        ]
        review_data = data.get("review")
        review = None
        if isinstance(review_data, dict):
            review = Review(
                address=self.anchor("/governance/review"),
                interval=days(review_data.get("interval-days")),
                last_reviewed=_text(review_data, "last-reviewed"),
                reviewed_by=self.body(review_data.get("reviewed-by")),
                process=_optional(review_data, "process"),
                satisfies=self.satisfies("/governance/review", review_data),
            )
        for section, present in (
            ("bodies", bodies),
            ("decisions", decisions),
            ("reports", reports),
            ("duties", duties),
        ):
            if present:
                self.anchor(f"/governance/{section}")
        return Governance(bodies, decisions, reports, duties, review)

    def build_changes(self) -> list[ChangeRecord]:
        known = set(self.anchors)
        return [
            ChangeRecord(
                address=self.anchor(where),
                id=_text(item, "id"),
                title=_text(item, "title") or _text(item, "id"),
                covers=[
                    Link(covered, _nearest(covered, known)) for covered in _strings(item, "covers")
                ],
                rationale=_text(item, "rationale"),
                approved_by=self.bodies_of(item, "approved-by"),
                approved_on=_text(item, "approved-on"),
                effective=_optional(item, "effective"),
                review=changes.kind_of(item) == changes.REVIEW,
            )
            for where, item in _addressed("/changes", _mappings(self.data, "changes"))
        ]

    def build_retired(self) -> list[Retired]:
        entries = self.data.get("retired")
        if not isinstance(entries, list):
            return []
        segments = item_segments(entries, "address")
        return [
            Retired(
                address=self.anchor(address.join("/retired", segment)),
                retired_address=_text(item, "address"),
                retired=_text(item, "retired"),
                reason=_text(item, "reason"),
            )
            for segment, item in zip(segments, entries, strict=True)
            if isinstance(item, dict)
        ]


# Each yes-or-no decision rule a level can state, in the order a reader meets them.
LEVEL_RULES = (
    ("safeguards-before-deployment", "Safeguards before external deployment"),
    ("safeguards-before-internal-deployment", "Safeguards before large-scale internal deployment"),
    ("safeguards-during-development", "Safeguards during development"),
    ("halt-development", "Development halts until safeguards are in place"),
    ("triggered-by-forecast", "Applies as soon as the level is forecast"),
)


def appendix_anchor(written: str) -> str:
    """The anchor of a profile ('ca-sb53') or of a requirement ('ca-sb53/a7') in the
    compliance appendix: not an address, since the appendix is not part of the framework."""
    return f"appendix/{written}"


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


def _multiple(value: Any) -> str | None:
    return None if value is None else f"{number(value)}\u00d7"  # the multiplication sign


def _nearest(where: str, anchors: set[str]) -> str | None:
    """The anchor of an address, or of its nearest ancestor that has one (a field such as
    ``/safeguards/x/standards`` is shown within its safeguard)."""
    while where not in anchors:
        if where in (address.ROOT, "/"):
            return None
        where = address.parent(where)
    return where


def _walk(sections: Sequence[Section]) -> list[Section]:
    return [found for section in sections for found in (section, *_walk(section.children))]


def _contents(view: Framework, *, has_changes: bool) -> list[Section]:
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


def build(
    document: Document,
    provenance: Provenance,
    changelog: str | None = None,
    catalogue: compliance.Catalogue | None = None,
) -> Framework:
    """The view of a document. ``changelog`` is this version's part of framework/CHANGELOG.md;
    ``catalogue`` the compliance profiles prepctl knows (default: the ones it ships)."""
    known = catalogue if catalogue is not None else compliance.Catalogue()
    return _Builder(document, known).build(provenance, changelog)
