"""Compliance profiles and coverage: which requirements of which laws and codes a framework meets.

A **profile** is one law, code of practice or policy as data: the requirements it places on a
published framework, each with its official section, and its rules for keeping the framework
current. prepctl ships profiles in ``prepctl/core/profiles/<id>.yaml``; a team adds its own from the
paths in ``[tool.prepctl.compliance] profiles``. Profile files are read by the same YAML reader
and validated by the same machinery as framework files, against ``profile.schema.json``.

A framework **claims** profiles in its manifest (``compliance.claims``) and maps its items to
requirements next to their content: an item's ``satisfies`` list names each requirement it
meets as ``profile/requirement``. **Coverage** is the matrix of each requirement of each
selected profile against the addresses that satisfy it, with the problems found on the way:
requirements nothing satisfies, mappings to requirements or profiles that do not exist, and
mappings to profiles the framework does not claim.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from prepctl.core import address, validate, walk
from prepctl.core.document import Document, Location, SourceFile
from prepctl.core.finding import Finding, Severity
from prepctl.errors import InputError, PrepctlError
from prepctl.io import yaml as yamlio

if TYPE_CHECKING:
    from prepctl.core.diff import DiffResult

SCHEMA = "profile"
BUILTIN = Path(__file__).resolve().parent / "profiles"
SUFFIX = ".yaml"

# Mappings are the lists the schemas declare with common.schema.json#/$defs/satisfies; they are
# all written under this key, beside the content that meets the requirement (schemas/README.md).
SATISFIES = "satisfies"
CLAIMS = "/compliance/claims"

UNCOVERED = "uncovered-requirement"
UNKNOWN = "unknown-requirement"
UNCLAIMED = "unclaimed-profile"
SEVERITIES = {UNCOVERED: Severity.ERROR, UNKNOWN: Severity.ERROR, UNCLAIMED: Severity.WARNING}


class Requirement(NamedTuple):
    """One element a profile requires of a framework."""

    id: str
    section: str
    title: str
    summary: str
    link: str | None = None
    same_as: tuple[str, ...] = ()
    status: str = "confirmed"
    note: str | None = None
    # Address patterns where a mapping counts as evidence; empty: any item but the root.
    evidence: tuple[str, ...] = ()

    @property
    def unverified(self) -> bool:
        return self.status == "unverified"

    def evidenced_by(self, holder: str) -> bool:
        """Whether a mapping on the item at ``holder`` is evidence, or only a claim."""
        if not self.evidence:
            return holder != address.ROOT
        from prepctl.core.config import address_matches

        return any(address_matches(pattern, holder) for pattern in self.evidence)


class Profile(NamedTuple):
    """A law, code of practice or policy, as the requirements it places on a framework."""

    id: str
    name: str
    kind: str
    jurisdiction: str
    citation: str
    url: str
    date: str
    in_force: str | None
    caveats: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    rules: dict[str, dict[str, Any]]
    origin: str
    # Reports owed beyond the framework itself, each with its clock (``reports``).
    reports: tuple[dict[str, Any], ...] = ()

    def requirement(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    @property
    def review_interval(self) -> int | None:
        """The longest time between two reviews of the whole framework, in days, if any."""
        interval = self.rules.get("review", {}).get("interval-days")
        return interval if isinstance(interval, int) else None


_RULES = ("review", "material-change", "update-record", "regulator-access", "redaction")


def read_profile(raw: bytes, name: str) -> Profile:
    """Parse and validate one profile file; a mistake is an :class:`InputError` at its place."""
    parsed = yamlio.parse(raw, name)
    if parsed.data is None:
        raise InputError(name, 1, 1, "file is empty; a compliance profile was expected")
    if not validate.is_valid(SCHEMA, parsed.data):
        file = SourceFile(relative=name, display=name, schema=SCHEMA, parsed=parsed)
        # A missing key is most often a misspelt one: name the misspelling first.
        errors = sorted(
            validate.explain(file),
            key=lambda f: (f.message.startswith("missing required key"), f.sort_key()),
        )
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(
            first.file,
            first.line,
            first.column,
            f"not a valid compliance profile: {first.message}{more}",
        )
    data: dict[str, Any] = parsed.data
    return Profile(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        jurisdiction=data["jurisdiction"],
        citation=data["source"]["citation"],
        url=data["source"]["url"],
        date=data["date"],
        in_force=data.get("in-force"),
        caveats=tuple(data.get("caveats", [])),
        requirements=tuple(
            Requirement(
                id=item["id"],
                section=item["section"],
                title=item["title"],
                summary=item["summary"],
                link=item.get("link"),
                same_as=tuple(item.get("same-as", [])),
                status=item.get("status", "confirmed"),
                note=item.get("note"),
                evidence=tuple(item.get("evidence", [])),
            )
            for item in data["requirements"]
        ),
        rules={key: dict(data[key]) for key in _RULES if key in data},
        origin=name,
        reports=tuple(dict(item) for item in data.get("reports", [])),
    )


def _check_requirement_ids(profile: Profile) -> None:
    seen: set[str] = set()
    for requirement in profile.requirements:
        if requirement.id in seen:
            raise PrepctlError(
                f"{profile.origin}: requirement id '{requirement.id}' is used twice in profile "
                f"'{profile.id}'; each requirement needs its own id"
            )
        seen.add(requirement.id)


@cache
def _read_cached(name: str, raw: bytes) -> Profile:
    profile = read_profile(raw, name)
    _check_requirement_ids(profile)
    return profile


@cache
def shipped() -> tuple[str, ...]:
    """The ids of the profiles prepctl ships, from their file names (read once a run)."""
    return tuple(sorted(path.name[: -len(SUFFIX)] for path in BUILTIN.glob("*" + SUFFIX)))


def _read_file(path: Path) -> bytes:
    if not path.is_file():
        raise PrepctlError(f"{path}: compliance profile not found (or not a file)")
    try:
        size = path.stat().st_size
        if size > yamlio.MAX_FILE_BYTES:
            raise yamlio.too_large(str(path), size)
        return path.read_bytes()
    except OSError as exc:
        raise PrepctlError(f"cannot read compliance profile {path}: {exc.strerror}") from None


@cache
def _shipped_profile(profile_id: str) -> Profile:
    path = BUILTIN / (profile_id + SUFFIX)
    profile = _read_cached(f"prepctl/core/profiles/{path.name}", path.read_bytes())
    if profile.id != profile_id:  # pragma: no cover - a mistake in our own data, tested
        raise PrepctlError(f"{path}: the profile's id is '{profile.id}', not its file name")
    return profile


class Catalogue:
    """The profiles prepctl knows: the shipped ones, read one by one on first use, and the
    configuration's own, all read together on first use (their ids are inside them)."""

    def __init__(self, extra: Sequence[Path] = ()) -> None:
        self.extra = tuple(extra)
        self._custom: dict[str, Profile] | None = None

    def custom(self) -> dict[str, Profile]:
        if self._custom is None:
            found: dict[str, Profile] = {}
            builtin = set(shipped())
            for path in self.extra:
                profile = _read_cached(str(path), _read_file(path))
                if profile.id in builtin:
                    raise PrepctlError(
                        f"{path}: profile id '{profile.id}' is already the id of a profile "
                        "prepctl ships; give this profile another id"
                    )
                if profile.id in found:
                    raise PrepctlError(
                        f"{path}: profile id '{profile.id}' is already used by "
                        f"{found[profile.id].origin}"
                    )
                found[profile.id] = profile
            self._custom = found
        return self._custom

    def ids(self) -> list[str]:
        return sorted([*shipped(), *self.custom()])

    def get(self, profile_id: str) -> Profile | None:
        if profile_id in self.custom():
            return self.custom()[profile_id]
        if profile_id not in shipped():
            return None
        return _shipped_profile(profile_id)

    def require(self, profile_id: str) -> Profile:
        """The profile with this id; an unknown id is a usage error naming the known ones."""
        profile = self.get(profile_id)
        if profile is None:
            known = self.ids()
            close = suggest(profile_id, known)
            hint = f"did you mean '{close}'? " if close else ""
            raise PrepctlError(
                f"no compliance profile '{profile_id}' ({hint}known: {', '.join(known)})"
            )
        return profile


