"""The published framework as PDF, printed from the HTML by headless Chromium.

Chromium is found as ``PREPCTL_CHROMIUM``, else ``chromium``, ``chromium-browser`` or
``google-chrome`` on PATH. It runs with a fresh profile in a temporary folder, no network
services, no sandbox (so that it works as root in CI containers; it only ever opens our own
self-contained page, whose Content-Security-Policy forbids scripts and fetches) and no
header or footer of its own (they would print the date and the temporary file's path).

A PDF is as reproducible as Chromium allows: its text and layout depend on the input, the
Chromium version and the fonts installed. Chromium stamps the time of printing into the
document information as its creation and modification dates; both are replaced by the
framework's effective date (same length, so no offset in the file moves). With the same
Chromium and fonts, the same input then prints the same bytes; across machines it need not.
The HTML and Markdown forms are byte-identical everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from prepctl.errors import PrepctlError
from prepctl.render import html
from prepctl.render.view import Framework

if TYPE_CHECKING:
    from prepctl.render.marks import Redline

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 120
MISSING = "PDF needs Chromium: install Debian's chromium package, or render HTML and print it"

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)


def find_browser() -> str:
    """The Chromium to print with, or a PrepctlError saying how to get one."""
    configured = os.environ.get("PREPCTL_CHROMIUM")
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise PrepctlError(f"PREPCTL_CHROMIUM names '{configured}', which is not a program")
        return found
    for name in BROWSERS:
        found = shutil.which(name)
        if found is not None:
            return found
    raise PrepctlError(MISSING)


def render(framework: Framework, redline: Redline | None = None) -> bytes:
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="prepctl-pdf-") as folder:
        page = Path(folder) / "framework.html"
        page.write_text(html.render(framework, redline), encoding="utf-8")
        output = Path(folder) / "framework.pdf"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={output}",
            page.as_uri(),
        ]
        try:
            completed = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise PrepctlError(
                f"Chromium did not finish printing the PDF within {TIMEOUT_SECONDS} seconds"
            ) from None
        except OSError as exc:
            raise PrepctlError(f"cannot run Chromium ({browser}): {exc.strerror}") from None
        data = output.read_bytes() if output.is_file() else b""
        if completed.returncode != 0 or not data.startswith(b"%PDF-"):
            detail = _last_line(completed.stderr) or f"exit code {completed.returncode}"
            raise PrepctlError(f"Chromium could not print the PDF: {detail}")
        return stamp(data, framework.effective)


_INFO_DATE = re.compile(rb"/(CreationDate|ModDate) \((D:\d{14}[^)]*)\)")


def stamp(data: bytes, effective: str) -> bytes:
    """The PDF with its creation and modification dates set to ``effective`` (YYYY-MM-DD)."""
    digits = effective.replace("-", "")
    if not re.fullmatch(r"\d{8}", digits):
        return data

    def replace(match: re.Match[bytes]) -> bytes:
        old = match.group(2)
        new = b"D:" + digits.encode("ascii") + b"000000" + old[16:]
        return match.group(0).replace(old, new) if len(new) == len(old) else match.group(0)

    return _INFO_DATE.sub(replace, data)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
