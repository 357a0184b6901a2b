"""The command line of the commands that check one framework version (lint, rules, explain,
schema, fmt, coverage): their options and help, each handing over to ``prepctl.commands``."""

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