class Claim(NamedTuple):
    """A profile the framework claims, where the claim is written."""

    profile: str
    address: str
    location: Location | None


class Mapping(NamedTuple):
    """One ``satisfies`` entry: a requirement named by the item at ``holder``."""

    text: str
    holder: str
    address: str
    location: Location

    @property
    def profile(self) -> str:
        return self.text.partition("/")[0]

    @property
    def requirement(self) -> str:
        return self.text.partition("/")[2]

    @property
    def well_formed(self) -> bool:
        profile, slash, requirement = self.text.partition("/")
        return bool(profile and slash and requirement)


def suggest(word: str, choices: list[str]) -> str | None:
    """The closest of ``choices`` to a mistyped ``word``, if one is close (as rules suggest)."""
    import difflib  # only a mistake needs a suggestion

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def claims(document: Document) -> list[Claim]:
    """The profiles the manifest claims, in the order written (text values only)."""
    written = document.get(CLAIMS)
    if not isinstance(written, list):
        return []
    found: list[Claim] = []
    for value in written:
        if isinstance(value, str) and all(c.profile != value for c in found):
            where = address.join(CLAIMS, value)
            found.append(Claim(value, where, document.location(where)))
    return found


def mappings(document: Document) -> list[Mapping]:
    """Every ``satisfies`` entry of the framework, files in document order."""
    found: list[Mapping] = []
    for place in walk.places(document):
        if (
            not place.path
            or place.path[-1] != SATISFIES
            or place.node is None
            or not isinstance(place.value, list)
        ):
            continue
        holder = address.parent(place.address)
        for index, value in enumerate(place.value):
            if isinstance(value, str):
                path = (*place.path, index)
                found.append(
                    Mapping(value, holder, place.file.address(path), place.file.location(path))
                )
    return found


