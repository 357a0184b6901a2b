"""What the commands share on the command line: options, choices and the parsing of values.

Choices are read from the code that owns them (the reporters' registries, the render formats,
the enums of core), when a command first needs them: ``prepctl --version`` and ``--help``
import none of that code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # datetime costs start-up time that --version and --help do not need
    from datetime import date

    _Choice = click.Choice[str]
else:
    _Choice = click.Choice

Decorated = TypeVar("Decorated", bound=Callable[..., Any])


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it: $COLUMNS, else the
    width of the terminal standard output goes to, else 80."""
    import os
    import sys

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


class Context(click.Context):
    """Lays help out as click does, without click's import of shutil to measure the terminal
    (shutil brings the compression libraries with it: a tenth of the time ``--help`` takes)."""

    def make_formatter(self) -> click.HelpFormatter:
        from click import formatting

        width = self.terminal_width or formatting.FORCED_WIDTH  # click's own tests set the latter
        if width is None:
            width = max(min(_columns(), self.max_content_width or 80) - 2, 50)
        return self.formatter_class(width=width, max_width=self.max_content_width)


class Command(click.Command):
    context_class = Context


class Group(click.Group):
    context_class = Context
    command_class = Command


def command(name: str, **settings: Any) -> Callable[[Callable[..., Any]], Command]:
    """A prepctl command: laid out as :class:`Context` lays help out."""
    made: Callable[[Callable[..., Any]], Command] = click.command(name, cls=Command, **settings)
    return made


class Choices(_Choice):
    """A choice whose names are read, when first needed, from the code that owns them."""

    def __init__(self, names: Callable[[], Sequence[str]]) -> None:
        self._names = names
        super().__init__(())
        self._loaded: tuple[str, ...] | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        if self._loaded is None:
            self._loaded = tuple(self._names())
        return self._loaded

    @choices.setter
    def choices(self, names: Sequence[str]) -> None:
        self._loaded = tuple(names)


MARKDOWN = ("md", "markdown")
"""Two names for one format: every command that writes Markdown takes both."""


def with_synonyms(names: Sequence[str]) -> list[str]:
    """A registry's format names, each Markdown name followed by its other spelling."""
    return [spelling for name in names for spelling in (MARKDOWN if name in MARKDOWN else (name,))]


def canonical(name: str, names: Sequence[str]) -> str:
    """The registry's own name for ``name``: 'md' is 'markdown' where the registry says so,
    and the other way round."""
    if name in MARKDOWN and name not in names:
        return next((known for known in MARKDOWN if known in names), name)
    return name


def report_names(kind: str) -> list[str]:
    """The formats of one kind of report (lint, diff, log, coverage, rules, obligations)."""
    from prepctl.reporters import KINDS

    return list(KINDS[kind])


def report_choice(kind: str) -> Choices:
    """The formats of one kind of report as a choice, Markdown by both its names."""
    return Choices(lambda: with_synonyms(report_names(kind)))


def enum_choice(load: Callable[[], Sequence[Any]]) -> Choices:
    """The values of an enum of core (imported when first needed) as a choice."""
    return Choices(lambda: [member.value for member in load()])


# Options shared by several commands ------------------------------------------------------

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


def config_option(help_text: str) -> Callable[[Decorated], Decorated]:
    """``--config PATH``: the settings file to read instead of the one found."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        metavar="PATH",
        help=help_text,
    )


def today_option(help_text: str) -> Callable[[Decorated], Decorated]:
    """``--today YYYY-MM-DD``: the date a run measures against, for reproducible runs."""
    return click.option("--today", metavar="YYYY-MM-DD", help=help_text)


sources_argument = click.argument("sources", nargs=-1, metavar="[SOURCE]...")
source_argument = click.argument("source", required=False, metavar="[SOURCE]")


# Values ----------------------------------------------------------------------------------


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


def parse_formats(values: Sequence[str], kind: str) -> list[tuple[str, str | None]]:
    """Split each ``FORMAT[:FILE]`` of one kind of report; at most one format may go to
    standard output."""
    known = report_names(kind)
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
