"""The command line: click at the edge only.

Each command checks its options, then hands over to a plain function in ``prepctl.commands``
that returns the exit code. Heavy modules are imported inside the commands that need them, so
that ``prepctl --version`` and ``--help`` start fast. Exit codes are decided here and nowhere
else: 0 clean, 1 findings, 2 usage, configuration, input or git errors.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from prepctl import __version__

EXIT_USAGE = 2
FORMAT_HELP = "Output format, optionally written to a file: FORMAT or FORMAT:FILE. Repeatable."


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="prepctl")
def cli() -> None:
    """Lint, diff, trace and publish a frontier-AI preparedness framework kept as YAML in git.

    A SOURCE is a framework folder (one holding framework.yaml), a folder whose framework/
    holds one, or a file inside a framework. With no SOURCE, the framework is found from the
    current folder.
    """


@cli.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT[:FILE]", help=FORMAT_HELP)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report.",
)
def lint(sources: tuple[str, ...], formats: tuple[str, ...], color: str) -> int:
    """Check frameworks against the schemas and rules.

    Exit 0 when clean, 1 when there are errors or warnings, 2 when the input cannot be read.
    """
    from prepctl.commands import lint as command
    from prepctl.reporters import LINT_REPORTERS

    outputs = parse_formats(formats, list(LINT_REPORTERS))
    return command.run(list(sources), outputs=outputs, color=color)


@cli.command()
@click.argument("name", required=False)
def schema(name: str | None) -> int:
    """Print a JSON Schema, self-contained, for editors and other tools.

    With no NAME, list the schemas. Point yaml-language-server at a saved copy, or at the
    files in the schemas/ folder, to get validation and completion while typing.
    """
    from prepctl.commands import schema as command

    return command.run(name)


def parse_formats(values: Sequence[str], known: list[str]) -> list[tuple[str, str | None]]:
    """Split each ``FORMAT[:FILE]``; at most one format may go to standard output."""
    outputs: list[tuple[str, str | None]] = []
    for value in values or ("text",):
        name, _, target = value.partition(":")
        if name not in known:
            raise click.BadParameter(
                f"unknown format '{name}' (choose from {', '.join(known)})",
                param_hint="'-f' / '--format'",
            )
        if _ and not target:
            raise click.BadParameter(f"'{value}' names no file after ':'", param_hint="'-f'")
        outputs.append((name, target or None))
    if sum(1 for _, target in outputs if target is None) > 1:
        raise click.UsageError("only one format can go to standard output; give the others a FILE")
    return outputs


def main(argv: Sequence[str] | None = None) -> int:
    from prepctl.errors import PrepctlError

    try:
        result = cli.main(args=argv, prog_name="prepctl", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("prepctl: interrupted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except PrepctlError as exc:
        from prepctl.terminal import safe

        click.echo(f"prepctl: {safe(exc.message)}", err=True)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``prepctl lint | head``); say nothing more.
        sys.stderr.close()
        return 1
    return result if isinstance(result, int) else 0
