"""The command line of the commands that publish or set up (render, site, init, git's diff
driver): their options and help, each handing over to ``prepctl.commands``."""

from __future__ import annotations

import click

from prepctl.cli_options import (
    Choices,
    canonical,
    command,
    source_argument,
    with_synonyms,
)


def _editions() -> list[str]:
    from prepctl.core.confidential import EDITIONS

    return list(EDITIONS)


EDITION_HELP = (
    "public (the default): each confidential item replaced by a redaction block naming its "
    "reason, and a redaction register at the end; full: everything, for the regulator, under a "
    "banner saying so."
)


def _render_formats() -> list[str]:
    from prepctl.render import FORMATS

    return list(FORMATS)


@command("render")
@source_argument
@click.option(
    "-f",
    "--format",
    "format_name",
    type=Choices(lambda: with_synonyms(_render_formats())),
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
@click.option("--edition", type=Choices(_editions), default="public", help=EDITION_HELP)
def render_command(
    source: str | None,
    format_name: str | None,
    output: str | None,
    against: str | None,
    edition: str,
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
    return command.run(source, format_name=chosen, output=output, against=against, edition=edition)


def _render_format(given: str | None, output: str | None) -> str:
    """The format ``-f`` names, or the one ``-o``'s file name implies, else html; a name that
    implies another format than ``-f``, or a suffix that names none, is a usage error."""
    from pathlib import PurePath

    from prepctl.render import FORMATS, format_for

    names = _render_formats()

    if output == "":
        raise click.UsageError("'-o' names no file")
    named = format_for(output) if output is not None and output != "-" else None
    chosen = canonical(given, names) if given is not None else None
    if chosen is None:
        if named is None and output not in (None, "-") and PurePath(output).suffix:
            listed = ", ".join(names[:-1]) + f" or {names[-1]}"
            suffixes = [FORMATS[name].suffixes[0] for name in names]
            raise click.UsageError(
                f"cannot tell the format of '{output}' from its name: give -f {listed}, or a "
                f"name ending in {', '.join(suffixes[:-1])} or {suffixes[-1]}"
            )
        return named or "html"
    if named is not None and named != chosen:
        raise click.UsageError(
            f"'-f {given}' contradicts the name '{output}', which means {named}: drop -f, or "
            f"name the file {FORMATS[chosen].suffixes[0]}"
        )
    return chosen


@command("site")
@click.argument("repository", required=False, metavar="[SOURCE-REPO]")
@click.option(
    "-o", "--output", required=True, metavar="DIR", help="The folder to write the site to."
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace DIR even when it holds files that prepctl site did not write.",
)
@click.option("--edition", type=Choices(_editions), default="public", help=EDITION_HELP)
def site_command(repository: str | None, output: str, force: bool, edition: str) -> int:
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
    return command.run(repository, output=output, force=force, edition=edition)


@command("init")
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


@command(
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
