"""The command line: click at the edge only.

Each command checks its options, then hands over to a plain function in ``prepctl.commands``
that returns the exit code. Heavy modules are imported inside the commands that need them, so
that ``prepctl --version`` and ``--help`` start fast. Exit codes are decided here and nowhere
else: 0 clean, 1 findings, 2 usage, configuration, input or git errors.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # datetime costs start-up time that --version and --help do not need
    from datetime import date

from prepctl import __version__

EXIT_USAGE = 2
FORMAT_HELP = "Output format, optionally written to a file: FORMAT or FORMAT:FILE. Repeatable."

format_option = click.option(
    "-f", "--format", "formats", multiple=True, metavar="FORMAT[:FILE]", help=FORMAT_HELP
)
color_option = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report. auto: a non-empty NO_COLOR turns colour off, then a "
    "non-empty FORCE_COLOR turns it on even in a pipe, then TERM=dumb turns it off; otherwise "
    "only a terminal gets colour. always and never win over all of them.",
)


MARKDOWN = ("md", "markdown")
"""Two names for one format: every command that writes Markdown takes both."""


def with_synonyms(names: list[str]) -> list[str]:
    """A registry's format names, each Markdown name followed by its other spelling."""
    return [spelling for name in names for spelling in (MARKDOWN if name in MARKDOWN else (name,))]


def canonical(name: str, names: list[str]) -> str:
    """The registry's own name for ``name``: 'md' is 'markdown' where the registry says so,
    and the other way round."""
    if name in MARKDOWN and name not in names:
        return next((known for known in MARKDOWN if known in names), name)
    return name


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it: $COLUMNS, else the
    width of the terminal standard output goes to, else 80."""
    import os

    written = os.environ.get("COLUMNS", "")
    if written.isascii() and written.isdigit():  # str.isdigit alone also takes '²'
        # Any width past a screen's is as good as another, and int() refuses 5,000 digits.
        width = int(written) if len(written) <= 6 else 999_999
        if width > 0:
            return width
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Context(click.Context):
    """Lays help out as click does, without click's import of shutil to measure the terminal
    (shutil brings the compression libraries with it: a tenth of the time ``--help`` takes)."""

    def make_formatter(self) -> click.HelpFormatter:
        from click import formatting

        width = self.terminal_width or formatting.FORCED_WIDTH  # click's own tests set the latter
        if width is None:
            width = max(min(_columns(), self.max_content_width or 80) - 2, 50)
        return self.formatter_class(width=width, max_width=self.max_content_width)


class _Command(click.Command):
    context_class = _Context


class _Group(click.Group):
    context_class = _Context
    command_class = _Command


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="prepctl")
def cli() -> None:
    """Lint, diff, trace and publish a frontier-AI preparedness framework kept as YAML in git.

    A SOURCE is a framework folder (one holding framework.yaml), a folder whose framework/
    holds one, or a file inside a framework. With no SOURCE, the framework is found from the
    current folder.
    """


@cli.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@format_option
@color_option
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
    from prepctl.reporters import LINT_REPORTERS

    outputs = parse_formats(formats, list(LINT_REPORTERS))
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


@cli.command("rules")
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(with_synonyms(["text", "markdown"])),
    default="text",
    show_default=True,
    help="A table, or the Markdown page docs/rules.md is generated from.",
)
def rules_command(output_format: str) -> int:
    """List every lint rule with its default severity and what it checks."""
    from prepctl.commands import rules as command

    return command.run(output_format=canonical(output_format, ["text", "markdown"]))


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

    A PATH is a framework folder, a folder inside one (framework/changes), or a framework file
    (archived change records included); with none, the framework found from the current
    folder. Keys follow the schema's order, indentation is two spaces, and prose keeps
    its line breaks. Exit 1 with --check or --diff when a file would change.
    """
    from prepctl.commands import fmt as command

    return command.run(list(paths), check=check, diff=diff)


@cli.command("migrate")
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


FAIL_ON = ["unjustified", "weakening", "needs-review", "any", "none"]


