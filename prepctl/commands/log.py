"""``prepctl log``: the semantic history of the framework or of one address in it."""

from __future__ import annotations

import sys
from pathlib import Path

from prepctl.commands.reports import emit
from prepctl.core import address, history
from prepctl.core.assess import history as assessments
from prepctl.errors import PrepctlError
from prepctl.reporters import LOG_REPORTERS
from prepctl.terminal import safe


def run(
    where: str | None,
    *,
    revision_range: str | None,
    outputs: list[tuple[str, str | None]],
    color: str,
) -> int:
    if where and assessments.is_path(where, Path.cwd()):
        return _assessment(where, revision_range=revision_range, outputs=outputs, color=color)
    wanted = address.parse(where or "/")
    log = history.log(wanted, revision_range=revision_range, cwd=Path.cwd())
    within = f" in {revision_range}" if revision_range else ""
    hint = f" (did you mean {log.suggestion}?)" if log.suggestion else ""
    shown = address.display(wanted)
    if not log.entries and not log.exists:  # most likely a typo: an error, not an empty log
        raise PrepctlError(
            f"no history for {shown}{within}: it is not in the framework and no commit "
            f"changed it{hint}"
        )
    for warning in log.warnings:
        sys.stderr.write(f"prepctl: warning: {safe(warning)}\n")
    emit(log, outputs, LOG_REPORTERS, color)
    if not log.entries:
        sys.stderr.write(safe(f"prepctl: no history for {shown}{within}{hint}") + "\n")
    return 0


def _assessment(
    where: str, *, revision_range: str | None, outputs: list[tuple[str, str | None]], color: str
) -> int:
    """The history of an assessment file or of a model's folder of them."""
    found = assessments.log(where, revision_range=revision_range, cwd=Path.cwd())
    within = f" in {revision_range}" if revision_range else ""
    if not found.entries and not (Path.cwd() / where).exists():
        raise PrepctlError(f"no history for {where}{within}: no commit changed it")
    emit(found, outputs, LOG_REPORTERS, color)  # type: ignore[arg-type]
    if not found.entries:
        sys.stderr.write(safe(f"prepctl: no history for {where}{within}") + "\n")
    return 0
