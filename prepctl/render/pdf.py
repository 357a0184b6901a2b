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

import hashlib
import re
from typing import TYPE_CHECKING

from prepctl.io import chromium
from prepctl.render import html
from prepctl.render.view import Framework

if TYPE_CHECKING:
    from prepctl.render.marks import Redline


def render(framework: Framework, redline: Redline | None = None) -> bytes:
    printed = html.render(framework, redline)
    data = stamp(chromium.print_pdf(printed), framework.effective)
    edition = framework.edition
    digest = hashlib.sha256(printed.encode("utf-8")).hexdigest()
    return sign_off(
        data,
        digest,
        edition.name if edition is not None else "public",
        edition.release.tag if edition is not None and edition.release is not None else None,
    )


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


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.DOTALL)
_KEY = {
    "html": b"/PrepctlHTMLSHA256",
    "edition": b"/PrepctlEdition",
    "release": b"/PrepctlRelease",
}


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("ascii", "replace") + b")"


def sign_off(data: bytes, html_sha256: str, edition: str, release: str | None) -> bytes:
    """The PDF with the SHA-256 of the HTML it was printed from, its edition and its release
    tag added to its document information, as an incremental update (the printed bytes stay
    as they were, followed by a new version of the information dictionary)."""
    trailer = _TRAILER.search(data)
    if trailer is None:
        return data
    fields = trailer.group(1)
    info = re.search(rb"/Info\s+(\d+)\s+0\s+R", fields)
    root = re.search(rb"/Root\s+(\d+\s+\d+)\s+R", fields)
    size = re.search(rb"/Size\s+(\d+)", fields)
    if info is None or root is None or size is None:
        return data
    number = int(info.group(1))
    old = re.search(rb"(?<![0-9])%d 0 obj\s*<<(.*?)>>\s*endobj" % number, data, re.DOTALL)
    entries = old.group(1) if old is not None else b""
    entries += b"\n" + _KEY["html"] + b" " + _pdf_string(html_sha256)
    entries += b"\n" + _KEY["edition"] + b" " + _pdf_string(edition)
    if release is not None:
        entries += b"\n" + _KEY["release"] + b" " + _pdf_string(release)
    body = data if data.endswith(b"\n") else data + b"\n"
    offset = len(body)
    update = b"%d 0 obj\n<<%s>>\nendobj\n" % (number, entries)
    xref = offset + len(update)
    update += b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
    update += b"trailer\n<</Size %s\n/Root %s R\n/Info %d 0 R\n/Prev %s>>\n" % (
        size.group(1),
        root.group(1),
        number,
        trailer.group(2),
    )
    update += b"startxref\n%d\n%%%%EOF\n" % xref
    return body + update


def read_stamp(data: bytes) -> tuple[str, str, str | None] | None:
    """What :func:`sign_off` wrote: the HTML's SHA-256, the edition and the release tag (the
    last update's), or None for a PDF prepctl did not print."""

    def last(key: bytes) -> str | None:
        found = re.findall(re.escape(key) + rb"\s*\(((?:[^()\\]|\\.)*)\)", data)
        if not found:
            return None
        return re.sub(rb"\\(.)", rb"\1", found[-1]).decode("ascii", "replace")

    digest = last(_KEY["html"])
    if digest is None:
        return None
    return digest, last(_KEY["edition"]) or "public", last(_KEY["release"])