@cli.command("diff")
@click.argument("versions", nargs=-1, metavar="[BASE [HEAD]]")
@click.option("--against", metavar="REF", help="Compare REF (as BASE) with HEAD.")
@format_option
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
    "--max-chars",
    type=click.IntRange(min=0),
    default=65_536,
    show_default=True,
    metavar="N",
    help="Markdown only: keep the report within N characters (GitHub's limit for a "
    "pull-request comment by default; 0: no limit). A longer report keeps its summary and the "
    "rows that matter most, and ends with a note of what was left out.",
)
@click.option(
    "--full-report",
    metavar="URL",
    help="Markdown only: where the whole report can be read (an http(s) address, e.g. the CI "
    "run's page), linked from a report cut by --max-chars.",
)
@color_option
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    help="The date a material modification's deadlines count from when HEAD has no effective "
    "date of its own (none, or the same as BASE's), for reproducible runs; default: today. "
    "HEAD's own effective date always wins.",
)
def diff_command(
    versions: tuple[str, ...],
    against: str | None,
    formats: tuple[str, ...],
    fail_on: str,
    max_chars: int,
    full_report: str | None,
    color: str,
    today: str | None,
) -> int:
    """Show what changed between two versions, each change classified by safety impact.

    BASE and HEAD are framework folders, git refs (main, v2.0.0, HEAD~1, a commit) or
    REF:PATH. BASE defaults to HEAD (the last commit), HEAD to the framework of the working
    tree. A change is strengthening, weakening, neutral, editorial or needs-review, as the
    schema's x-prepctl keywords say. A weakening is justified when a change record added or
    modified between BASE and HEAD covers its address.

    A weakening makes the update a material modification: the report then lists what each
    profile HEAD claims requires, and by when. Deadlines count from HEAD's effective date when
    it differs from BASE's (HEAD then declares a date of its own), otherwise from --today, or
    else today's date. Own profiles come from [tool.prepctl.compliance] profiles in the
    configuration lint finds for HEAD.

    Exit 0 when no change reaches --fail-on, 1 when one does, 2 on usage, input or git errors.
    """
    from prepctl.commands import diff as command
    from prepctl.reporters.diff import DIFF_REPORTERS

    if len(versions) > 2:
        raise click.UsageError("give at most two versions: BASE and HEAD")
    if against is not None and len(versions) > 1:
        raise click.UsageError("--against names BASE; give at most HEAD besides it")
    outputs = parse_formats(formats, list(DIFF_REPORTERS))
    if full_report is not None:
        from prepctl.reporters.diff.markdown import is_link

        if not is_link(full_report):
            raise click.BadParameter(
                f"'{full_report}' is not an http(s) address without spaces, '<' or '>'",
                param_hint="'--full-report'",
            )
    reference = parse_date(today, "--today")
    base = against if against is not None else (versions[0] if versions else None)
    head = versions[-1] if (against is not None and versions) or len(versions) == 2 else None
    return command.run(
        base,
        head,
        outputs=outputs,
        fail_on=fail_on,
        color=color,
        today=reference,
        max_chars=max_chars,
        full_report=full_report,
    )


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


@cli.command("log")
@click.argument("where", required=False, metavar="[ADDRESS]")
@click.option(
    "--range",
    "revision_range",
    metavar="A..B",
    help="Only the commits of A..B (in B, not in A); a single REF: its whole history. "
    "Default: the history of HEAD.",
)
@format_option
@color_option
def log_command(
    where: str | None, revision_range: str | None, formats: tuple[str, ...], color: str
) -> int:
    """Show the semantic history of the framework, or of one ADDRESS, newest first.

    ADDRESS names a category, a threshold, a safeguard or any field in it, e.g.
    /categories/cybersecurity/thresholds/high; with none, the whole framework. Each commit that
    changed it is shown with its date, author and changes, classified as by prepctl diff, each
    with the change record (new in that commit) that justified it and its rationale. A change
    belongs to ADDRESS when it is at or below it, or when ADDRESS lies inside an item added,
    removed or moved as a whole. A move between categories is one change, and the history
    before it is followed under the old address; renaming a file changes nothing.

    Merge commits are followed along their first parent only (as git log --first-parent): a
    merged branch appears as its merge commit, compared with the branch it was merged into.

    Exit 0, also when ADDRESS is in the framework but no commit of the range changed it (said
    on stderr); 2 when ADDRESS is neither in the framework nor in its history (with the
    likeliest address meant), or when the range, the repository or the address cannot be read.
    """
    from prepctl.commands import log as command
    from prepctl.reporters.log import LOG_REPORTERS

    outputs = parse_formats(formats, list(LOG_REPORTERS))
    return command.run(where, revision_range=revision_range, outputs=outputs, color=color)


