"""Headless Chromium, the one outside program prepctl prints with.

Chromium is found as ``PREPCTL_CHROMIUM``, else ``chromium``, ``chromium-browser`` or
``google-chrome`` on PATH. It runs with a fresh profile in a temporary folder, no network
services, no sandbox (so that it works as root in CI containers; it only ever opens prepctl's
own self-contained page, whose Content-Security-Policy forbids scripts and fetches) and no
header or footer of its own (they would print the date and the temporary file's path).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from prepctl.errors import PrepctlError

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


def print_pdf(page: str) -> bytes:
    """The PDF Chromium prints of an HTML page (given as its text)."""
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="prepctl-pdf-") as folder:
        written = Path(folder) / "framework.html"
        written.write_text(page, encoding="utf-8")
        output = Path(folder) / "framework.pdf"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={output}",
            written.as_uri(),
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
        return data


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
