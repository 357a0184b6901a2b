"""Semantic versions, as semver.org defines them, and the kinds of version bump."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import total_ordering
from typing import Any

# semver.org's own regular expression (2.0.0, "Is there a suggested regular expression?"), with
# \d written [0-9] so that no engine reads other scripts' digits; schemas/common.schema.json
# holds the same pattern. Groups: major, minor, patch, pre-release, build.
SEMVER_PATTERN = (
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?(?!\n)$"
)
"""semver.org's expression, ending so that no engine lets a final line break through."""
_SEMVER = re.compile(SEMVER_PATTERN.removesuffix("(?!\n)$"))
SEMVER_MAX_LENGTH = 255
"""semver.org sets no limit, and its FAQ calls 255 characters probably overkill: a longer
version is refused (by the schema too), which also keeps every number within what Python
converts to an int."""


class Bump(str, Enum):
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return ("patch", "minor", "major").index(self.value)


@total_ordering
@dataclass(frozen=True)
class Semver:
    """A semantic version, ordered by semver.org's precedence (rule 11). Build metadata is
    kept for display but has no say in the order or in equality (rule 10)."""

    major: int
    minor: int
    patch: int
    prerelease: str | None = None
    build: str | None = field(default=None, compare=False)

    @classmethod
    def parse(cls, text: Any) -> Semver | None:
        if not isinstance(text, str) or len(text) > SEMVER_MAX_LENGTH:
            return None
        found = _SEMVER.fullmatch(text)
        if found is None:
            return None
        major, minor, patch, pre, build = found.groups()
        return cls(int(major), int(minor), int(patch), pre, build)

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease is not None:
            text += f"-{self.prerelease}"
        return text if self.build is None else f"{text}+{self.build}"

    def _key(self) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
        # A pre-release sorts before its release; its identifiers compare numerically when
        # numeric (never with a leading zero, so one order), and a numeric one sorts before an
        # alphanumeric one; a longer list wins when the shared part is equal (rule 11).
        identifiers = tuple(
            (0, int(part)) if part.isdigit() else (1, part)
            for part in (self.prerelease.split(".") if self.prerelease is not None else ())
        )
        release = 0 if self.prerelease is not None else 1
        return (self.major, self.minor, self.patch, release, identifiers)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Semver):
            return NotImplemented
        return self._key() < other._key()

    def bumped(self, bump: Bump) -> Semver:
        """The next version of this kind (a pre-release of it becomes that version itself)."""
        if bump is Bump.MAJOR:
            keep = self.prerelease is not None and self.minor == 0 and self.patch == 0
            return Semver(self.major if keep else self.major + 1, 0, 0)
        if bump is Bump.MINOR:
            keep = self.prerelease is not None and self.patch == 0
            return Semver(self.major, self.minor if keep else self.minor + 1, 0)
        return Semver(self.major, self.minor, self.patch if self.prerelease else self.patch + 1)

    def satisfies(self, previous: Semver, bump: Bump) -> bool:
        """Whether going from ``previous`` to this version is at least a ``bump``."""
        return self >= previous.bumped(bump)
