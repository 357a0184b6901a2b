"""Usage errors look like every other error: one line, ``prepctl:`` first, on stderr, exit 2,
whatever the command, and nothing echoed from the command line can drive the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from conftest import ROOT, Run

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
