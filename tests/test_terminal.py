"""When text is coloured: ``--color`` first, then NO_COLOR, then FORCE_COLOR, then TERM=dumb,
then whether the output is a terminal (the order CPython 3.13 follows for its own colour)."""

from __future__ import annotations

import io
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FRAMEWORK, ROOT

from prepctl.terminal import wants_color

ESC = "\x1b["


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A framework with a finding, which lint's text report colours."""
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    manifest = folder / "framework.yaml"
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: one"))
    return folder


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


CASES = [
    # choice, environment, a terminal?, colour?
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"FORCE_COLOR": "0"}, False, True),  # any value but the empty one
    ("auto", {"FORCE_COLOR": ""}, False, False),
    ("auto", {"TERM": "dumb"}, True, False),
    ("auto", {"TERM": "xterm"}, True, True),
    ("auto", {"TERM": "dumb", "FORCE_COLOR": "1"}, True, True),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),
    ("always", {"NO_COLOR": "1", "TERM": "dumb"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
]


@pytest.mark.parametrize(("choice", "environment", "tty", "expected"), CASES)
def test_the_order_of_the_colour_settings(
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    environment: dict[str, str],
    tty: bool,
    expected: bool,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    stream = Terminal() if tty else io.StringIO()
    assert wants_color(stream, choice) is expected


def _clean_environment(**extra: str) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")
    }
    return {**environment, **extra}


def test_force_color_colours_a_pipe(broken: Path) -> None:
    piped = [sys.executable, "-m", "prepctl", "lint", str(broken)]
    plain = subprocess.run(
        piped, capture_output=True, text=True, cwd=ROOT, env=_clean_environment(), check=False
    )
    forced = subprocess.run(
        piped,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_clean_environment(FORCE_COLOR="1"),
        check=False,
    )
    assert plain.returncode == forced.returncode == 1
    assert ESC not in plain.stdout
    assert ESC in forced.stdout


def _on_a_terminal(framework: Path, **environment: str) -> str:
    """What prepctl writes to a real pseudo-terminal."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "prepctl", "lint", str(framework)],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=_clean_environment(**environment),
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    finally:
        os.close(leader)
    return b"".join(chunks).decode()


def test_a_dumb_terminal_gets_no_colour(broken: Path) -> None:
    assert ESC in _on_a_terminal(broken, TERM="xterm-256color")
    dumb = _on_a_terminal(broken, TERM="dumb")
    assert "/version" in dumb
    assert ESC not in dumb
