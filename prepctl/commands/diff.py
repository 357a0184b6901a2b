"""``prepctl diff``: classify every change between two versions and gate on the result."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import click

from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_version
from prepctl.core import compliance, config, diff, document, meaning
from prepctl.core.source import Snapshot
from prepctl.io import git
from prepctl.reporters.diff import DIFF_REPORTERS, markdown

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
    except git.RefNotFound:
        fallback = git.remote_default_branch(argument)
        if fallback is None:
            raise
    remote = argument[: -len("/HEAD")]
    click.echo(
        f"prepctl: note: {argument} is not set in this repository; comparing with {fallback} "
        f"(run 'git remote set-head {remote} --auto' to record the remote's default branch)",
        err=True,
    )
    return resolve_version(fallback)


def _load(snapshot: Snapshot) -> document.Document:
    return document.load(snapshot, parse=git.parse_cached)


def settings(head: Snapshot) -> config.Config:
    """The configuration ``prepctl lint`` uses for the same framework: found from its folder
    upward, or from the current folder when the version is read from git."""
    folder = Path(head.label) if head.label else Path.cwd()
    return config.for_framework(folder if folder.is_dir() else Path.cwd())


def effective_date(framework: document.Document) -> date | None:
    """The manifest's effective date, when it is written as a valid YYYY-MM-DD."""
    written = framework.get(meaning.release_field(meaning.RELEASE_EFFECTIVE))
    if not isinstance(written, str):
        return None
    try:
        parsed = date.fromisoformat(written)
    except ValueError:
        return None
    return parsed if parsed.isoformat() == written else None


def reference_date(base: document.Document, head: document.Document, today: date | None) -> date:
    """The date a material modification's deadlines count from.

    HEAD's effective date when HEAD declares one of its own (set, and not BASE's: a branch
    that has not been released yet still carries the last release's date); otherwise
    ``today`` (``--today``), otherwise the clock's date.
    """
    return _reference(base, head, today)[0]


def _reference(
    base: document.Document, head: document.Document, today: date | None
) -> tuple[date, str]:
    """:func:`reference_date`, and how the deadlines' text names where it comes from."""
    own = effective_date(head)
    if own is not None and own != effective_date(base):
        return own, "the effective date"
    if today is not None:
        return today, "the --today date"
    return date.today(), "today's date"


def run(
    base: str | None,
    head: str | None,
    *,
    outputs: list[tuple[str, str | None]],
    fail_on: str,
    color: str,
    today: date | None = None,
    max_chars: int = markdown.GITHUB_COMMENT_LIMIT,
    full_report: str | None = None,
) -> int:
    old, new, head_snapshot = _versions(base, head)
    reference, since = _reference(old, new, today)
    fail = diff.FailOn(fail_on)
    catalogue = compliance.Catalogue(settings(head_snapshot).profiles)
    result = diff.diff(old, new, fail_on=fail)
    material = compliance.material_modification(
        result, new, catalogue, effective=reference, since=since
    )
    result = replace(result, material=material)
    reporters = dict(DIFF_REPORTERS)
    reporters["markdown"] = partial(markdown.report, max_chars=max_chars, full_report=full_report)
    emit(result, outputs, reporters, color)
    return 1 if result.failed else 0
