"""The releases so far: the tags git holds named ``prefix`` + a semantic version, in order."""

from __future__ import annotations

from pathlib import Path

from prepctl.core.release.semver import Semver


def release_tags(
    prefix: str, *, cwd: Path | None = None, merged: str | None = None
) -> list[tuple[str, str]]:
    """Tags named ``prefix`` + a semantic version, as (tag, version) sorted by version
    ascending; with ``merged``, only the tags that ref contains. In a shallow clone where that
    ref contains none, the history is too short to tell: that is an error, not a first
    release."""
    from prepctl.io.git import repo as git_repo
    from prepctl.io.git import tags as git_tags

    tags = git_tags.names(prefix, cwd=cwd, merged=merged)
    found: list[tuple[Semver, str, str]] = []
    for tag in tags.names:
        version = Semver.parse(tag[len(prefix) :])
        if version is not None:
            found.append((version, tag, str(version)))
    if merged is not None and not found and tags.shallow:
        raise git_repo.GitError(
            f"no {prefix}* tag is reachable from {merged}, and {git_repo.SHALLOW_HINT}"
        )
    return [(tag, text) for _, tag, text in sorted(found, key=lambda item: (item[0], item[1]))]
