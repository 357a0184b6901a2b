"""``prepctl compare``: its options and help, handing over to :mod:`prepctl.commands.compare`."""

from __future__ import annotations

import click

from prepctl.cli_options import MARKDOWN, canonical, color_option, command


def _formats() -> list[str]:
    from prepctl.commands.compare import FORMATS

    return list(FORMATS)


def _outputs(values: tuple[str, ...], output: str | None) -> list[tuple[str, str | None]]:
    """Each FORMAT[:FILE]; with ``-o FILE``, the one format given goes to that file."""
    known = _formats()
    outputs: list[tuple[str, str | None]] = []
    for value in values or ("text",):
        written, colon, target = value.partition(":")
        name = canonical(written, known)
        if name not in known:
            shown = ", ".join(n if n not in MARKDOWN else "markdown (md)" for n in known)
            raise click.BadParameter(
                f"unknown format '{name}' (choose from {shown})", param_hint="'-f' / '--format'"
            )
        if colon and not target:
            raise click.BadParameter(f"'{value}' names no file after ':'", param_hint="'-f'")
        outputs.append((name, target or None))
    if output is not None:
        if len(outputs) != 1 or outputs[0][1] is not None:
            raise click.UsageError("'-o' takes one format written without a FILE of its own")
        outputs = [(outputs[0][0], output)]
    if sum(1 for _, target in outputs if target is None) > 1:
        raise click.UsageError("only one format can go to standard output; give the others a FILE")
    if any(name == "html" and target is None for name, target in outputs):
        raise click.UsageError("the html page goes to a file: -f html -o FILE")
    return outputs


@command("compare")
@click.argument("sources", nargs=-1, metavar="FRAMEWORK...")
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[:FILE]",
    help="Output format (text, markdown, json, html), optionally written to a file: FORMAT or "
    "FORMAT:FILE. Repeatable.",
)
@click.option("-o", "--output", metavar="FILE", help="Write the one format given to FILE.")
@color_option
def compare_command(
    sources: tuple[str, ...], formats: tuple[str, ...], output: str | None, color: str
) -> int:
    """Set frameworks side by side, concept by concept, and say what each lacks.

    Each FRAMEWORK is a SOURCE as other commands take it: a framework folder, a file in one, a
    git ref or REF:PATH. The concepts: hazards covered (the schema's shared vocabulary), levels
    and the decision rules each triggers, thresholds and their bars, early warnings, evaluation
    triggers, safeguards, governance (bodies, who decides, approves and is consulted,
    reversibility), disclosure (reports) and the revision protocol. A cell is marked stricter
    where the schema says which way is stricter and that framework is the strictest; a
    framework's gaps are the rows where another says something and it says nothing.

    Formats: text (fitted to $COLUMNS), markdown, json (the compare-report schema, printed by
    'prepctl schema compare-report') and a self-contained html page (-f html -o FILE).

    Exit 0 when the comparison is written; 2 when fewer than two frameworks are given or one
    cannot be read.
    """
    from prepctl.commands import compare as command

    return command.run(list(sources), outputs=_outputs(formats, output), color=color)
