"""The command line: click at the edge only.

Each command checks its options, then hands over to a plain function in ``prepctl.commands``
that returns the exit code. Heavy modules are imported inside the commands that need them, so
that ``prepctl --version`` and ``--help`` start fast. Exit codes are decided here and nowhere
else: 0 clean, 1 findings, 2 usage, configuration, input or git errors.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # datetime costs start-up time that --version and --help do not need
    from datetime import date

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
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Read settings from this file (a .prepctl.toml, or a pyproject.toml with "
    "[tool.prepctl]) instead of the one found from the framework folder upward.",
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    help="The date to check reviews against, for reproducible runs; default: today.",
)
def lint(
    sources: tuple[str, ...],
    formats: tuple[str, ...],
    color: str,
    config_path: str | None,
    today: str | None,
) -> int:
    """Check frameworks against the schemas and rules.

    `prepctl rules` lists the rules and `prepctl explain RULE` documents one. Suppress a finding
    with a comment on its line (or alone on the line above): # prepctl: ignore[RULE] reason.

    Exit 0 when clean, 1 when there are errors or warnings, 2 when the input or the
    configuration cannot be read.
    """
    from prepctl.commands import lint as command
    from prepctl.reporters import LINT_REPORTERS

    outputs = parse_formats(formats, list(LINT_REPORTERS))
    return command.run(
        list(sources),
        outputs=outputs,
        color=color,
        config_path=config_path,
        today=parse_date(today, "--today"),
    )


@cli.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="A table, or the Markdown page docs/rules.md is generated from.",
)
def rules_command(output_format: str) -> int:
    """List every lint rule with its default severity and what it checks."""
    from prepctl.commands import rules as command

    return command.run(output_format=output_format)


@cli.command("explain")
@click.argument("rule")
def explain_command(rule: str) -> int:
    """Print the documentation of one lint rule, with examples and options."""
    from prepctl.commands import explain as command

    return command.run(rule)


@cli.command()
@click.argument("name", required=False)
def schema(name: str | None) -> int:
    """Print a JSON Schema, self-contained, for editors and other tools.

    With no NAME, list the schemas. Point yaml-language-server at a saved copy, or at the
    files in the schemas/ folder, to get validation and completion while typing.
    """
    from prepctl.commands import schema as command

    return command.run(name)


@cli.command("fmt")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--check", is_flag=True, help="Write nothing; name the files that would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print the changes as a unified diff.")
def fmt_command(paths: tuple[str, ...], check: bool, diff: bool) -> int:
    """Put framework files in the canonical layout, keeping every comment.

    A PATH is a framework folder or a framework file; with none, the framework found from the
    current folder. Keys follow the schema's order, indentation is two spaces, and prose keeps
    its line breaks. Exit 1 with --check or --diff when a file would change.
    """
    from prepctl.commands import fmt as command

    return command.run(list(paths), check=check, diff=diff)


FAIL_ON = ["unjustified", "weakening", "needs-review", "any", "none"]


@cli.command("diff")
@click.argument("versions", nargs=-1, metavar="[BASE [HEAD]]")
@click.option("--against", metavar="REF", help="Compare REF (as BASE) with HEAD.")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT[:FILE]", help=FORMAT_HELP)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="unjustified",
    show_default=True,
    help="Exit 1 when a change at or above this level exists: a weakening no change record "
    "covers (unjustified), any weakening, a weakening or a change that needs review, any "
    "change, or never.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report.",
)
def diff_command(
    versions: tuple[str, ...],
    against: str | None,
    formats: tuple[str, ...],
    fail_on: str,
    color: str,
) -> int:
    """Show what changed between two versions, each change classified by safety impact.

    BASE and HEAD are framework folders, git refs (main, v2.0.0, HEAD~1, a commit) or
    REF:PATH. BASE defaults to HEAD (the last commit), HEAD to the framework of the working
    tree. A change is strengthening, weakening, neutral, editorial or needs-review, as the
    schema's x-prepctl keywords say. A weakening is justified when a change record added or
    modified between BASE and HEAD covers its address.

    Exit 0 when no change reaches --fail-on, 1 when one does, 2 on usage, input or git errors.
    """
    from prepctl.commands import diff as command
    from prepctl.reporters.diff import DIFF_REPORTERS

    if len(versions) > 2:
        raise click.UsageError("give at most two versions: BASE and HEAD")
    if against is not None and len(versions) > 1:
        raise click.UsageError("--against names BASE; give at most HEAD besides it")
    outputs = parse_formats(formats, list(DIFF_REPORTERS))
    base = against if against is not None else (versions[0] if versions else None)
    head = versions[-1] if (against is not None and versions) or len(versions) == 2 else None
    return command.run(base, head, outputs=outputs, fail_on=fail_on, color=color)


@cli.command("record")
@click.option("--id", "record_id", required=True, help="The record's id, also its file name.")
@click.option("--title", required=True, help="A short name for the change.")
@click.option("--covers", multiple=True, metavar="ADDRESS", help="An address the record explains.")
@click.option("--rationale", required=True, help="Why the change was made.")
@click.option(
    "--approved-by", "approved_by", multiple=True, metavar="BODY", help="A governance body's id."
)
@click.option("--approved-on", metavar="DATE", help="YYYY-MM-DD; today when not given.")
@click.option("--effective", metavar="DATE", help="YYYY-MM-DD the change takes effect.")
@click.option(
    "--from-diff", is_flag=True, help="Also cover every weakening no change record covers yet."
)
@click.option("--against", metavar="REF", help="With --from-diff: the BASE to diff against.")
@click.option(
    "--framework",
    "framework_dir",
    metavar="DIR",
    help="The framework folder to write into (default: found from the current folder).",
)
def record_command(
    record_id: str,
    title: str,
    covers: tuple[str, ...],
    rationale: str,
    approved_by: tuple[str, ...],
    approved_on: str | None,
    effective: str | None,
    from_diff: bool,
    against: str | None,
    framework_dir: str | None,
) -> int:
    """Write a change record into framework/changes/, so nobody writes the format by hand.

    The record is checked against the change-record schema, every approving body must exist
    in the framework's governance, and an existing record is never overwritten. With
    --from-diff, covers also lists each weakening between --against (default HEAD) and the
    working tree that no change record covers yet.
    """
    from prepctl.commands import record as command

    if against is not None and not from_diff:
        raise click.UsageError("--against only applies with --from-diff")
    if not covers and not from_diff:
        raise click.UsageError("name what the record covers: --covers ADDRESS or --from-diff")
    if not approved_by:
        raise click.UsageError("name at least one approving body: --approved-by BODY")
    return command.run(
        record_id,
        title=title,
        covers=list(covers),
        rationale=rationale,
        approved_by=list(approved_by),
        approved_on=approved_on,
        effective=effective,
        from_diff=from_diff,
        against=against,
        framework=framework_dir,
    )


def _render_formats() -> list[str]:
    from prepctl.render import FORMATS  # the registry only; no template engine is loaded

    return list(FORMATS)


@cli.command("render")
@click.argument("source", required=False, metavar="[SOURCE]")
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(_render_formats()),
    help="Document format; default: from -o's file name (.md, .pdf), else html.",
)
@click.option(
    "-o", "--output", metavar="PATH", help="Write to PATH, atomically; '-' is standard output."
)
def render_command(source: str | None, format_name: str | None, output: str | None) -> int:
    """Publish one framework version as a document: HTML, Markdown or PDF.

    SOURCE is a framework folder, a file in one, a git ref or REF:PATH; with none, the
    framework found from the current folder. Every heading, threshold, evaluation and
    safeguard carries its address as its anchor (#/categories/cybersecurity/thresholds/high).
    The same input always renders the same HTML and Markdown, byte for byte. PDF is printed
    by headless Chromium and needs -o.
    """
    from prepctl.commands import render as command
    from prepctl.render import format_for

    inferred = format_for(output) if output is not None and output != "-" else None
    return command.run(source, format_name=format_name or inferred or "html", output=output)


def parse_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value as a date; a usage error otherwise."""
    from datetime import date

    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.isoformat() != value:  # 3.11 also reads 20261101 and weeks
        raise click.BadParameter(
            f"'{value}' is not a date written as YYYY-MM-DD", param_hint=f"'{option}'"
        )
    return parsed


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
