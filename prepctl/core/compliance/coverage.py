"""Coverage: each requirement of each selected profile against the items that meet it.

**Coverage** is the matrix of each requirement of each selected profile against the addresses
that satisfy it, with the problems found on the way: requirements nothing satisfies, mappings to
requirements or profiles that do not exist, and mappings to profiles the framework does not
claim.

A mapping is **evidence** when it stands on a concrete item (a category, a threshold, a
safeguard, a body, a report, an exception, ...) that a reader can open and check. A mapping on
the manifest's root says only that the framework as a whole meets the requirement: it is a
**claim**, and a requirement with claims but no evidence is *claimed without evidence*, which
is not covered. A profile may narrow what counts as evidence for one requirement with address
patterns (``evidence``: risk tiers must be capability thresholds), or widen it to the root
(``evidence: [/]``, for an element that is the framework itself, such as its overview).

Profiles are read only when they are needed: when a framework claims one or maps to one, when
``--profile`` names one, or when the configuration adds its own (which are then always
checked). A framework that uses none of this costs one walk that the other rules share.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from prepctl.core import address, spelling
from prepctl.core.compliance.mappings import Mapping, claims, mappings
from prepctl.core.compliance.profiles import Catalogue, Profile, Requirement
from prepctl.core.document import Document, Location
from prepctl.core.finding import Finding, Severity


class IssueKind(str, Enum):
    """What is wrong with a framework's compliance; each kind is one lint rule's to report."""

    UNCOVERED = "uncovered"
    """A requirement of a claimed profile that no item meets (or that is only claimed)."""
    UNKNOWN = "unknown"
    """A mapping or a claim that names no known profile or requirement."""
    UNCLAIMED = "unclaimed"
    """A mapping to a profile the framework does not claim."""


class Issue(NamedTuple):
    """A coverage problem, before a rule or the coverage command gives it an id and a
    severity."""

    kind: IssueKind
    address: str
    message: str
    location: Location | None

    def finding(self, document: Document, rule: str, severity: Severity) -> Finding:
        where = self.location or document.location(self.address) or _first(document)
        return Finding(
            where.file,
            where.line,
            where.column,
            rule,
            severity,
            self.address or address.ROOT,
            self.message,
        )


def _first(document: Document) -> Location:
    return document.files[0].location(()) if document.files else Location("", 1, 1)


COVERED = "covered"
CLAIMED_WITHOUT_EVIDENCE = "claimed-without-evidence"
NOT_COVERED = "uncovered"


class Row(NamedTuple):
    """One requirement, the addresses whose mappings are evidence that it is met, and those
    whose mappings only claim it (the framework's root, or an item the profile does not accept
    as evidence)."""

    requirement: Requirement
    addresses: tuple[str, ...]
    claims: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return bool(self.addresses)

    @property
    def state(self) -> str:
        """covered, claimed-without-evidence or uncovered."""
        if self.addresses:
            return COVERED
        return CLAIMED_WITHOUT_EVIDENCE if self.claims else NOT_COVERED


class ProfileCoverage(NamedTuple):
    profile: Profile
    claimed: bool
    rows: tuple[Row, ...]

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.covered)

    @property
    def without_evidence(self) -> int:
        """Requirements claimed, but met by no item that is evidence."""
        return sum(1 for row in self.rows if row.state == CLAIMED_WITHOUT_EVIDENCE)

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Coverage:
    """The matrix for the selected profiles, and every problem found."""

    label: str
    profiles: tuple[ProfileCoverage, ...]
    issues: tuple[Issue, ...]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def requirements(self) -> int:
        return sum(p.total for p in self.profiles)

    @property
    def covered(self) -> int:
        return sum(p.covered for p in self.profiles)

    @property
    def without_evidence(self) -> int:
        return sum(p.without_evidence for p in self.profiles)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def failed(self) -> bool:
        """A requirement not covered, or a mapping that names nothing, fails the run."""
        return self.count(Severity.ERROR) > 0


def uses_compliance(document: Document, catalogue: Catalogue) -> bool:
    """Whether there is anything to check: claims, mappings or the configuration's profiles."""
    return bool(catalogue.extra or claims(document) or mappings(document))