class Issue(NamedTuple):
    """A coverage problem, before a rule or the coverage command gives it a severity."""

    rule: str
    address: str
    message: str
    location: Location | None

    def finding(self, document: Document, severity: Severity | None = None) -> Finding:
        where = self.location or document.location(self.address) or _first(document)
        return Finding(
            where.file,
            where.line,
            where.column,
            self.rule,
            severity or SEVERITIES[self.rule],
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
) -> Coverage:
    """The coverage of ``selected`` profiles (default: the claimed ones that exist).

    ``malformed`` also reports entries not written as profile/requirement; lint leaves those to
    the schema rule, which reports them at the same place.
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
                    UNKNOWN,
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
                        UNCOVERED,
                        claim.address if claim is not None else address.ROOT,
                        f"{profile.id} {row.requirement.section} ({row.requirement.title}) is not "
                        f"covered: add `satisfies: [{profile.id}/{row.requirement.id}]` to the "
                        f"item that meets it{hint}{_accepted(row.requirement)}",
                        claim.location if claim is not None else None,
                    )
                )
    # By place only: requirements on one claim stay in the profile's order (a2 before a10).
    found = tuple(
        sorted((i.finding(document) for i in issues), key=lambda f: (f.file, f.line, f.column))
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
        UNCOVERED,
        mapping.address,
        f"{profile.id} {requirement.section} ({requirement.title}) is claimed without evidence: "
        f"{why}; add `satisfies: [{here}]` to {where} that meets it",
        mapping.location,
    )


def _unknown_profile(profile_id: str, catalogue: Catalogue, verb: str) -> str:
    known = catalogue.ids()
    close = suggest(profile_id, known)
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
                UNKNOWN,
                mapping.address,
                f"'{mapping.text}' is not written as profile/requirement, such as ca-sb53/a7",
                mapping.location,
            )
        return
    profile = catalogue.get(mapping.profile)
    if profile is None:
        yield Issue(
            UNKNOWN,
            mapping.address,
            _unknown_profile(mapping.profile, catalogue, f"maps '{mapping.text}' to profile"),
            mapping.location,
        )
        return
    if profile.requirement(mapping.requirement) is None:
        ids = [r.id for r in profile.requirements]
        same = [i for i in ids if i.lower() == mapping.requirement.lower()]
        close = same[0] if same else suggest(mapping.requirement, ids)
        hint = (
            f"did you mean '{profile.id}/{close}'?"
            if close
            else f"its requirements: {', '.join(ids)}"
        )
        yield Issue(
            UNKNOWN,
            mapping.address,
            f"maps to '{mapping.text}', but {profile.id} has no requirement "
            f"'{mapping.requirement}' ({hint})",
            mapping.location,
        )
    if profile.id not in claimed:
        yield Issue(
            UNCLAIMED,
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


# Material modifications ---------------------------------------------------------------------

MATERIAL_CHANGE = "material-change"
UPDATE_RECORD = "update-record"
REGULATOR_ACCESS = "regulator-access"


class Obligation(NamedTuple):
    """What a claimed profile requires after a material modification, and by when."""

    profile: str
    requirement: str
    text: str
    due: str | None

    def line(self) -> str:
        return f"{self.profile}: {self.text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "requirement": self.requirement,
            "text": self.text,
            "due": self.due,
        }


class Weakening(NamedTuple):
    """One weakening change and what justifies it, if anything."""

    address: str
    record: str | None
    rationale: str | None
    approvers: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "record": self.record,
            "rationale": self.rationale,
            "approved_by": list(self.approvers),
        }

    def justification(self) -> str:
        if self.record is None:
            return "no justification recorded"
        text = f"justified by change record {self.record}"
        if self.rationale:
            text += f": {' '.join(self.rationale.split())}"
        if self.approvers:
            text += f" (approved: {', '.join(self.approvers)})"
        return text


class MaterialModification(NamedTuple):
    """Whether an update is a material modification (it weakens or removes a commitment), and
    what each claimed profile then requires."""

    material: bool
    weakenings: tuple[Weakening, ...] = ()
    obligations: tuple[Obligation, ...] = ()

    def lines(self) -> list[str]:
        """The section for text output (release and diff); empty when not material."""
        if not self.material:
            return []
        count = len(self.weakenings)
        out = [
            f"MATERIAL MODIFICATION: {count} weakening{'s' if count != 1 else ''} "
            "(a weakened or removed commitment)"
        ]
        out += [f"  {w.address}: {w.justification()}" for w in self.weakenings]
        out += [f"  {obligation.line()}" for obligation in self.obligations]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "material": self.material,
            "weakenings": [weakening.to_json() for weakening in self.weakenings],
            "obligations": [obligation.to_json() for obligation in self.obligations],
        }


def add_business_days(start: date, days: int) -> date:
    """``days`` business days (Monday to Friday) after ``start``."""
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def _section(rule: dict[str, Any]) -> str:
    section = str(rule.get("section", ""))
    if rule.get("status") == "unverified":
        section += ", unverified"
    return section


EFFECTIVE_DATE = "the effective date"


def obligations(
    profile: Profile, effective: date | None, *, since: str = EFFECTIVE_DATE
) -> list[Obligation]:
    """What ``profile`` requires of a material modification taking effect on ``effective``
    (None when the date is not known yet), from the profile's rules; ``since`` says where the
    date comes from, as the deadlines' text names it. A law not yet in force on that date asks
    nothing yet."""
    if effective is not None and profile.in_force and effective.isoformat() < profile.in_force:
        return [
            Obligation(
                profile.id, "none", f"nothing due yet: in force from {profile.in_force}", None
            )
        ]
    found: list[Obligation] = []
    rule = profile.rules.get(MATERIAL_CHANGE)
    if rule is not None:
        days = int(rule["publish-within-days"])
        what = "publish the modified framework"
        if rule.get("justification"):
            what += " with a justification"
        if effective is None:
            text, due = f"{what} within {days} days of the modification", None
        else:
            due = (effective + timedelta(days=days)).isoformat()
            text = f"{what} by {due} ({days} days after {since} {effective.isoformat()})"
        found.append(Obligation(profile.id, MATERIAL_CHANGE, f"{text} [{_section(rule)}]", due))
    rule = profile.rules.get(UPDATE_RECORD)
    if rule is not None:
        parts = [
            name
            for key, name in (
                ("changelog", "changelog"),
                ("version", "version number"),
                ("date", "date"),
            )
            if rule.get(key)
        ]
        if parts:
            listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
            text = f"{listed} required for this update [{_section(rule)}]"
            found.append(Obligation(profile.id, UPDATE_RECORD, text, None))
    rule = profile.rules.get(REGULATOR_ACCESS)
    if rule is not None:
        days = int(rule["within-business-days"])
        recipient = str(rule["recipient"])
        unredacted = " (unredacted)" if rule.get("unredacted") else ""
        text = f"give {recipient} access{unredacted} within {days} business days of confirmation"
        due = None
        if effective is not None:
            due = add_business_days(effective, days).isoformat()
            text += f", by {due} if confirmed on {effective.isoformat()}"
        found.append(Obligation(profile.id, REGULATOR_ACCESS, f"{text} [{_section(rule)}]", due))
    if not found:
        found.append(Obligation(profile.id, "none", "nothing due", None))
    return found


def _rationale(head: Document, record_id: str) -> str | None:
    from prepctl.core import changes

    items = head.data.get(changes.collection_key())
    if not isinstance(items, list):
        return None
    for item in items:
        if isinstance(item, dict) and item.get("id") == record_id:
            rationale = item.get("rationale")
            return rationale if isinstance(rationale, str) else None
    return None


def material_modification(
    result: DiffResult,
    head: Document,
    catalogue: Catalogue | None = None,
    *,
    effective: date | None = None,
    since: str = EFFECTIVE_DATE,
) -> MaterialModification:
    """Whether ``result`` is a material modification and what the profiles ``head`` claims then
    require; deadlines count from ``effective`` when it is known (``since`` names its source)."""
    from prepctl.core.classify import Impact

    weakenings = [change for change in result.changes if change.impact is Impact.WEAKENING]
    if not weakenings:
        return MaterialModification(material=False)
    listed: list[Weakening] = []
    for change in weakenings:
        record = result.record(change.justified_by) if change.justified_by else None
        listed.append(
            Weakening(
                address=change.address,
                record=(record.file or record.id) if record else change.justified_by,
                rationale=_rationale(head, change.justified_by) if change.justified_by else None,
                approvers=record.approved_by if record else (),
            )
        )
    catalogue = catalogue or Catalogue()
    found: list[Obligation] = []
    seen: set[str] = set()
    for claim in claims(head):
        if claim.profile in seen:
            continue
        seen.add(claim.profile)
        profile = catalogue.get(claim.profile)
        if profile is not None:  # unknown claims are lint's business
            found.extend(obligations(profile, effective, since=since))
    return MaterialModification(True, tuple(listed), tuple(found))
