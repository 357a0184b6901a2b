"""``prepctl lint``: validate frameworks and report findings in one or more formats."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from prepctl import document, lint
from prepctl.commands.sources import resolve_snapshots
from prepctl.output import write_atomic
from prepctl.reporters import LINT_REPORTERS
from prepctl.terminal import wants_color


def run(sources: list[str], *, outputs: list[tuple[str, str | None]], color: str) -> int:
    results = [lint.lint(document.load(s)) for s in resolve_snapshots(sources)]
    result = lint.merge(results)
    for name, target in outputs:
        reporter = LINT_REPORTERS[name]
        if target is None:
            reporter(result, sys.stdout, wants_color(sys.stdout, color))
        else:
            buffer = io.StringIO()
            reporter(result, buffer, color == "always")
            write_atomic(Path(target), buffer.getvalue())
    return 1 if result.failed else 0
