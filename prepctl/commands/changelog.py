"""``prepctl changelog``: the changelog section between two versions, printed as Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

from prepctl.core import config, diff, document, meaning, release, source
from prepctl.core.document import Document
from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.io import git


def run(revision_range: str | None) -> int:
    try:
        folder: Path | None = source.find_framework(Path.cwd())
    except FrameworkNotFound:
        folder = None
    if revision_range is None:
        if folder is None:
            raise FrameworkNotFound(
                "no framework found here: give A..B to read both versions from git"
            )
        prefix = config.for_framework(folder).tag_prefix
        tags = git.release_tags(prefix, cwd=folder, merged="HEAD")
        since, until = (tags[-1][0] if tags else None), None
    else:
        since, until = _split(revision_range)
    head = _load(until, folder)
    base = _load(since, folder) if since is not None else None
    version_at = meaning.release_field(meaning.RELEASE_VERSION)
    version = release.Semver.parse(head.get(version_at))
    last = release.Semver.parse(base.get(version_at)) if base is not None else None
    notes = release.notes_since(base, head)
    if base is None or last is None or since is None:
        text = release.changelog_section(
            head,
            None,
            release.Requirement(None, "first release"),
            notes,
            version=str(version) if version else None,
            when=_date(head),
            bump=None,
            since=None,
        )
    else:
        result = diff.diff(base, head)
        requirement = release.required(result, head)
        released = version is not None and version != last
        bump = _bump(last, version) if released and version is not None else None
        text = release.changelog_section(
            head,
            result,
            requirement,
            notes,
            version=str(version) if released else None,
            when=_date(head) if released else None,
            bump=bump,
            since=(since, last),
        )
    sys.stdout.write(text)
    return 0


def _split(revision_range: str) -> tuple[str, str | None]:
    if "..." in revision_range:
        raise PrepctlError(
            f"'{revision_range}': give a range as A..B (symmetric ranges A...B are not supported)"
        )
    since, dots, until = revision_range.partition("..")
    if not dots:
        return since, None
    return since or "HEAD", until or None


def _load(ref: str | None, folder: Path | None) -> Document:
    """The framework at a git ref (in the working tree's framework folder), or the working
    tree's."""
    if ref is None:
        if folder is None:
            raise FrameworkNotFound("no framework found in the working tree")
        snapshot: source.Snapshot = source.read_directory(folder)
    elif folder is not None:
        snapshot = git.read_snapshot_of(ref, folder)
    else:
        snapshot = git.read_snapshot(ref)
    return document.load(snapshot, parse=git.parse_cached)


def _date(doc: Document) -> str | None:
    effective = doc.get(meaning.release_field(meaning.RELEASE_EFFECTIVE))
    return effective if isinstance(effective, str) else None


def _bump(last: release.Semver, version: release.Semver) -> release.Bump | None:
    if version.major != last.major:
        return release.Bump.MAJOR
    if version.minor != last.minor:
        return release.Bump.MINOR
    return release.Bump.PATCH if version != last else None
