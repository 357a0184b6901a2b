"""Reporters for ``prepctl coverage``: one output format each.

The registry below is the only list of coverage formats: the command line offers exactly its
keys. HTML is imported only when chosen, so that the other formats never load Jinja2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from prepctl.core.compliance import Coverage
from prepctl.reporters.coverage import json_report, markdown, text

CoverageReporter = Callable[[Coverage, TextIO, bool], None]


def _html(coverage: Coverage, stream: TextIO, color: bool) -> None:
    from prepctl.reporters.coverage import html

    html.report(coverage, stream, color)


COVERAGE_REPORTERS: dict[str, CoverageReporter] = {
    "text": text.report,
    "json": json_report.report,
    "markdown": markdown.report,
    "html": _html,
}