@cli.command("release")
@click.option("--dry-run", is_flag=True, help="Print what would be done; write nothing.")
@click.option(
    "--tag",
    "tag",
    is_flag=True,
    help="Tag the release prepared and committed before (an annotated tag on HEAD).",
)
@click.option(
    "--date",
    "release_date",
    metavar="YYYY-MM-DD",
    help="The new version's effective date; default: today.",
)
@click.option(
    "--bump",
    type=click.Choice(["major", "minor", "patch"]),
    help="The version bump, when changes that need review leave it open; never below what "
    "the changes require.",
)
def release_command(dry_run: bool, tag: bool, release_date: str | None, bump: str | None) -> int:
    """Prepare the framework's next release from what changed since the last one.

    The last release is the highest tag PREFIX+VERSION that HEAD contains (PREFIX framework-v,
    or [tool.prepctl.release] tag-prefix). Since then, a weakening makes a major version, a
    strengthening or a new item a minor one, anything else a patch; changes that need review
    leave the choice to --bump. The release sets version and effective in framework.yaml
    (nothing else in the file changes), writes the version's section of framework/CHANGELOG.md
    from the diff and the new change records, and moves those records to
    changes/archive/VERSION/, where they still justify that release's changes in any diff,
    redline or site page that spans it. With no release tag yet, the current version is
    released as it is. Commit the result, then run prepctl release --tag.

    Exit 0 when done, 1 when the release is refused (changes need review, nothing to release
    or tag, uncommitted files for --tag), 2 on input, configuration or git errors.
    """
    from prepctl.commands import release as command

    if tag and (release_date is not None or bump is not None):
        raise click.UsageError("--tag only tags the release already prepared; drop --date/--bump")
    return command.run(
        dry_run=dry_run,
        tag=tag,
        release_date=parse_date(release_date, "--date"),
        bump=bump,
    )


@cli.command("changelog")
@click.argument("revision_range", required=False, metavar="[A..B]")
def changelog_command(revision_range: str | None) -> int:
    """Print the changelog between two versions as Markdown, from the diff and change records.

    A and B are git refs; B may be left out (A..) for the working tree, and so may the whole
    range: from the last release tag to the working tree. The section is the one prepctl
    release writes: changes grouped by category and impact, weakening first, each with the
    change record that justifies it. Commit messages are never used.
    """
    from prepctl.commands import changelog as command

    return command.run(revision_range)


# The names in prepctl.render.FORMATS, written out so that --version and --help do not import
# prepctl.render (tests/test_startup.py checks the two agree).
RENDER_FORMATS = ["html", "md", "pdf"]


@cli.command("render")
@click.argument("source", required=False, metavar="[SOURCE]")
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(with_synonyms(RENDER_FORMATS)),
    help="Document format; default: from -o's file name (.html, .md, .pdf), else html. A name "
    "that means another format is refused.",
)
@click.option(
    "-o", "--output", metavar="PATH", help="Write to PATH, atomically; '-' is standard output."
)
@click.option(
    "--against",
    metavar="BASE",
    help="Render a redline: every change since BASE (a folder or git ref) marked in place.",
)
def render_command(
    source: str | None, format_name: str | None, output: str | None, against: str | None
) -> int:
    """Publish one framework version as a document: HTML, Markdown or PDF.

    SOURCE is a framework folder, a file in one, a git ref or REF:PATH; with none, the
    framework found from the current folder. Every heading, threshold, evaluation and
    safeguard carries its address as its anchor (#/categories/cybersecurity/thresholds/high).
    The same input always renders the same HTML and Markdown, byte for byte. PDF is printed
    by headless Chromium and needs -o.

    With --against BASE, the document is a redline built from the semantic diff: removed
    items struck through where they stood, added ones marked, changed prose diffed word by
    word, each change with its impact and the change record that justified it, a summary of
    every change at the top.
    """
    from prepctl.commands import render as command

    chosen = _render_format(format_name, output)
    return command.run(source, format_name=chosen, output=output, against=against)


