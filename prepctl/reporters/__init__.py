"""Reporters turn a result into one output format each: the registry of every kind of report.

A kind of report (lint, diff, log, coverage, rules, obligations, assess) is a subpackage with one
module a format, each with ``report(result, stream, color, **options)``. The registries below
are the only lists of formats: the command line offers exactly their names. A registry names modules
rather than importing them, so that listing the formats costs nothing and a format's
libraries (Jinja2 for HTML, the XML library for JUnit) load only when that format is written.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TextIO, TypeVar

if TYPE_CHECKING:
    from prepctl.core.assess import Report as AssessReport
    from prepctl.core.compare import Comparison
    from prepctl.core.compliance import Coverage
    from prepctl.core.diff import DiffResult
    from prepctl.core.history import Log
    from prepctl.core.obligations import Calendar
    from prepctl.lint.engine import LintResult
    from prepctl.rules import RuleInfo

Result = TypeVar("Result")

Reporter = Callable[[Result, TextIO, bool], None]
"""Writes a result to a stream, in colour when the flag says so."""


class _OnDemand(Generic[Result]):
    """The ``report`` function of one module, imported when first called."""

    def __init__(self, module: str, options: Mapping[str, Any]) -> None:
        self.module = module
        self.options = dict(options)

    def __call__(self, result: Result, stream: TextIO, color: bool) -> None:
        report = importlib.import_module(self.module).report
        report(result, stream, color, **self.options)


class Registry(Mapping[str, Reporter[Result]]):
    """Format name → reporter for one kind of report; the modules are imported on first use."""

    def __init__(self, kind: str, modules: Mapping[str, str]) -> None:
        self.kind = kind
        self._modules = dict(modules)

    def __getitem__(self, name: str) -> Reporter[Result]:
        return _OnDemand[Result](self.module(name), {})

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def module(self, name: str) -> str:
        """The full name of the module that writes format ``name``."""
        return f"{__name__}.{self.kind}.{self._modules[name]}"

    def with_options(self, name: str, **options: Any) -> dict[str, Reporter[Result]]:
        """The reporters, format ``name``'s given keyword options (the command line's
        settings that only that format reads)."""
        chosen: dict[str, Reporter[Result]] = dict(self)
        chosen[name] = _OnDemand[Result](self.module(name), options)
        return chosen


LINT_REPORTERS: Registry[LintResult] = Registry(
    "lint",
    {
        "text": "text",
        "json": "json_report",
        "sarif": "sarif",
        "github": "github",
        "junit": "junit",
    },
)
DIFF_REPORTERS: Registry[DiffResult] = Registry(
    "diff",
    {"text": "text", "markdown": "markdown", "json": "json_report", "github": "github"},
)
LOG_REPORTERS: Registry[Log] = Registry("log", {"text": "text", "json": "json_report"})
COVERAGE_REPORTERS: Registry[Coverage] = Registry(
    "coverage",
    {"text": "text", "json": "json_report", "markdown": "markdown", "html": "html"},
)
RULES_REPORTERS: Registry[list[RuleInfo]] = Registry(
    "rules", {"text": "text", "markdown": "markdown"}
)
OBLIGATIONS_REPORTERS: Registry[Calendar] = Registry(
    "obligations", {"text": "text", "json": "json_report", "ics": "ics"}
)
COMPARE_REPORTERS: Registry[Comparison] = Registry(
    "compare", {"text": "text", "markdown": "markdown", "json": "json_report"}
)
ASSESS_REPORTERS: Registry[AssessReport] = Registry(
    "assess", {"text": "text", "json": "json_report", "markdown": "markdown"}
)

KINDS: dict[str, Registry[Any]] = {
    registry.kind: registry
    for registry in (
        LINT_REPORTERS,
        DIFF_REPORTERS,
        LOG_REPORTERS,
        COVERAGE_REPORTERS,
        RULES_REPORTERS,
        OBLIGATIONS_REPORTERS,
        COMPARE_REPORTERS,
        ASSESS_REPORTERS,
    )
}
"""Every kind of report by its name, as the command line asks for one."""
