"""``prepctl obligations``: the calendar of dated duties the framework and its claimed
profiles create, and the standing windows of event-triggered ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_snapshots, settings_for
from prepctl.core import compliance, document, obligations, source
from prepctl.core.clocks import Duration
from prepctl.errors import PrepctlError
from prepctl.lint import config
from prepctl.reporters import OBLIGATIONS_REPORTERS

YEAR = Duration(months=12)


def window(reference: date, start: date | None, until: date | None) -> tuple[date, date]:
    """The calendar's first and last day: from ``start`` (default: the reference date) to
    ``until`` (default: a year after the first day), at most ten years long."""
    first = start or reference
    last = until or YEAR.after(first)
    if last < first:
        raise PrepctlError(
            f"invalid value for '--until': {last.isoformat()} is before the first day "
            f"{first.isoformat()}"
        )
    longest = Duration(months=12 * obligations.MAX_YEARS).after(first)
    if last > longest:
        raise PrepctlError(
            f"invalid value for '--until': a calendar covers at most {obligations.MAX_YEARS} "
            f"years (until {longest.isoformat()} from {first.isoformat()})"
        )
    return first, last


def run(
    source_argument: str | None,
    *,
    start: date | None,
    until: date | None,
    today: date | None,
    outputs: list[tuple[str, str | None]],
    color: str,
    config_path: str | None = None,
) -> int:
    reference = today or date.today()
    first, last = window(reference, start, until)
    (snapshot,) = resolve_snapshots([source_argument] if source_argument is not None else [])
    settings = settings_for(snapshot, config.load(Path(config_path)) if config_path else None)
    head = document.load(snapshot)
    release, notes = _last_release(snapshot, settings.tag_prefix)
    calendar = obligations.build(
        head,
        compliance.Catalogue(settings.profiles),
        reference=reference,
        start=first,
        end=last,
        release=release,
        notes=notes,
    )
    folder = [Path(snapshot.label)] if type(snapshot) is source.Snapshot else []
    emit(calendar, outputs, OBLIGATIONS_REPORTERS, color, sources=folder)
    return 0


def _last_release(
    snapshot: source.Snapshot, prefix: str
) -> tuple[obligations.Release | None, tuple[str, ...]]:
    """The last release tag HEAD contains and the framework as tagged, for a framework read
    from a working tree; otherwise a note on why unpublished modifications are not dated."""
    from prepctl.core import release, source_git
    from prepctl.io import yaml_pieces
    from prepctl.io.git import repo as git_repo

    if type(snapshot) is not source.Snapshot:
        return None, (
            "material modifications are dated for a framework folder only (the working tree, "
            "against its last release tag); this framework was read from git",
        )
    folder = Path(snapshot.label or ".")
    try:
        tags = release.release_tags(prefix, cwd=folder, merged="HEAD")
    except git_repo.NotARepository:
        return None, (
            "not in a git repository: unpublished material modifications (weakenings since "
            "the last release tag) cannot be found",
        )
    if not tags:
        return None, (
            f"no release tag {prefix}* is reachable from HEAD: there is no release to count "
            "unpublished material modifications from",
        )
    tag = tags[-1][0]
    base = source_git.read_snapshot_of(tag, folder)
    return (tag, document.load(base, parse=yaml_pieces.parse_cached)), ()
