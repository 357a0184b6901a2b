"""``prepctl diff``: classify every change between two versions and gate on the result."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_version, settings_for
from prepctl.core import compliance, confidential, diff, document, effective, source
from prepctl.core.source import Snapshot
from prepctl.errors import FrameworkNotFound
from prepctl.io import yaml_pieces
from prepctl.io.git import repo as git_repo
from prepctl.reporters import DIFF_REPORTERS
from prepctl.reporters.diff.markdown import GITHUB_COMMENT_LIMIT

if TYPE_CHECKING:
    from prepctl.core.assess.revision import Shift

DEFAULT_BASE = "HEAD"


def compare(
    base: str | None, head: str | None, *, fail_on: str
) -> tuple[document.Document, diff.DiffResult]:
    """BASE (default: the last commit) and its diff with HEAD (default: the working tree), as
    ``record --from-diff`` needs them: no configuration is read and deadlines carry no dates."""
    old, new, _ = _versions(base, head)
    return old, diff.diff(old, new, fail_on=diff.FailOn(fail_on))


def _versions(
    base: str | None, head: str | None
) -> tuple[document.Document, document.Document, Snapshot]:
    base_snapshot = _base(base or DEFAULT_BASE)
    head_snapshot = resolve_version(head)
    return _load(base_snapshot), _load(head_snapshot), head_snapshot


def _base(argument: str) -> Snapshot:
    """BASE, or for a missing ``REMOTE/HEAD`` (the pre-push hook's default, which only
    ``git clone`` records) the remote's one default branch, said on stderr."""
    try:
        return resolve_version(argument)
    except git_repo.RefNotFound:
        fallback = git_repo.remote_default_branch(argument)
        if fallback is None:
            raise
    remote = argument[: -len("/HEAD")]
    sys.stderr.write(
        f"prepctl: note: {argument} is not set in this repository; comparing with {fallback} "
        f"(run 'git remote set-head {remote} --auto' to record the remote's default branch)\n"
    )
    return resolve_version(fallback)


def _load(snapshot: Snapshot) -> document.Document:
    return document.load(snapshot, parse=yaml_pieces.parse_cached)


def _determinations(
    head: Snapshot,
    old: document.Document,
    new: document.Document,
    result: diff.DiffResult,
    withheld: list[confidential.Redaction],
) -> tuple[Shift, ...]:
    """The determinations HEAD changes, of the assessments beside HEAD's framework folder (the
    working tree's, when HEAD is read from git)."""
    from prepctl.commands.assess import read_beside
    from prepctl.core.assess.revision import shifts
    from prepctl.core.source_git import GitSnapshot

    folder = Path(head.label) if head.label else Path.cwd()
    if isinstance(head, GitSnapshot) or not folder.is_dir():
        try:
            folder = source.find_framework(Path.cwd())
        except FrameworkNotFound:
            return ()

    def reason(where: str) -> str | None:
        covering = confidential.is_redacted(where, withheld)
        return covering.reason_words if covering is not None else None

    return shifts(read_beside(folder), old, new, result.changes, withheld=reason)


def run(
    base: str | None,
    head: str | None,
    *,
    outputs: list[tuple[str, str | None]],
    fail_on: str,
    color: str,
    today: date | None = None,
    max_chars: int = GITHUB_COMMENT_LIMIT,
    full_report: str | None = None,
    edition: str = confidential.PUBLIC,
) -> int:
    old, new, head_snapshot = _versions(base, head)
    reference, since = effective.reference(old, new, today)
    catalogue = compliance.Catalogue(settings_for(head_snapshot).profiles)
    result = diff.diff(old, new, fail_on=diff.FailOn(fail_on))
    material = compliance.material_modification(
        result, new, catalogue, effective=reference, since=since
    )
    result = replace(result, material=material)
    withheld = []
    if edition == confidential.PUBLIC:
        result = confidential.redact_result(result, old, new)
        withheld = confidential.redactions(old) + confidential.redactions(new)
    result = replace(
        result, determinations=_determinations(head_snapshot, old, new, result, withheld)
    )
    reporters = DIFF_REPORTERS.with_options(
        "markdown", max_chars=max_chars, full_report=full_report
    )
    emit(result, outputs, reporters, color)
    return 1 if result.failed else 0
