"""``prepctl explain RULE``: the documentation of one lint rule."""

from __future__ import annotations

import sys

from prepctl.errors import PrepctlError
from prepctl.reporters.rules.text import explain
from prepctl.rules import describe, suggest


def run(rule: str) -> int:
    infos = {info.id: info for info in describe()}
    info = infos.get(rule)
    if info is None:
        close = suggest(rule, list(infos))
        hint = f"did you mean '{close}'?" if close else "`prepctl rules` lists them"
        raise PrepctlError(f"unknown rule '{rule}' ({hint})")
    explain(info, sys.stdout)
    return 0
