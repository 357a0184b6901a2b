"""``prepctl site``: every release as a static website.

A release is a git tag PREFIX + VERSION (``framework-v1.2.0``; the prefix is configurable).
Each is read from git and checked as ``prepctl render`` checks a version
(:mod:`prepctl.commands.publishing`), and compared with the release before it by the semantic
diff; :mod:`prepctl.render.site` lays out the pages and :mod:`prepctl.io.site` writes them.
Tags that :func:`prepctl.core.release.release_tags` does not read as releases never get here; a
version it lets through that is not strictly semver.org's is skipped with a warning, since the
version becomes a folder name.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

from prepctl.commands import assess_report
from prepctl.commands.publishing import prepare, release_of
from prepctl.core import assess, confidential, diff, source, source_git
from prepctl.core.document import Document
from prepctl.core.release import release_tags
from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.io import site as folder
from prepctl.lint import config
from prepctl.render import redaction, site
from prepctl.render import redline as redlines
from prepctl.terminal import safe


def run(
    repository: str | None, *, output: str, force: bool, edition: str = confidential.PUBLIC
) -> int:
    # Unlike the other commands, a site renders every release in one run, and rendering leaves
    # reference cycles behind (Jinja2's contexts): the cyclic collector is worth its passes here.
    gc.enable()
    where = Path(repository) if repository is not None else Path.cwd()
    if not where.is_dir():
        raise PrepctlError(f"'{repository}' is not a folder")
    prefix = _tag_prefix(where)
    target = folder.check_target(Path(output), force=force, keep=[where, Path.cwd()])
    releases = collect(where, tag_prefix=prefix, warn=_warn, edition=edition)
    folder.write(site.pages(releases), target)
    count = len(releases)
    sys.stderr.write(
        safe(
            f"wrote {count} release{'' if count == 1 else 's'} to {output} "
            f"(latest: {releases[-1].version})"
        )
        + "\n"
    )
    return 0


def no_tags(prefix: str) -> str:
    return f"no release tags matching {prefix}*; create one with prepctl release --tag or git tag"


def collect(
    repository: Path,
    *,
    tag_prefix: str,
    warn: Callable[[str], None],
    edition: str = confidential.PUBLIC,
) -> list[site.Release]:
    """Every release tagged in the repository, oldest first, each read and checked, with its
    redline against the release before it."""
    releases: list[site.Release] = []
    assessments = _assessments(repository)
    seen: set[str] = set()
    previous: Document | None = None
    for tag, version in release_tags(tag_prefix, cwd=repository):
        if not folder.is_version(version):
            warn(f"skipping tag {tag}: '{version}' is not a semantic version")
            continue
        # Folders are told apart case-insensitively on some file systems.
        if version.lower() in seen:
            warn(f"skipping tag {tag}: version {version} is already published by another tag")
            continue
        seen.add(version.lower())
        snapshot = source_git.read_snapshot(tag, cwd=repository)
        release = release_of(tag, repository)
        framework, view = prepare(snapshot, None, edition=edition, release=release)
        redline = None
        if previous is not None:
            redline = redlines.build(diff.diff(previous, framework), previous, framework)
            if edition == confidential.PUBLIC:
                withheld = confidential.redactions(previous) + confidential.redactions(framework)
                redline = redaction.redact_redline(redline, withheld)
        commit, _ = source_git.head_of(snapshot, None)
        assessed = assess_report.for_release(
            assessments, assess.Framework(framework, f"release tag {tag}"), tag, commit, edition
        )
        releases.append(site.Release(tag, version, view, redline, assessed))
        previous = framework
    if not releases:
        raise PrepctlError(no_tags(tag_prefix))
    return releases


def _assessments(repository: Path) -> list[tuple[str, Path, bytes]]:
    """The assessment files beside the working tree's framework (none without one): each
    release lists, and links the reports of, those made under it."""
    try:
        found = source.find_framework(repository)
    except FrameworkNotFound:
        return []
    return assess_report.read_beside(found)


def _tag_prefix(where: Path) -> str:
    """The release tag prefix the repository's configuration names (default framework-v)."""
    try:
        found = source.find_framework(where)
    except FrameworkNotFound:
        found = where
    return config.for_framework(found).tag_prefix


def _warn(message: str) -> None:
    sys.stderr.write(f"prepctl: warning: {safe(message)}\n")
