"""Assessment reports in a real browser: headless Chromium reads the scorecard of each shipped
Meridian model, and prints a report to PDF through ``prepctl assess -o``."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ROOT, Run
from helpers.render import assert_inert, parse_html

RunCli = Callable[..., Run]


def _chromium() -> str | None:
    configured = os.environ.get("PREPCTL_CHROMIUM")
    if configured:
        return shutil.which(configured)
    return next(
        (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))),
        None,
    )


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed: .ci/run installs Debian's chromium"
)


def dump_dom(tmp_path: Path, page: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "framework", root / "framework")
    shutil.copytree(ROOT / "assessments", root / "assessments")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    ("assessment", "code", "expected"),
    [
        (
            "assessments/meridian-atlas-3/2026-11-20.yaml",
            0,
            {"/categories/cybersecurity": ("High", "High")},
        ),
        (
            "assessments/meridian-beacon-1/2026-11-28.yaml",
            1,
            {"/categories/biological-chemical": ("High", "Below every level")},
        ),
    ],
    ids=["atlas-3", "beacon-1"],
)
def test_the_browser_shows_the_scorecard_levels(
    shipped: Path,
    run_cli: RunCli,
    tmp_path: Path,
    assessment: str,
    code: int,
    expected: dict[str, tuple[str, str]],
) -> None:
    page = tmp_path / "scorecard.html"
    result = run_cli("assess", assessment, "--report", "scorecard", "-o", str(page))
    assert (result.code, result.err) == (code, "")
    completed = dump_dom(tmp_path, page)
    assert completed.returncode == 0, completed.stderr[-2000:]
    problems = [
        line
        for line in completed.stderr.splitlines()
        if re.search(r"CONSOLE|Uncaught|Refused to|Content Security Policy", line)
    ]
    assert problems == []  # the stylesheet applies under the page's policy; nothing ran
    dom = parse_html(completed.stdout)
    assert_inert(dom)
    levels: dict[str, tuple[str, str]] = {}
    for row in dom.walk():
        if row.tag == "tr" and "data-category" in row.attrs:
            cells = {c.attrs.get("class"): c.text() for c in row.walk() if c.tag == "td"}
            levels[row.attrs["data-category"]] = (cells["level-pre"], cells["level-post"])
    assert len(levels) == 6
    below = ("Below every level", "Below every level")
    assert levels == {name: expected.get(name, below) for name in levels}


def test_a_report_is_printed_to_pdf_with_o(shipped: Path, run_cli: RunCli, tmp_path: Path) -> None:
    beacon = "assessments/meridian-beacon-1/2026-11-28.yaml"
    out = tmp_path / "beacon.pdf"
    result = run_cli("assess", beacon, "--report", "safeguards", "-o", str(out))
    assert (result.code, result.err, result.out) == (1, "", "")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    # Dated on the day of the assessment, not the time of printing, and signed off with the
    # HTML it was printed from.
    assert b"/CreationDate (D:20261128000000" in data
    html = run_cli("assess", beacon, "--report", "safeguards", "-f", "html")
    digest = hashlib.sha256(html.out.encode("utf-8")).hexdigest()
    assert f"/PrepctlHTMLSHA256 ({digest})".encode() in data
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("profile")) == [
        "beacon.pdf",
        "repo",
    ]
