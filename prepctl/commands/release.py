"""``prepctl release``: prepare the next version, or tag the prepared one."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from prepctl.core import release, source
from prepctl.io.git import tags as git_tags
from prepctl.lint import config
from prepctl.terminal import safe


def run(
    *,
    dry_run: bool,
    tag: bool,
    release_date: date | None,
    bump: str | None,
    today: date | None = None,
    sign: bool = False,
) -> int:
    folder = source.find_framework(Path.cwd())
    settings = config.for_framework(folder)
    prefix = settings.tag_prefix
    if tag:
        return _tag(folder, prefix, dry_run=dry_run, sign=sign)
    plan = release.plan(
        folder,
        tag_prefix=prefix,
        today=today or date.today(),
        release_date=release_date,
        bump=release.Bump(bump) if bump is not None else None,
        profiles=tuple(settings.profiles),
    )
    out = sys.stdout
    if dry_run:
        for line in plan.lines(done=False):
            out.write(safe(line) + "\n")
        out.write(f"  then: commit, and {safe(plan.tag_command())} (or prepctl release --tag)\n")
        return 0
    release.apply(plan)
    for line in plan.lines(done=True):
        out.write(safe(line) + "\n")
    out.write("next: commit these files, then tag the release:\n")
    out.write(f"  {safe(plan.tag_command())}\n")
    out.write("  (or, once committed: prepctl release --tag)\n")
    return 0


def _tag(folder: Path, prefix: str, *, dry_run: bool, sign: bool) -> int:
    plan = release.plan_tag(folder, tag_prefix=prefix)
    short = plan.commit[:12]
    signed = ", signed" if sign else ""
    if dry_run:
        sys.stdout.write(f"would tag {short} as {plan.tag} (version {plan.version}{signed})\n")
        return 0
    git_tags.create(plan.tag, plan.message, cwd=folder, commit=plan.commit, sign=sign)
    sys.stdout.write(f"tagged {short} as {plan.tag} (version {plan.version}{signed})\n")
    sys.stdout.write(f"  publish it: git push origin {plan.tag}\n")
    return 0
