"""``prepctl lint``: validate frameworks and report findings in one or more formats."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prepctl import config, document, lint, source
from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_snapshots
from prepctl.reporters import LINT_REPORTERS


def run(
    sources: list[str],
    *,
    outputs: list[tuple[str, str | None]],
    color: str,
    config_path: str | None = None,
    today: date | None = None,
    against: str | None = None,
) -> int:
    override = config.load(Path(config_path)) if config_path is not None else None
    snapshots = resolve_snapshots(sources)
    results = [
        lint.lint(
            document.load(snapshot),
            config=_settings(snapshot, override),
            today=today,
            base=_base(snapshot, against) if against is not None else None,
        )
        for snapshot in snapshots
    ]
    result = lint.merge(results)
    folders = [Path(s.label or ".") for s in snapshots if type(s) is source.Snapshot]
    emit(result, outputs, LINT_REPORTERS, color, sources=folders)
    return 1 if result.failed else 0


def _base(snapshot: source.Snapshot, against: str) -> document.Document:
    """The same framework at git ref ``against`` (gitpython is imported only here)."""
    from prepctl import git

    if isinstance(snapshot, git.GitSnapshot):
        base = git.read_snapshot(f"{against}:{snapshot.path or '.'}")
    else:
        base = git.read_snapshot_of(against, Path(snapshot.label or "."))
    return document.load(base, parse=git.parse_cached)


def _settings(snapshot: source.Snapshot, override: config.Config | None) -> config.Config:
    """The configuration for one framework: --config's, else the one found from its folder
    (a framework read from git is configured from the current folder)."""
    if override is not None:
        return override
    folder = Path(snapshot.label) if snapshot.label else Path.cwd()
    return config.for_framework(folder if folder.is_dir() else Path.cwd())
