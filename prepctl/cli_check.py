"""The command line of the commands that check one framework version (lint, rules, explain,
schema, fmt, coverage, obligations): their options and help, each handing over to
``prepctl.commands``."""

from __future__ import annotations

import click

from prepctl.cli_options import (
    canonical,
    color_option,
    command,
    config_option,
    format_option,
    parse_date,
    parse_formats,
    report_choice,
    report_names,
    source_argument,
    sources_argument,
    today_option,
)


@command("lint")
@sources_argument
@format_option
@color_option
@config_option(
    "Read settings from this file (a .prepctl.toml, or a pyproject.toml with "
    "[tool.prepctl]) instead of the one found from the framework folder upward."
)
@today_option(
    "The date to check reviews against, for reproducible runs; default: today.",
)
@click.option(
    "--against",
    metavar="REF",
    help="Compare with the framework at git REF too: the version-bump rule checks that the "
    "version, effective date and changelog moved as the changes since REF require.",
)
@click.option(
    "--sarif-suppressed",
    type=click.Choice(["omit", "include"]),
    default="omit",
    show_default=True,
    help="Whether the SARIF report lists suppressed findings (each with its suppression). "
    "GitHub code scanning ignores suppressions and would open an alert for each, so by "
    "default they are left out and counted in a notification.",
)
def lint(
    sources: tuple[str, ...],
    formats: tuple[str, ...],
    color: str,
    config_path: str | None,
    today: str | None,
    against: str | None,
    sarif_suppressed: str,
) -> int:
    """Check frameworks against the schemas and rules.

    `prepctl rules` lists the rules and `prepctl explain RULE` documents one. Suppress a finding
    with a comment on its line (or alone on the line above): # prepctl: ignore[RULE] reason.

    Exit 0 when clean, 1 when there are errors or warnings, 2 when the input or the
    configuration cannot be read.
    """
    from prepctl.commands import lint as command

    outputs = parse_formats(formats, "lint")
    if against is not None and len(sources) > 1:
        raise click.UsageError("--against compares one framework: give at most one SOURCE")
    return command.run(
        list(sources),
        outputs=outputs,
        color=color,
        config_path=config_path,
        today=parse_date(today, "--today"),
        against=against,
        sarif_suppressed=sarif_suppressed == "include",
    )


@command("rules")
@click.option(
    "-f",
    "--format",
    "output_format",
    type=report_choice("rules"),
    default="text",
    show_default=True,
    help="A table, or the Markdown page docs/rules.md is generated from.",
)
def rules_command(output_format: str) -> int:
    """List every lint rule with its default severity and what it checks."""
    from prepctl.commands import rules as command

    return command.run(output_format=canonical(output_format, report_names("rules")))


@command("explain")
@click.argument("rule")
def explain_command(rule: str) -> int:
    """Print the documentation of one lint rule, with examples and options."""
    from prepctl.commands import explain as command

    return command.run(rule)


@command("schema")
@click.argument("name", required=False)
def schema(name: str | None) -> int:
    """Print a JSON Schema, self-contained, for editors and other tools.

    With no NAME, list the schemas. Point yaml-language-server at a saved copy, or at the
    files in the schemas/ folder, to get validation and completion while typing.
    """
    from prepctl.commands import schema as command

    return command.run(name)


@command("fmt")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--check", is_flag=True, help="Write nothing; name the files that would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print the changes as a unified diff.")
def fmt_command(paths: tuple[str, ...], check: bool, diff: bool) -> int:
    """Put framework files in the canonical layout, keeping every comment.

    A PATH is a framework folder, a folder inside one (framework/changes), or a framework file
    (archived change records included); with none, the framework found from the current
    folder. Keys follow the schema's order, indentation is two spaces, and prose keeps
    its line breaks. Exit 1 with --check or --diff when a file would change.
    """
    from prepctl.commands import fmt as command

    return command.run(list(paths), check=check, diff=diff)


@command("migrate")
@click.argument("paths", nargs=-1, metavar="[FOLDER]...")
@click.option("--check", is_flag=True, help="Write nothing; name the frameworks that would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print the changes as a unified diff.")
def migrate_command(paths: tuple[str, ...], check: bool, diff: bool) -> int:
    """Rewrite a framework written for an earlier schema for the current one.

    A FOLDER is a framework folder; with none, the framework found from the current folder.
    Only framework.yaml changes: a level's flags and post-mitigation limits become its
    decision rules, day, hour and month counts become ISO 8601 durations (interval-days: 365
    becomes interval: P365D), and an exception's conditions its preconditions. Comments are
    kept, except those on a removed flag's line. Every command already reads an earlier
    schema as the current one means it; lint reports it until it is migrated. Exit 1 with
    --check or --diff when a framework would change.

    \b
    Examples:
      prepctl migrate --diff      show what would change
      prepctl migrate             rewrite framework/framework.yaml
    """
    from prepctl.commands import migrate as command

    return command.run(list(paths), check=check, diff=diff)


