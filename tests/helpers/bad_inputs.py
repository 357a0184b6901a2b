"""Running prepctl on hostile input: the corpus's folder, a run's outcome, and what every
run must do whatever its input."""

from __future__ import annotations

import contextlib
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import ROOT

CORPUS = ROOT / "tests" / "bad_inputs"


HANG_SECONDS = 20  # a hang detector, not a performance assertion


MEMORY_BYTES = 1 << 30


ESC = b"\x1b"


# What no output may carry raw, whatever its format: control characters but tab and line
# feed (C1 U+009B is a CSI to some terminals), and the invisible ones: format characters
# (bidirectional overrides, isolates and marks, U+061C, zero-width spaces, tags) and the
# Unicode line and paragraph separators.
INVISIBLE = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for c in range(0x110000)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp") and chr(c) not in "\t\n"
    )
    + "]"
)


@dataclass(frozen=True)
class Outcome:
    arguments: tuple[str, ...]
    code: int | None  # None: still running when the hang detector fired
    out: bytes
    err: bytes

    def stderr(self) -> str:
        return self.err.decode("utf-8", "replace")

    def stdout_lines(self) -> list[str]:
        return self.out.decode("utf-8", "replace").splitlines()


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_prepctl(
    runs: list[list[str]], cwd: Path, env: dict[str, str] | None = None
) -> list[Outcome]:
    """Run ``python -m prepctl`` once for each argument list, side by side.

    Processes are started from this thread only (``preexec_fn`` is unsafe with threads), and
    write to files rather than pipes, so that no process can stall on a full pipe while
    another is waited for.
    """
    environment = {k: v for k, v in {**os.environ, **(env or {})}.items() if k != "NO_COLOR"}
    with contextlib.ExitStack() as stack:
        started: list[tuple[list[str], subprocess.Popen[bytes], Any, Any]] = []
        for arguments in runs:
            out = stack.enter_context(tempfile.TemporaryFile())
            err = stack.enter_context(tempfile.TemporaryFile())
            process = stack.enter_context(
                subprocess.Popen(
                    [sys.executable, "-m", "prepctl", *arguments],
                    cwd=cwd,
                    env=environment,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    preexec_fn=_limit_memory,
                )
            )
            started.append((arguments, process, out, err))
        deadline = time.monotonic() + HANG_SECONDS
        outcomes: list[Outcome] = []
        for arguments, process, out, err in started:
            code: int | None
            try:
                code = process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                code = None
            out.seek(0)
            err.seek(0)
            outcomes.append(Outcome(tuple(arguments), code, out.read(), err.read()))
        return outcomes


def assert_well_behaved(outcome: Outcome) -> None:
    """What every run must do, whatever its input: finish, exit 0, 1 or 2 without a traceback,
    say why in one line when it exits 2, and never pass a control character (but tab and line
    feed) or an invisible character through, in any format: text, JSON or XML."""
    shown = f"prepctl {' '.join(outcome.arguments)}"
    assert outcome.code is not None, f"{shown}: still running after {HANG_SECONDS} s"
    assert b"Traceback" not in outcome.err, f"{shown}:\n{outcome.stderr()}"
    assert outcome.code in (0, 1, 2), f"{shown}: exit {outcome.code}\n{outcome.stderr()}"
    if outcome.code == 2:
        assert outcome.stderr().count("\n") == 1, f"{shown}: not one line:\n{outcome.stderr()}"
        assert outcome.stderr().startswith("prepctl: "), outcome.stderr()
    for name, stream in (("stdout", outcome.out), ("stderr", outcome.err)):
        assert ESC not in stream, f"{shown}: ESC on {name}"
        found = INVISIBLE.search(stream.decode("utf-8", "replace"))
        assert found is None, f"{shown}: {found.group()!r} on {name}"
