"""Framework text in rendered documents: Markdown prose made safe, plain text kept plain.

Prose fields may hold Markdown. For HTML it is rendered by markdown-it-py in CommonMark mode
with raw HTML off, so a ``<script>`` in a summary shows as text; links are kept only when they
are http, https, mailto or a fragment inside the document (``#/safeguards/x``), so
``javascript:`` and ``data:`` links stay plain text; images become links to the picture,
because a published document must never fetch anything. Headings in prose are moved below the
heading they appear under. That part lives in :mod:`prepctl.render.prose_html`, imported only
when HTML is rendered, so that Markdown output never loads markdown-it.

For Markdown output, prose stays Markdown, but raw HTML in it is escaped the same way (a
consumer such as a wiki may not sanitise it), and plain text (names, ids, units) has every
character that Markdown would read as syntax escaped.
"""

from __future__ import annotations

import re
from typing import Any

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")


def to_html(text: str, *, top: int = 4) -> str:
    """Markdown prose as safe HTML; its highest heading becomes ``<h{top}>``."""
    from prepctl.render import prose_html

    return prose_html.to_html(text, top=top)


# -- Markdown output -------------------------------------------------------------------------

# Characters that Markdown (CommonMark, GFM and GitHub's extras) may read as syntax anywhere in
# running text: emphasis, code, links, raw HTML, entities, table cells, closing hashes, math.
_SYNTAX = re.compile(r"([\\`*_\[\]<>#|~&$])")


def plain(text: Any) -> str:
    """Plain text (a name, an id, a unit) for Markdown: syntax characters escaped, on one
    line, so it reads as written inside a heading, a list item or a table cell."""
    flat = " ".join(str(text).split())
    # Block syntax (list markers, setext underlines) only matters at the start of a line, and
    # the templates never begin a line with plain text.
    return _SYNTAX.sub(_backslashed, flat)


# Replacements are functions rather than templates such as r"\\\1": re runs a template with a
# backslash through Python code on every call, a function only on a match.
def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match.group()


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# An inline link or a link reference definition whose destination is not http, https, mailto
# or a fragment (this also catches destinations hidden behind entities, such as java&#115;).
_SAFE_DESTINATION = r"(?!\s*<?\s*(?:https?:|mailto:|#))"
_INLINE_LINK = re.compile(r"\]\(" + _SAFE_DESTINATION, re.IGNORECASE)
_REFERENCE = re.compile(
    r"^( {0,3})\[(?=[^\]\n]+\]:" + _SAFE_DESTINATION + ")", re.IGNORECASE | re.MULTILINE
)


def prose(text: str) -> str:
    """Markdown prose for Markdown output: kept as written, except that raw HTML shows as text
    (a ``<`` that starts a tag is escaped outside code), and links and autolinks to anything
    but http, https, mailto or a fragment are defused, as the HTML form does."""
    result: list[str] = []
    block: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        if fence is None and marker is None:
            block.append(line)
            continue
        if fence is None and marker is not None:
            if block:
                result.append(_escape_inline("\n".join(block)))
                block = []
            fence = marker.group(1)
        elif marker is not None and fence is not None:
            closing = marker.group(1)
            if closing[0] == fence[0] and len(closing) >= len(fence):
                fence = None
        result.append(line)  # inside a fence, HTML is already literal
    if block:
        result.append(_escape_inline("\n".join(block)))
    return "\n".join(result)


def _escape_inline(text: str) -> str:
    pieces: list[str] = []
    position = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(_escape_html(text[position : span.start()]))
        pieces.append(span.group(0))
        position = span.end()
    pieces.append(_escape_html(text[position:]))
    return "".join(pieces)


def _escape_html(text: str) -> str:
    # A link to anywhere but the web, mail or this document loses its closing bracket (or a
    # definition its opening one) and so reads as the text it is.
    text = _INLINE_LINK.sub(lambda _: "\\](", text)
    text = _REFERENCE.sub(lambda found: found.group(1) + "\\[", text)
    pieces: list[str] = []
    position = 0
    for link in _AUTOLINK.finditer(text):
        pieces.append(_TAG_START.sub(_backslashed, text[position : link.start()]))
        target = link.group(0)[1:-1]
        is_email = "@" in target and ":" not in target
        if is_email or target.lower().startswith(ALLOWED_SCHEMES):
            pieces.append(link.group(0))
        else:
            pieces.append("\\" + link.group(0))
        position = link.end()
    pieces.append(_TAG_START.sub(_backslashed, text[position:]))
    return "".join(pieces)
