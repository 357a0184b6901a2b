"""The command line of ``prepctl assess``: its options and help, handing over to
``prepctl.commands.assess``."""

from __future__ import annotations

import click

from prepctl.cli_options import color_option, command, format_option, parse_formats


@command("assess")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@format_option
@color_option
@click.option(
    "--against",
    metavar="REF",
    help="Determine every assessment against this framework (a folder or a git ref) instead "
    "of the version each one names: what the framework at REF would say of the same results.",
)
def assess_command(
    paths: tuple[str, ...], formats: tuple[str, ...], color: str, against: str | None
) -> int:
    """Apply the framework to models: read assessment files and determine, per category, the
    evaluation triggers crossed, the alerts raised, the level reached, the safeguards owed and
    missing, what the decision rules permit at each stage, and whether the recorded decision
    complies.

    A PATH is an assessment file (assessments/<model-id>/<YYYY-MM-DD>.yaml) or a folder of
    them; with none, the assessments/ folder beside the framework. Each assessment is read
    against the framework version it names: a release tag is read from git; a version from its
    release tag when there is one, else from the working tree's framework when that is its
    version. Formats: text, json (the assess-report schema), markdown.

    Exit 0 when every recorded decision is permitted, 1 when one is not (a deployment with an
    owed safeguard missing, development past a halt, a prohibited stage), 2 on usage, input or
    git errors (an assessment naming an evaluation, safeguard or body the version lacks).
    """
    from prepctl.commands import assess as run_assess

    return run_assess.run(
        list(paths), against=against, outputs=parse_formats(formats, "assess"), color=color
    )