def analyse(
    document: Document,
    catalogue: Catalogue,
    *,
    selected: Sequence[str] | None = None,
    malformed: bool = False,
    rules: Callable[[], dict[IssueKind, tuple[str, Severity]]] | None = None,
) -> Coverage:
    """The coverage of ``selected`` profiles (default: the claimed ones that exist).

    ``malformed`` also reports entries not written as profile/requirement; lint leaves those to
    the schema rule, which reports them at the same place. ``rules`` gives the rule id and the
    severity of each kind of issue, for the coverage's findings (none without it); it is asked
    only when there are issues.
    """
    catalogue.custom()  # the configuration's profiles are always checked
    claimed = claims(document)
    claimed_ids = {claim.profile for claim in claimed}
    mapped = mappings(document)
    issues: list[Issue] = []
    for written in claimed:
        if catalogue.get(written.profile) is None:
            issues.append(
                Issue(
                    IssueKind.UNKNOWN,
                    written.address,
                    _unknown_profile(written.profile, catalogue, "claims"),
                    written.location,
                )
            )
    by_requirement: dict[str, list[Mapping]] = {}
    for mapping in mapped:
        issues.extend(_check_mapping(mapping, catalogue, claimed_ids, malformed=malformed))
        by_requirement.setdefault(mapping.text, []).append(mapping)
    evidence = _evidence(by_requirement, catalogue)
    chosen = list(selected) if selected is not None else [c.profile for c in claimed]
    profiles: list[ProfileCoverage] = []
    for profile_id in dict.fromkeys(chosen):
        profile = catalogue.get(profile_id)
        if profile is None:
            continue
        claim = next((c for c in claimed if c.profile == profile_id), None)
        rows = tuple(
            _row(r, by_requirement.get(f"{profile.id}/{r.id}", ())) for r in profile.requirements
        )
        profiles.append(ProfileCoverage(profile, claim is not None, rows))
        for row in rows:
            if row.state == CLAIMED_WITHOUT_EVIDENCE:
                first = next(
                    m
                    for m in by_requirement[f"{profile.id}/{row.requirement.id}"]
                    if m.holder == row.claims[0]
                )
                issues.append(_claim_issue(profile, row.requirement, first))
            elif not row.covered:
                hint = _same_as_hint(profile, row.requirement, catalogue, evidence)
                issues.append(
                    Issue(
                        IssueKind.UNCOVERED,
                        claim.address if claim is not None else address.ROOT,
                        f"{profile.id} {row.requirement.section} ({row.requirement.title}) is not "
                        f"covered: add `satisfies: [{profile.id}/{row.requirement.id}]` to the "
                        f"item that meets it{hint}{_accepted(row.requirement)}",
                        claim.location if claim is not None else None,
                    )
                )
    # By place only: requirements on one claim stay in the profile's order (a2 before a10).
    named = rules() if rules is not None and issues else {}
    found = tuple(
        sorted(
            (i.finding(document, *named[i.kind]) for i in issues if named),
            key=lambda f: (f.file, f.line, f.column),
        )
    )
    return Coverage(document.snapshot.label, tuple(profiles), tuple(issues), found)


def _row(requirement: Requirement, mapped: Iterable[Mapping]) -> Row:
    holders = list(dict.fromkeys(mapping.holder for mapping in mapped))
    evidence = tuple(h for h in holders if requirement.evidenced_by(h))
    return Row(requirement, evidence, tuple(h for h in holders if h not in evidence))


def _evidence(
    by_requirement: dict[str, list[Mapping]], catalogue: Catalogue
) -> dict[str, list[str]]:
    """For each mapped requirement that exists, the holders whose mappings are evidence."""
    found: dict[str, list[str]] = {}
    for text, mapped in by_requirement.items():
        profile_id, _, requirement_id = text.partition("/")
        profile = catalogue.get(profile_id)
        requirement = profile.requirement(requirement_id) if profile is not None else None
        if requirement is not None:
            found[text] = list(_row(requirement, mapped).addresses)
    return found


def _accepted(requirement: Requirement) -> str:
    if not requirement.evidence or requirement.evidenced_by(address.ROOT):
        return ""
    return f"; only a mapping at {', '.join(requirement.evidence)} counts as evidence"


