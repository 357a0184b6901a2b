"""The command line of ``prepctl export``: its options and help, handing over to
:mod:`prepctl.commands.export`."""

from __future__ import annotations

import click

from prepctl.cli_options import Choices, command, source_argument


def _formats() -> list[str]:
    from prepctl.core.export import FORMATS

    return list(FORMATS)


@command("export")
@source_argument
@click.option(
    "--to",
    "to",
    type=Choices(_formats),
    help="sfc: a Safety Framework Card (spec v0.1); oscal: an OSCAL 1.1.3 catalog. Required.",
)
@click.option(
    "-o", "--output", metavar="PATH", help="Write to PATH, atomically; '-' is standard output."
)
@click.option(
    "--losses",
    metavar="PATH",
    help="Also write what the format cannot carry to PATH, one a line.",
)
def export_command(
    source: str | None, to: str | None, output: str | None, losses: str | None
) -> int:
    """Export one framework version for other tools: a Safety Framework Card or an OSCAL
    catalog, as JSON.

    SOURCE is a framework folder, a file in one, a git ref or REF:PATH; with none, the
    framework found from the current folder. Both are derived from what the schema marks:
    commitment text, decision rules, thresholds, safeguards, governance and compliance
    mappings; every OSCAL control names its prepctl address. The same input always gives the
    same bytes. What the format cannot carry is listed on standard error (and in the card's
    x-prepctl field).
    """
    if to is None:
        raise click.UsageError("say which format to export: --to sfc or --to oscal")
    from prepctl.commands import export as exporting

    return exporting.run(source, to=to, output=output, losses=losses)