def _render_format(given: str | None, output: str | None) -> str:
    """The format ``-f`` names, or the one ``-o``'s file name implies, else html; a name that
    implies another format than ``-f``, or a suffix that names none, is a usage error."""
    from pathlib import PurePath

    from prepctl.render import FORMATS, format_for

    if output == "":
        raise click.UsageError("'-o' names no file")
    named = format_for(output) if output is not None and output != "-" else None
    chosen = canonical(given, RENDER_FORMATS) if given is not None else None
    if chosen is None:
        if named is None and output not in (None, "-") and PurePath(output).suffix:
            names = ", ".join(RENDER_FORMATS[:-1]) + f" or {RENDER_FORMATS[-1]}"
            suffixes = [FORMATS[name].suffixes[0] for name in RENDER_FORMATS]
            raise click.UsageError(
                f"cannot tell the format of '{output}' from its name: give -f {names}, or a "
                f"name ending in {', '.join(suffixes[:-1])} or {suffixes[-1]}"
            )
        return named or "html"
    if named is not None and named != chosen:
        raise click.UsageError(
            f"'-f {given}' contradicts the name '{output}', which means {named}: drop -f, or "
            f"name the file {FORMATS[chosen].suffixes[0]}"
        )
    return chosen


@cli.command("init")
@click.argument("directory", required=False, metavar="[DIR]")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init_command(directory: str | None, force: bool) -> int:
    """Scaffold a framework repository that lints, hooks and checks at once.

    Writes a small framework that lints clean, its editor schemas (.prepctl/schemas/, where the
    files' yaml-language-server modelines point), a pre-commit configuration, a GitHub Actions
    workflow, a CODEOWNERS suggestion and the .gitattributes line for the diff driver. DIR is
    the current folder by default and is created when missing. Existing files are overwritten
    only with --force; without it, all of them are listed and nothing is written (exit 2).
    """
    from prepctl.commands import init as command

    return command.run(directory, force=force)


@cli.command(
    "git-diff-driver",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED, metavar="PATH OLD-FILE ...")
def git_diff_driver_command(arguments: tuple[str, ...]) -> int:
    """git's external diff for framework files: the changes classified, then the line diff.

    Once .gitattributes marks the files (framework/**/*.yaml diff=prepctl) and git knows the
    driver (git config diff.prepctl.command "prepctl git-diff-driver"), git runs it for each
    changed framework file in git diff, and in git log -p and git show given --ext-diff. Each
    file is read alone, so change records are not consulted: prepctl diff is the gate.
    """
    from prepctl.commands import git_diff_driver as command

    return command.run(list(arguments))


@cli.command("site")
@click.argument("repository", required=False, metavar="[SOURCE-REPO]")
@click.option(
    "-o", "--output", required=True, metavar="DIR", help="The folder to write the site to."
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace DIR even when it holds files that prepctl site did not write.",
)
def site_command(repository: str | None, output: str, force: bool) -> int:
    """Publish every release as a static site, with redlines between releases.

    A release is a git tag PREFIX+VERSION in SOURCE-REPO (default: the current folder's
    repository); PREFIX is framework-v, or [tool.prepctl.release] tag-prefix. DIR gets
    index.html (every release, newest first, with its effective date and its changes by
    impact), VERSION/index.html and index.md, VERSION/redline.html against the release before,
    and latest/, a copy of the newest. The site is written beside DIR and replaces it only
    when complete; a DIR that prepctl site did not write is replaced only with --force.

    Exit 0 when written, 2 when there is no release tag or on input, git or write errors.
    """
    from prepctl.commands import site as command

    if not output:
        raise click.UsageError("'-o' names no folder")
    return command.run(repository, output=output, force=force)


