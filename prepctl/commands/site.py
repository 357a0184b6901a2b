"""``prepctl site``: every release as a static website (see :mod:`prepctl.render.site`)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from prepctl.core import config, source
from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.render import site
from prepctl.terminal import safe


def run(repository: str | None, *, output: str, force: bool) -> int:
    # Unlike the other commands, a site renders every release in one run, and rendering leaves
    # reference cycles behind (Jinja2's contexts): the cyclic collector is worth its passes here.
    gc.enable()
    where = Path(repository) if repository is not None else Path.cwd()
    if not where.is_dir():
        raise PrepctlError(f"'{repository}' is not a folder")
    prefix = _tag_prefix(where)
    target = site.check_target(Path(output), force=force, keep=[where, Path.cwd()])
    releases = site.collect(where, tag_prefix=prefix, warn=_warn)
    site.write(site.pages(releases), target)
    count = len(releases)
    sys.stderr.write(
        safe(
            f"wrote {count} release{'' if count == 1 else 's'} to {output} "
            f"(latest: {releases[-1].version})"
        )
        + "\n"
    )
    return 0


def _tag_prefix(where: Path) -> str:
    """The release tag prefix the repository's configuration names (default framework-v)."""
    try:
        folder = source.find_framework(where)
    except FrameworkNotFound:
        folder = where
    return config.for_framework(folder).tag_prefix


def _warn(message: str) -> None:
    sys.stderr.write(f"prepctl: warning: {safe(message)}\n")
