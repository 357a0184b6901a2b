"""The command line: click at the edge only. The prepctl group, and the one place where errors
become exit codes.

The commands' options and help are in :mod:`prepctl.cli_check` (checking one version),
:mod:`prepctl.cli_change` (changes between versions) and :mod:`prepctl.cli_publish`
(publishing and setting up), sharing :mod:`prepctl.cli_options`.

Each command checks its options, then hands over to a plain function in ``prepctl.commands``
that returns the exit code. Heavy modules are imported inside the commands that need them, so
that ``prepctl --version`` and ``--help`` start fast. Exit codes are decided here and nowhere
else (:func:`exit_code`): 0 clean, 1 findings or a refused request, 2 usage, configuration,
input or git errors, 130 interrupted.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

import click

from prepctl import (
    __version__,
    cli_assess,
    cli_change,
    cli_check,
    cli_compare,
    cli_export,
    cli_publish,
    cli_verify,
)
from prepctl.cli_options import Group
from prepctl.errors import PrepctlError, Refusal

EXIT_USAGE = 2
EXIT_REFUSED = 1
EXIT_INTERRUPTED = 130


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="prepctl")
def cli() -> None:
    """Lint, diff, trace and publish a frontier-AI preparedness framework kept as YAML in git.

    A SOURCE is a framework folder (one holding framework.yaml), a folder whose framework/
    holds one, or a file inside a framework. With no SOURCE, the framework is found from the
    current folder.
    """


for _command in (
    cli_check.lint,
    cli_check.rules_command,
    cli_check.explain_command,
    cli_check.schema,
    cli_check.fmt_command,
    cli_check.migrate_command,
    cli_check.coverage_command,
    cli_check.obligations_command,
    cli_assess.assess_command,
    cli_change.diff_command,
    cli_change.record_command,
    cli_change.review_command,
    cli_change.log_command,
    cli_change.release_command,
    cli_change.changelog_command,
    cli_compare.compare_command,
    cli_publish.render_command,
    cli_publish.site_command,
    cli_publish.init_command,
    cli_publish.git_diff_driver_command,
    cli_export.export_command,
    cli_verify.verify_command,
):
    cli.add_command(_command)


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
    try:
        result = cli.main(args=argv, prog_name="prepctl", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("prepctl: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        click.echo(f"prepctl: {_one_line(_usage_message(exc))}", err=True)
        return EXIT_USAGE
    except PrepctlError as exc:
        click.echo(f"prepctl: {_one_line(exc.message)}", err=True)
        return exit_code(exc)
    except BrokenPipeError:
        # The reader went away (``prepctl lint | head``); say nothing more.
        sys.stderr.close()
        return 1
    return result if isinstance(result, int) else 0


def exit_code(error: PrepctlError) -> int:
    """A refused request (nothing to release, changes to review first) exits 1, as findings
    do; every other expected failure is the input's or the invocation's: 2."""
    return EXIT_REFUSED if isinstance(error, Refusal) else EXIT_USAGE


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