@cli.command("coverage")
@click.argument("source", required=False, metavar="[SOURCE]")
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
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Read settings (and own compliance profiles) from this file instead of the one "
    "found from the framework folder upward.",
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
    from prepctl.reporters.coverage import COVERAGE_REPORTERS

    outputs = parse_formats(formats, list(COVERAGE_REPORTERS))
    return command.run(
        source, profiles=list(profiles), outputs=outputs, color=color, config_path=config_path
    )


def parse_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value as a date; otherwise a one-line error naming the option."""
    from datetime import date

    from prepctl.errors import PrepctlError

    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.isoformat() != value:  # 3.11 also reads 20261101 and weeks
        from prepctl.core.validate import calendar_hint

        raise PrepctlError(
            f"invalid value for '{option}': '{value}' is not a date written as YYYY-MM-DD"
            + calendar_hint(value)
        )
    return parsed


def parse_formats(values: Sequence[str], known: list[str]) -> list[tuple[str, str | None]]:
    """Split each ``FORMAT[:FILE]``; at most one format may go to standard output."""
    outputs: list[tuple[str, str | None]] = []
    for value in values or ("text",):
        written, _, target = value.partition(":")
        name = canonical(written, known)
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
    """Run one command. The cyclic garbage collector is off meanwhile: a run is short and
    builds many small objects but no reference cycles, so the collector's passes over the
    parsed framework would only cost time (about a tenth of a 10 MB lint). Run as the process's
    own command (no ``argv``) it stays off, since the process ends with the command: turned
    back on, it would make one last pass over everything alive at exit. A caller that passes
    ``argv`` and goes on gets it back as it was."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(argv)
    finally:
        if collecting and argv is not None:
            gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    from prepctl.errors import PrepctlError

    try:
        result = cli.main(args=argv, prog_name="prepctl", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("prepctl: interrupted", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"prepctl: {_one_line(_usage_message(exc))}", err=True)
        return EXIT_USAGE
    except PrepctlError as exc:
        click.echo(f"prepctl: {_one_line(exc.message)}", err=True)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``prepctl lint | head``); say nothing more.
        sys.stderr.close()
        return 1
    return result if isinstance(result, int) else 0


def _one_line(message: str) -> str:
    """One line, whatever the message quotes from a file or the command line: a line break is
    shown as '\\n', control characters and bidirectional overrides as escapes."""
    from prepctl.terminal import safe

    return safe(message).replace("\n", "\\n")


def _usage_message(exc: click.ClickException) -> str:
    """click's message in prepctl's words: lower case first, no final full stop, and a
    did-you-mean only when the name is close (click compares '--fix' with '--config' dashes
    and all, and finds them alike)."""
    if isinstance(exc, click.exceptions.NoSuchOption):
        message = f"no such option '{exc.option_name}'"
        known = exc.ctx.command.get_params(exc.ctx) if exc.ctx is not None else []
        names = [name for param in known for name in (*param.opts, *param.secondary_opts)]
        return message + _did_you_mean(exc.option_name, names)
    no_such_command = getattr(click.exceptions, "NoSuchCommand", ())  # click 8.4 and later
    if isinstance(exc, no_such_command):
        ctx = exc.ctx
        group = ctx.command if ctx is not None else None
        commands = group.list_commands(ctx) if ctx and isinstance(group, click.Group) else []
        return f"no such command '{exc.command_name}'" + _did_you_mean(exc.command_name, commands)
    message = exc.format_message().strip().removesuffix(".")
    if message[:2].istitle():  # 'Invalid value' → 'invalid value'; 'REF' stays
        message = message[0].lower() + message[1:]
    return message


def _did_you_mean(word: str, choices: list[str]) -> str:
    import difflib

    bare = {choice.lstrip("-"): choice for choice in choices}
    close = difflib.get_close_matches(word.lstrip("-"), list(bare), n=2, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {' or '.join(repr(bare[name]) for name in close)}?)"
