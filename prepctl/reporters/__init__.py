"""Reporters turn a lint result into one output format each.

The registry below is the only list of formats: the command line offers exactly its keys.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from prepctl.core.lint import LintResult

Reporter = Callable[["LintResult", TextIO, bool], None]


def _on_demand(module: str) -> Reporter:
    """The ``report`` function of ``prepctl.reporters.<module>``, imported when first called
    (the JUnit reporter's XML library, for one, costs start-up time every other run would pay)."""

    def report(result: LintResult, stream: TextIO, color: bool) -> None:
        target: Reporter = importlib.import_module(f"prepctl.reporters.{module}").report
        target(result, stream, color)

    return report


LINT_REPORTERS: dict[str, Reporter] = {
    "text": _on_demand("text"),
    "json": _on_demand("json_report"),
    "sarif": _on_demand("sarif"),
    "github": _on_demand("github"),
    "junit": _on_demand("junit"),
}
