"""Usage errors look like every other error: one line, ``prepctl:`` first, on stderr, exit 2,
whatever the command, and nothing echoed from the command line can drive the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from helpers import ROOT, Run

RunCli = Callable[..., Run]


def prepctl(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "prepctl", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.parametrize(
    "columns",
    ["9" * 5000, "1" + "0" * 30, "\u00b2", "\u0663", "-5", "0", "80x", " 90", ""],
)
def test_any_columns_value_gives_help_not_a_traceback(columns: str) -> None:
    done = prepctl("lint", "--help", env={"COLUMNS": columns})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("Usage: prepctl lint")
    assert max(len(line) for line in done.stdout.splitlines()) <= 100


USAGE_ERRORS = [
    (["lnit"], "no such command 'lnit' (did you mean 'lint' or 'init'?)"),
    (["--bogus"], "no such option '--bogus'"),
    (["lint", "--fix"], "no such option '--fix'"),
    (["lint", "--colr", "never"], "no such option '--colr' (did you mean '--color'?)"),
    (["lint", "--confg", "x"], "no such option '--confg' (did you mean '--config'?)"),
    (["release", "--bump"], "option '--bump' requires an argument"),
    (
        ["release", "--bump", "huge"],
        "invalid value for '--bump': 'huge' is not one of 'major', 'minor', 'patch'",
    ),
    (["diff", "a", "b", "c"], "give at most two versions: BASE and HEAD"),
    (["explain"], "missing argument 'RULE'"),
    (["fmt", "--check=3"], "option '--check' does not take a value"),
    (["log", "--color", "blue"], "invalid value for '--color': 'blue' is not one of"),
    (["lint", "-f", "yaml"], "invalid value for '-f' / '--format': unknown format 'yaml'"),
    (["record", "--title", "t"], "missing option '--id'"),
    (["site"], "missing option '-o' / '--output'"),
    (["site", "-o", ""], "'-o' names no folder"),
    (["render", "-o", ""], "'-o' names no file"),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS)
def test_a_usage_error_is_one_line(run_cli: RunCli, args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"prepctl: {message}"), result.err
    assert result.err.count("\n") == 1, result.err
    assert result.err.endswith("\n")
    assert not result.err.endswith(".\n")


def test_a_usage_error_in_a_real_process_is_the_same_line() -> None:
    done = prepctl("release", "--bump", "huge")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "prepctl: invalid value for '--bump': 'huge' is not one of 'major', 'minor', 'patch'\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "-f", "\x1b]0;PWN\x07"],
        ["release", "--bump", "\x1b]0;PWN\x07"],
        ["lint", "--\x1b]0;PWN\x07"],
        ["\x1b]0;PWN\x07"],
        ["lint", "-f", "text:"],
        ["explain", "x", "\x1b[2J\u202e"],
    ],
)
def test_usage_errors_escape_what_they_echo(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert result.err.startswith("prepctl: ")
    assert result.err.count("\n") == 1
    for unsafe in ("\x1b", "\x07", "\u202e"):
        assert unsafe not in result.err
    if any("\x1b" in arg for arg in args):
        assert "\\x1b" in result.err
