"""The rendered document in a real browser: headless Chromium parses it, draws it, prints it.

These tests drive Debian's chromium from its command line (``--dump-dom``, ``--screenshot``,
``--print-to-pdf``) with no extra Python dependency. Without Chromium they are skipped, and
the skip says so in pytest's summary; ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FRAMEWORK, Run
from helpers.redline import ADDED_EVALUATION, REMOVED_SAFEGUARD, pair
from helpers.render import (
    ATTRIBUTE,
    HOSTILE_NAME,
    LINK,
    RAW,
    SCRIPT,
    TEMPLATE,
    assert_inert,
    data_of,
    hostile_framework,
    parse_html,
)

RunCli = Callable[..., Run]


def _chromium() -> str | None:
    configured = os.environ.get("PREPCTL_CHROMIUM")
    if configured:
        return shutil.which(configured)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed: .ci/run installs Debian's chromium"
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def page_problems(stderr: str) -> list[str]:
    """What the page itself complained about: console messages (scripts, uncaught errors)
    and Content-Security-Policy refusals (a blocked fetch or an unhashed style)."""
    return [
        line
        for line in stderr.splitlines()
        if re.search(r"CONSOLE|Uncaught|Refused to|Content Security Policy", line)
    ]


@pytest.fixture
def page(run_cli: RunCli, tmp_path: Path) -> Path:
    out = tmp_path / "hostile.html"
    result = run_cli("render", str(hostile_framework(tmp_path)), "-o", str(out))
    assert result.code == 0, result.err
    return out


def test_browser_builds_no_script_and_shows_hostile_text_as_text(
    page: Path, tmp_path: Path
) -> None:
    completed = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert completed.returncode == 0, completed.stderr[-2000:]
    dom = parse_html(completed.stdout)
    assert_inert(dom)
    body = dom.text()
    assert HOSTILE_NAME in body
    assert f"Prose {SCRIPT} {TEMPLATE} {RAW} {ATTRIBUTE} {LINK} end." in body
    assert '<div onclick="x">' in body
    assert page_problems(completed.stderr) == []


def test_style_applies_under_the_content_security_policy(page: Path, tmp_path: Path) -> None:
    """A stylesheet whose hash the policy does not name is refused: the check above would see
    the refusal. Here a page that breaks the rule shows that the check can fail."""
    tampered = tmp_path / "tampered.html"
    tampered.write_text(page.read_text().replace("<style>", "<style>/* changed */", 1))
    completed = chromium(tmp_path, "--dump-dom", tampered.as_uri())
    problems = page_problems(completed.stderr)
    assert any("inline style violates" in line for line in problems), completed.stderr[-2000:]


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_screenshot_of_the_shipped_framework(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "framework.html"
    assert run_cli("render", str(FRAMEWORK), "-o", str(out)).code == 0
    shot = tmp_path / "framework.png"
    completed = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", out.as_uri())
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert _png_size(shot) == (1280, 2000)
    # A blank or unstyled page compresses to a few kilobytes; the document does not.
    assert shot.stat().st_size > 60_000
    assert page_problems(completed.stderr) == []


def test_pdf_is_printed_by_chromium(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "framework.pdf"
    result = run_cli("render", str(FRAMEWORK), "-o", str(out))
    assert (result.code, result.err) == (0, "")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) > 10
    assert [p.name for p in tmp_path.iterdir()] == ["framework.pdf"]
    # Chromium's time of printing is replaced by the effective date: the same Chromium prints
    # the same bytes.
    effective = data_of(FRAMEWORK)["effective"].replace("-", "")
    assert f"/CreationDate (D:{effective}000000".encode() in data
    again = tmp_path / "again.pdf"
    assert run_cli("render", str(FRAMEWORK), "-f", "pdf", "-o", str(again)).code == 0
    assert again.read_bytes() == data


def test_redline_marks_are_in_the_browsers_dom(run_cli: RunCli, tmp_path: Path) -> None:
    base, head = pair(tmp_path)
    out = tmp_path / "redline.html"
    result = run_cli("render", str(head), "--against", str(base), "-o", str(out))
    assert result.code == 0, result.err
    completed = chromium(tmp_path, "--dump-dom", out.as_uri())
    assert completed.returncode == 0, completed.stderr[-2000:]
    # The redline's own stylesheet is covered by the page's policy too.
    assert page_problems(completed.stderr) == []
    dom = parse_html(completed.stdout)
    assert_inert(dom)
    struck = [e.text() for e in dom.walk() if e.tag == "del"]
    inserted = [e for e in dom.walk() if e.tag == "ins"]
    badges = {e.text() for e in dom.walk() if "rl-badge" in e.attrs.get("class", "")}
    assert "required safeguard removed: Usage monitoring and enforcement" in struck
    assert "must" in struck
    assert any(ADDED_EVALUATION in [c.attrs.get("id") for c in e.walk()] for e in inserted)
    assert {"▼ weakening", "▲ strengthening"} <= badges
    assert any(e.attrs.get("id") == REMOVED_SAFEGUARD for e in dom.walk())
    shot = tmp_path / "redline.png"
    completed = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1600", out.as_uri())
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert _png_size(shot) == (1280, 1600)
    assert shot.stat().st_size > 60_000
