"""``prepctl explain RULE``: the documentation of one lint rule."""

from __future__ import annotations

import click

from prepctl.commands.rules import body, option_lines
from prepctl.errors import PrepctlError
from prepctl.rules import describe, suggest


def run(rule: str) -> int:
    infos = {info.id: info for info in describe()}
    info = infos.get(rule)
    if info is None:
        close = suggest(rule, list(infos))
        hint = f"did you mean '{close}'?" if close else "`prepctl rules` lists them"
        raise PrepctlError(f"unknown rule '{rule}' ({hint})")
    click.echo(f"{info.id}: {info.summary}")
    options = option_lines(info.options)
    click.echo(f"Default severity: {info.severity.value}.")
    if options:
        click.echo(f"Options, set in [tool.prepctl.rules.{info.id}]: {', '.join(options)}.")
    text = body(info)
    if text:
        click.echo("")
        click.echo(text)
    return 0
