"""``prepctl changelog``: the changelog section between two versions, printed as Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

from prepctl.core import changelog_between, document, release, source, source_git
from prepctl.core.document import Document
from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.io import yaml_pieces
from prepctl.lint import config


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
        tags = release.release_tags(prefix, cwd=folder, merged="HEAD")
        since, until = (tags[-1][0] if tags else None), None
    else:
        since, until = _split(revision_range)
    head = _load(until, folder)
    base = _load(since, folder) if since is not None else None
    sys.stdout.write(changelog_between.section(base, head, since))
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
        snapshot = source_git.read_snapshot_of(ref, folder)
    else:
        snapshot = source_git.read_snapshot(ref)
    return document.load(snapshot, parse=yaml_pieces.parse_cached)
