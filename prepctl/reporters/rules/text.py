"""The lint rules for a terminal: a table (``prepctl rules``), or one rule's whole
documentation (``prepctl explain RULE``)."""

from __future__ import annotations

from typing import TextIO

from prepctl.reporters.rules.common import body, option_lines
from prepctl.rules import RuleInfo


def report(infos: list[RuleInfo], stream: TextIO, color: bool) -> None:
    width = max(len(info.id) for info in infos)
    for info in infos:
        stream.write(f"{info.id:<{width}}  {info.severity.value:<7}  {info.summary}\n")


def explain(info: RuleInfo, stream: TextIO) -> None:
    """One rule: its summary, default severity, options and documentation."""
    stream.write(f"{info.id}: {info.summary}\n")
    options = option_lines(info.options)
    stream.write(f"Default severity: {info.severity.value}.\n")
    if options:
        stream.write(f"Options, set in [tool.prepctl.rules.{info.id}]: {', '.join(options)}.\n")
    text = body(info)
    if text:
        stream.write("\n")
        stream.write(text + "\n")
