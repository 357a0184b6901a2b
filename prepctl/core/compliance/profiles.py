"""Compliance profiles: laws, codes of practice and policies as data, and the catalogue of them.

A **profile** is one law, code of practice or policy: the requirements it places on a published
framework, each with its official section, and its rules for keeping the framework current.
prepctl ships profiles in ``prepctl/core/profiles/<id>.yaml``; a team adds its own from the
paths in ``[tool.prepctl.compliance] profiles``. Profile files are read by the same YAML reader
and validated by the same machinery as framework files, against ``profile.schema.json``.
Profiles are read only when they are needed, each once a run.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from prepctl.core import address, spelling, validate
from prepctl.errors import PrepctlError
from prepctl.io import yaml as yamlio

SCHEMA = "profile"
BUILTIN = Path(__file__).resolve().parent.parent / "profiles"
SUFFIX = ".yaml"


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
    # Whether items meeting it must be public (never withheld from the public edition).
    public: bool = False

    @property
    def unverified(self) -> bool:
        return self.status == "unverified"

    def evidenced_by(self, holder: str) -> bool:
        """Whether a mapping on the item at ``holder`` is evidence, or only a claim."""
        if not self.evidence:
            return holder != address.ROOT
        return any(address.matches(pattern, holder) for pattern in self.evidence)


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
        interval = self.rules.get(REVIEW, {}).get("interval-days")
        return interval if isinstance(interval, int) else None


# The rules a profile may set for keeping a framework current, by their keys in a profile file.
REVIEW = "review"
MATERIAL_CHANGE = "material-change"
UPDATE_RECORD = "update-record"
REGULATOR_ACCESS = "regulator-access"
_RULES = (REVIEW, MATERIAL_CHANGE, UPDATE_RECORD, REGULATOR_ACCESS, "redaction")


def read_profile(raw: bytes, name: str) -> Profile:
    """Parse and validate one profile file; a mistake is an :class:`InputError` at its place."""
    parsed = validate.read_one(raw, name, SCHEMA, "a compliance profile")
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
                public=item.get("public", False) is True,
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
            close = spelling.closest(profile_id, known)
            hint = f"did you mean '{close}'? " if close else ""
            raise PrepctlError(
                f"no compliance profile '{profile_id}' ({hint}known: {', '.join(known)})"
            )
        return profile