def _claim_issue(profile: Profile, requirement: Requirement, mapping: Mapping) -> Issue:
    """A requirement claimed without evidence: reported where the (first) claim is written."""
    here = f"{profile.id}/{requirement.id}"
    if mapping.holder == address.ROOT:
        why = "only the framework as a whole names it, and no reader can check that"
        where = "the item"
    else:
        accepted = ", ".join(requirement.evidence)
        why = (
            f"{profile.id} counts a mapping only at {accepted} as evidence, and "
            f"{address.display(mapping.holder)} is not there"
        )
        where = "the item there"
    return Issue(
        IssueKind.UNCOVERED,
        mapping.address,
        f"{profile.id} {requirement.section} ({requirement.title}) is claimed without evidence: "
        f"{why}; add `satisfies: [{here}]` to {where} that meets it",
        mapping.location,
    )


def _unknown_profile(profile_id: str, catalogue: Catalogue, verb: str) -> str:
    known = catalogue.ids()
    close = spelling.closest(profile_id, known)
    hint = f"did you mean '{close}'? " if close else ""
    return (
        f"{verb} '{profile_id}', which is not a known compliance profile "
        f"({hint}known: {', '.join(known)})"
    )


def _check_mapping(
    mapping: Mapping, catalogue: Catalogue, claimed: set[str], *, malformed: bool
) -> Iterable[Issue]:
    if not mapping.well_formed:
        if malformed:
            yield Issue(
                IssueKind.UNKNOWN,
                mapping.address,
                f"'{mapping.text}' is not written as profile/requirement, such as ca-sb53/a7",
                mapping.location,
            )
        return
    profile = catalogue.get(mapping.profile)
    if profile is None:
        yield Issue(
            IssueKind.UNKNOWN,
            mapping.address,
            _unknown_profile(mapping.profile, catalogue, f"maps '{mapping.text}' to profile"),
            mapping.location,
        )
        return
    if profile.requirement(mapping.requirement) is None:
        ids = [r.id for r in profile.requirements]
        same = [i for i in ids if i.lower() == mapping.requirement.lower()]
        close = same[0] if same else spelling.closest(mapping.requirement, ids)
        hint = (
            f"did you mean '{profile.id}/{close}'?"
            if close
            else f"its requirements: {', '.join(ids)}"
        )
        yield Issue(
            IssueKind.UNKNOWN,
            mapping.address,
            f"maps to '{mapping.text}', but {profile.id} has no requirement "
            f"'{mapping.requirement}' ({hint})",
            mapping.location,
        )
    if profile.id not in claimed:
        yield Issue(
            IssueKind.UNCLAIMED,
            mapping.address,
            f"maps to '{mapping.text}', but the framework does not claim {profile.id}: add it "
            "to compliance.claims in the manifest, or remove the mapping",
            mapping.location,
        )


def _same_as_hint(
    profile: Profile,
    requirement: Requirement,
    catalogue: Catalogue,
    by_requirement: dict[str, list[str]],
) -> str:
    """Where an equivalent requirement of another profile is met, if one is: a likely home."""
    here = f"{profile.id}/{requirement.id}"
    equivalents = list(requirement.same_as)
    for other_id in sorted({text.partition("/")[0] for text in by_requirement} - {profile.id}):
        other = catalogue.get(other_id)
        if other is not None:
            equivalents.extend(
                f"{other.id}/{r.id}" for r in other.requirements if here in r.same_as
            )
    for equivalent in equivalents:
        holders = by_requirement.get(equivalent)
        if holders:
            shown = ", ".join(address.display(h) for h in holders[:3])
            more = ", …" if len(holders) > 3 else ""
            return f" (it asks the same as {equivalent}, met by {shown}{more})"
    return ""


_ANALYSES: dict[tuple[int, tuple[Path, ...]], Coverage | None] = {}


def for_lint(document: Document, profiles: Sequence[Path]) -> Coverage | None:
    """The coverage of the claimed profiles, shared by the lint rules of one run; None when
    the framework uses no compliance at all (nothing is read then)."""
    key = (id(document), tuple(profiles))
    if key not in _ANALYSES:
        catalogue = Catalogue(profiles)
        used = uses_compliance(document, catalogue)
        _ANALYSES[key] = analyse(document, catalogue) if used else None
        weakref.finalize(document, _ANALYSES.pop, key, None)
    return _ANALYSES[key]
