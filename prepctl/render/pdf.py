"""The published framework as PDF: the HTML document, printed by headless Chromium
(:mod:`prepctl.io.chromium`).

A PDF is as reproducible as Chromium allows: its text and layout depend on the input, the
Chromium version and the fonts installed. Chromium stamps the time of printing into the
document information as its creation and modification dates; both are replaced by the
framework's effective date (same length, so no offset in the file moves). With the same
Chromium and fonts, the same input then prints the same bytes; across machines it need not.
The HTML and Markdown forms are byte-identical everywhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from prepctl.io import chromium
from prepctl.render import html
from prepctl.render.view import Framework

if TYPE_CHECKING:
    from prepctl.render.marks import Redline


def render(framework: Framework, redline: Redline | None = None) -> bytes:
    return stamp(chromium.print_pdf(html.render(framework, redline)), framework.effective)


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