@command("coverage")
@source_argument
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    metavar="ID",
    help="A compliance profile to check (ca-sb53, ny-raise, eu-gpai-cop, seoul-2024, or one "
    "named in [tool.prepctl.compliance] profiles). Repeatable; default: the claimed ones.",
)
@format_option
@color_option
@config_option(
    "Read settings (and own compliance profiles) from this file instead of the one "
    "found from the framework folder upward."
)
def coverage_command(
    source: str | None,
    profiles: tuple[str, ...],
    formats: tuple[str, ...],
    color: str,
    config_path: str | None,
) -> int:
    """Show which requirements of each compliance profile the framework meets, and where.

    A framework claims profiles in its manifest (compliance: {claims: [ca-sb53, ...]}) and its
    items name the requirements they meet (satisfies: [ca-sb53/a7]). For each requirement of
    each profile, the matrix lists the addresses that satisfy it; a requirement nothing
    satisfies, a mapping to a requirement or profile that does not exist, and a mapping to a
    profile the framework does not claim are findings. Formats: text, json, markdown, html.

    Exit 0 when every requirement is covered, 1 when one is not (or a mapping names nothing),
    2 when no profile is claimed or named, or the input or configuration cannot be read.
    """
    from prepctl.commands import coverage as command

    outputs = parse_formats(formats, "coverage")
    return command.run(
        source, profiles=list(profiles), outputs=outputs, color=color, config_path=config_path
    )


_SUFFIXES = {".ics": "ics", ".json": "json", ".txt": "text"}


@command("obligations")
@source_argument
@click.option("--from", "start", metavar="YYYY-MM-DD", help="The first day; default: --today.")
@click.option(
    "--until",
    metavar="YYYY-MM-DD",
    help="The last day; default: a year after the first. At most ten years after it.",
)
@format_option
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write the report to FILE, atomically; its format from -f, else from the name "
    "(.ics, .json), else text.",
)
@color_option
@today_option(
    "The reference date: what is overdue, where the calendar starts by default, and the "
    "calendar's DTSTAMP, for reproducible runs; default: today.",
)
@config_option(
    "Read settings (own compliance profiles, the release tag prefix) from this file instead "
    "of the one found from the framework folder upward."
)
def obligations_command(
    source: str | None,
    start: str | None,
    until: str | None,
    formats: tuple[str, ...],
    output: str | None,
    color: str,
    today: str | None,
    config_path: str | None,
) -> int:
    """List every dated duty the framework and its claimed profiles create, by due date.

    Dated: the next review of the framework and of each category (its review interval and
    each claimed profile's review rule), each occasion of the framework's recurring reports
    and duties (counted from its effective date), the periodic reports a profile requires
    (California's quarterly summaries to the Office of Emergency Services), and the
    publication deadlines of material modifications since the last release tag (counted from
    the effective date the next release sets, or the change records' effective dates). A
    review already past due is listed as overdue. Recurring duties are expanded date by date
    over the window. Event-triggered rules ("within 15 days of discovering a critical safety
    incident") are listed apart, as standing windows. Formats: text, json, ics (RFC 5545, one
    all-day event per dated duty).

    Exit 0 when the calendar is written, 2 on usage, input or configuration errors.
    """
    from pathlib import PurePath

    from prepctl.commands import obligations as command

    if output == "":
        raise click.UsageError("'-o' names no file")
    implied = _SUFFIXES.get(PurePath(output).suffix.lower()) if output else None
    outputs = parse_formats(formats or (implied or "text",), "obligations")
    if output is not None:
        free = [index for index, (_, target) in enumerate(outputs) if target is None]
        if not free:
            raise click.UsageError("-o names a file, but every -f format has its own FILE")
        name = outputs[free[0]][0]
        if implied is not None and implied != name:
            raise click.UsageError(
                f"'-f {name}' contradicts the name '{output}', which means {implied}"
            )
        outputs[free[0]] = (name, output)
    return command.run(
        source,
        start=parse_date(start, "--from"),
        until=parse_date(until, "--until"),
        today=parse_date(today, "--today"),
        outputs=outputs,
        color=color,
        config_path=config_path,
    )
