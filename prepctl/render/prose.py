"""Framework text in rendered documents: Markdown prose made safe, plain text kept plain.

Prose fields may hold Markdown. For HTML it is rendered by markdown-it-py in CommonMark mode
with raw HTML off, so a ``<script>`` in a summary shows as text; links are kept only when they
are http, https, mailto or a fragment inside the document (``#/safeguards/x``), so
``javascript:`` and ``data:`` links stay plain text; images become links to the picture,
because a published document must never fetch anything. Headings in prose are moved below the
heading they appear under. That part lives in :mod:`prepctl.render.prose_html`, imported only
when HTML is rendered or prose needs it.

For Markdown output, prose stays Markdown that means what the HTML form shows, whatever the
consumer (a wiki may render raw HTML and follow any link): :mod:`prepctl.render.prose_markdown`
writes it back from the same parse, with all text escaped. Prose that holds no character
Markdown could read as syntax (most prose) is already that Markdown and is kept as written,
without loading the parser. Plain text (names, ids, units) has every character that Markdown
would read as syntax escaped (:mod:`prepctl.render.prose_syntax`).
"""

from __future__ import annotations

from prepctl.render.prose_syntax import LINE_START, TEXT_SYNTAX, plain

# The text functions the templates use, plain text's among them.
__all__ = ["cell", "plain", "prose", "to_html"]


def to_html(text: str, *, top: int = 4) -> str:
    """Markdown prose as safe HTML; its highest heading becomes ``<h{top}>``."""
    from prepctl.render import prose_html

    return prose_html.to_html(text, top=top)


# -- Markdown output -------------------------------------------------------------------------


def prose(text: str, *, indent: int = 0, top: int = 4) -> str:
    """Markdown prose for Markdown output: what the HTML form shows, as Markdown in which raw
    HTML is text and links go only to the web, mail or the document. Its highest heading
    becomes level ``top``; lines after the first are indented by ``indent`` spaces (to sit
    inside a list item). It may follow other text on a line: when it does not begin with a
    paragraph, it begins with a blank line."""
    written = _as_written(text)
    if written is None:
        from prepctl.render import prose_markdown

        written = prose_markdown.to_markdown(text, top=top)
    lines = written.split("\n")
    pad = " " * indent
    return "\n".join([lines[0], *(pad + line if line else "" for line in lines[1:])])


def cell(text: str) -> str:
    """Markdown prose on one line, for a table cell (pipes escaped)."""
    written = _as_written(text)
    if written is not None:
        return " ".join(line for line in written.split("\n") if line)
    from prepctl.render import prose_markdown

    return prose_markdown.to_cell(text)


def _as_written(text: str) -> str | None:
    """Prose made of paragraphs of text alone, in which nothing could be read as Markdown
    syntax, as the Markdown writer would write it (paragraphs one blank line apart); None for
    anything else."""
    if "\r" in text or "\0" in text or TEXT_SYNTAX.search(text):
        return None
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line.strip(" \t"):
            if paragraphs[-1]:
                paragraphs.append([])
        elif line[0].isspace() or line[-1].isspace() or LINE_START.match(line):
            return None
        else:
            paragraphs[-1].append(line)
    return "\n\n".join("\n".join(lines) for lines in paragraphs if lines)
