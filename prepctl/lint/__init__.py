"""Linting: the engine that runs the rules over a framework, and the configuration that selects
and tunes them. It sits above the rules (it runs them) and below the commands and reporters."""

from __future__ import annotations

from prepctl.lint.engine import LintResult, lint, merge, number

__all__ = ["LintResult", "lint", "merge", "number"]
