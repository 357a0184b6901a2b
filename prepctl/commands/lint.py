"""``prepctl lint``: validate frameworks and report findings in one or more formats."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_snapshots, settings_for
from prepctl.core import document, source
from prepctl.core.assess.vocabulary import FOLDER
from prepctl.errors import InputError
from prepctl.lint import config
from prepctl.lint import engine as lint
from prepctl.reporters import LINT_REPORTERS

if TYPE_CHECKING:
    from prepctl.core.assess.staleness import Assessed


def run(
    sources: list[str],
    *,
    outputs: list[tuple[str, str | None]],
    color: str,
    config_path: str | None = None,
    today: date | None = None,
    against: str | None = None,
    sarif_suppressed: bool = False,
) -> int:
    override = config.load(Path(config_path)) if config_path is not None else None
    results = []
    unreadable: list[document.Unreadable] = []
    snapshots = resolve_snapshots(sources, keep_going=True)
    for snapshot in snapshots:
        framework = document.load(snapshot, keep_going=True)
        unreadable.extend(framework.unreadable)
        found = lint.lint(
            framework,
            config=settings_for(snapshot, override),
            today=today,
            base=_base(snapshot, against) if against is not None and not unreadable else None,
            assessments=_assessments(snapshot, framework),
        )
        results.append(_placed(found, snapshot))
    result = lint.merge(results)
    reporters = LINT_REPORTERS.with_options("sarif", include_suppressed=sarif_suppressed)
    folders = [Path(s.label or ".") for s in snapshots if type(s) is source.Snapshot]
    emit(result, outputs, reporters, color, sources=folders)
    if unreadable:
        # Every report is written; the exit code and one line say the input could not be read.
        first = min((entry.error for entry in unreadable), key=lambda e: (e.file, e.line))
        more = len(unreadable) - 1
        files = "file" if more == 1 else "files"
        rest = f" (and {more} more {files} that cannot be read)" if more else ""
        raise InputError(first.file, first.line, first.column, first.problem + rest)
    return 1 if result.failed else 0


def _assessments(snapshot: source.Snapshot, framework: document.Document) -> tuple[Assessed, ...]:
    """The assessments beside a framework folder on disk (none for one read from git, or one
    that cannot be read whole)."""
    if type(snapshot) is not source.Snapshot or framework.unreadable:
        return ()
    folder = Path(snapshot.label) if snapshot.label else Path.cwd()
    if not folder.is_dir() or not (folder.parent / FOLDER).is_dir():
        return ()  # nothing to read: the assessment machinery stays unloaded
    from prepctl.commands.assess import assessed_beside

    return assessed_beside(folder, framework)


def _placed(result: lint.LintResult, snapshot: source.Snapshot) -> lint.LintResult:
    """The result, with where its files are in their git repository (for reports that name
    files from the repository's top, such as SARIF and GitHub annotations, wherever lint ran):
    a file read from git by its path in the commit, a file on disk by its path from the top of
    the working tree holding it."""
    ref = getattr(snapshot, "ref", "")  # set for a framework read from git
    prefix = f"{ref}:" if ref else None
    root = source.repository_root(Path.cwd() if ref else Path(snapshot.label or "."))
    paths: dict[str, str] = {}
    for name in {f.file for f in (*result.findings, *result.suppressed)}:
        if prefix is not None and name.startswith(prefix):
            paths[name] = name[len(prefix) :]
        elif root is not None:
            relative = os.path.relpath(os.path.abspath(name), root)
            if Path(relative).parts[:1] != ("..",):
                paths[name] = Path(relative).as_posix()
    return replace(result, repository=root, paths=paths)


def _base(snapshot: source.Snapshot, against: str) -> document.Document:
    """The same framework at git ref ``against`` (git is read only here)."""
    from prepctl.core import source_git
    from prepctl.io import yaml_pieces

    if isinstance(snapshot, source_git.GitSnapshot):
        base = source_git.read_snapshot(f"{against}:{snapshot.path or '.'}")
    else:
        base = source_git.read_snapshot_of(against, Path(snapshot.label or "."))
    return document.load(base, parse=yaml_pieces.parse_cached)
