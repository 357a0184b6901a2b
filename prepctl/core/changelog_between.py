"""The changelog section between two versions, as ``prepctl release`` writes it, for
``prepctl changelog``: the release HEAD makes over BASE, or a first release without one."""

from __future__ import annotations

from prepctl.core import diff, meaning, release
from prepctl.core.document import Document
from prepctl.core.effective import written


def section(base: Document | None, head: Document, since: str | None) -> str:
    """HEAD's changes since BASE (read at ``since``, a git ref), grouped as the changelog
    groups them; with no BASE, HEAD as a first release."""
    version_at = meaning.release_field(meaning.RELEASE_VERSION)
    version = release.Semver.parse(head.get(version_at))
    last = release.Semver.parse(base.get(version_at)) if base is not None else None
    notes = release.notes_since(base, head)
    if base is None or last is None or since is None:
        return release.changelog_section(
            head,
            None,
            release.Requirement(None, "first release"),
            notes,
            version=str(version) if version else None,
            when=written(head),
            bump=None,
            since=None,
        )
    result = diff.diff(base, head)
    requirement = release.required(result, head)
    released = version is not None and version != last
    bump = bump_between(last, version) if released and version is not None else None
    return release.changelog_section(
        head,
        result,
        requirement,
        notes,
        version=str(version) if released else None,
        when=written(head) if released else None,
        bump=bump,
        since=(since, last),
    )


def bump_between(last: release.Semver, version: release.Semver) -> release.Bump | None:
    """The bump that leads from ``last`` to ``version``: the first part that differs."""
    if version.major != last.major:
        return release.Bump.MAJOR
    if version.minor != last.minor:
        return release.Bump.MINOR
    return release.Bump.PATCH if version != last else None
