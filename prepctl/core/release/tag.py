"""Tagging a release: HEAD must hold a prepared release, committed, ahead of the last one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prepctl.core import changelog, diff, document, source
from prepctl.core.release.bump import required
from prepctl.core.release.prepare import decode_changelog
from prepctl.core.release.released import release_tags
from prepctl.core.release.semver import Semver
from prepctl.errors import PrepctlError, Refusal


@dataclass(frozen=True)
class TagPlan:
    tag: str
    version: Semver
    commit: str
    message: str


def plan_tag(folder: Path, *, tag_prefix: str) -> TagPlan:
    """Check that HEAD holds a prepared release and work out its tag."""
    from prepctl.core import source_git
    from prepctl.io import yaml_pieces
    from prepctl.io.git import head as git_head

    dirty = git_head.uncommitted(folder)
    if dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise Refusal(
            f"uncommitted changes in the framework folder ({shown}): commit the release first, "
            "then rerun 'prepctl release --tag'"
        )
    snapshot = source.read_directory(folder)
    head = document.load(snapshot, parse=yaml_pieces.parse_cached)
    version = Semver.parse(head.data.get("version"))
    if version is None:  # pragma: no cover - the schema requires a semantic version
        raise PrepctlError(
            f"{snapshot.display(source.MANIFEST)}: version is not a semantic version"
        )
    tags = release_tags(tag_prefix, cwd=folder, merged="HEAD")
    tag = f"{tag_prefix}{version}"
    if tags:
        last_tag, last_text = tags[-1]
        last = Semver.parse(last_text)
        if last is not None and version <= last:
            raise Refusal(
                f"nothing to tag: version {version} is not ahead of {last_tag}; run "
                "'prepctl release' to prepare the next release"
            )
        base = document.load(
            source_git.read_snapshot_of(last_tag, folder), parse=yaml_pieces.parse_cached
        )
        requirement = required(diff.diff(base, head), head)
        if (
            last is not None
            and requirement.bump is not None
            and not version.satisfies(last, requirement.bump)
        ):
            raise Refusal(
                f"version {version} is too small: {requirement.reason} since {last_tag} needs a "
                f"{requirement.bump.value} version; run 'prepctl release'"
            )
    text = decode_changelog(snapshot.changelog, snapshot.display(changelog.NAME))
    body = changelog.section_text(text, str(version)) if text is not None else None
    if text is not None and body is None:
        raise Refusal(
            f"{snapshot.display(changelog.NAME)} has no section for {version}; run "
            "'prepctl release' to write it"
        )
    name = str(head.data.get("name") or "framework")
    effective = head.data.get("effective")
    message = f"{name} {version}" + (f", effective {effective}" if effective else "")
    if body:
        message += f"\n\n{body}"
    return TagPlan(tag, version, git_head.head_commit(folder), message + "\n")
