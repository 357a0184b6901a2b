"""``prepctl compare``: frameworks side by side, concept by concept, and what each lacks."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_snapshots
from prepctl.core import document, source
from prepctl.core.compare import Comparison, compare
from prepctl.errors import PrepctlError
from prepctl.reporters import COMPARE_REPORTERS

FORMATS = (*COMPARE_REPORTERS, "html")
"""Every format compare writes: the reporters' and the HTML page the render layer lays out."""


def _html(comparison: Comparison, stream: TextIO, color: bool) -> None:
    from prepctl.render.compare import page

    stream.write(page(comparison))


def run(arguments: list[str], *, outputs: list[tuple[str, str | None]], color: str) -> int:
    if len(arguments) < 2:
        raise PrepctlError(
            f"compare needs at least two frameworks to set side by side, got {len(arguments)}"
        )
    snapshots = resolve_snapshots(arguments)
    if len(snapshots) < 2:
        raise PrepctlError("compare needs at least two frameworks: every SOURCE names the same one")
    loaded = [(snapshot.label or ".", document.load(snapshot).data) for snapshot in snapshots]
    comparison = compare(loaded)
    reporters = {**COMPARE_REPORTERS, "html": _html}
    folders = [Path(s.label or ".") for s in snapshots if type(s) is source.Snapshot]
    emit(comparison, outputs, reporters, color, sources=folders)
    return 0
