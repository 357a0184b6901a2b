"""The command line of ``prepctl assess``: its options and help, handing over to
``prepctl.commands.assess``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from prepctl.cli_options import (
    Choices,
    canonical,
    color_option,
    command,
    format_option,
    parse_formats,
)

if TYPE_CHECKING:
    from prepctl.commands.assess import Publication

REPORTS = ("scorecard", "capabilities", "safeguards", "all")
DOCUMENTS = ("html", "pdf")


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
@click.option(
    "--report",
    type=click.Choice(REPORTS),
    help="Publish one assessment as a report: scorecard (categories by levels, before and after "
    "mitigation), capabilities (results against triggers, evidence, alerts), safeguards (owed, "
    "status, evidence, the decision and whether the rules permit it), or all three. Laid out as "
    "prepctl render lays out the framework: -f html, md or pdf (default: from -o's name, else "
    "html).",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Write the report to PATH, atomically ('-' is standard output); without --report, "
    "all three reports.",
)
@click.option(
    "--edition",
    type=Choices(lambda: _editions()),
    default="public",
    help="For a report: public (the default) shows framework items marked confidential by "
    "address and reason only; full shows everything, for the regulator.",
)
def assess_command(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    color: str,
    against: str | None,
    report: str | None,
    output: str | None,
    edition: str,
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

    Reports for publication: with --report, -o, -f html or -f pdf, one assessment is published
    as a document, escaped, reproducible and footed with the framework version, its commit and
    the assessment file, as prepctl render publishes the framework:

    \b
      prepctl assess assessments/MODEL/DATE.yaml --report scorecard -o scorecard.html
      prepctl assess assessments/MODEL/DATE.yaml --report safeguards -f md
      prepctl assess assessments/MODEL/DATE.yaml -o report.pdf       (all three)

    Exit 0 when every recorded decision is permitted, 1 when one is not (a deployment with an
    owed safeguard missing, development past a halt, a prohibited stage), 2 on usage, input or
    git errors (an assessment naming an evaluation, safeguard or body the version lacks).
    """
    from prepctl.commands import assess as run_assess

    publication = _publication(formats, report, output, edition)
    return run_assess.run(
        list(paths),
        against=against,
        outputs=parse_formats(formats, "assess") if publication is None else [],
        color=color,
        publication=publication,
    )


def _editions() -> list[str]:
    from prepctl.core.confidential import EDITIONS

    return list(EDITIONS)


def _publication(
    formats: tuple[str, ...], report: str | None, output: str | None, edition: str
) -> Publication | None:
    """The report asked for, or None for the determinations alone: a report is asked for by
    --report, by -o, or by a document format (html, pdf) that only a report is written in."""
    from prepctl.cli_publish import _render_format
    from prepctl.commands import assess as run_assess

    named = [value.partition(":")[0] for value in formats]
    if report is None and output is None and not any(name in DOCUMENTS for name in named):
        source = click.get_current_context().get_parameter_source("edition")
        if source is click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError("--edition is for a report: add --report or -o FILE")
        return None
    if len(formats) > 1 or any(":" in value for value in formats):
        raise click.UsageError("a report is written in one format: give -f FORMAT and -o FILE")
    from prepctl.render import FORMATS

    given = canonical(named[0], list(FORMATS)) if named else None
    if given is not None and given not in FORMATS:
        raise click.UsageError(
            f"a report is written as {', '.join(FORMATS)}, not '{named[0]}'; without --report "
            "and -o, -f gives the determinations as text, json or markdown"
        )
    chosen = _render_format(given, output)
    kinds = () if report in (None, "all") else (report,)
    return run_assess.Publication(kinds, chosen, output, edition)
