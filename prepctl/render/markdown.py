"""The published framework as GitHub-flavoured Markdown, for repositories and wikis.

The content and order are those of the HTML document. Anchors are empty ``<a id="ADDRESS">``
elements: GitHub keeps them (prefixing the id with ``user-content-`` and mapping ``#ADDRESS``
to it in the page), and renderers that strip raw HTML lose only the anchor, not the text.

A redline marks changes in plain Markdown, so that it reads the same in any renderer, raw HTML
or not: removed text ``~~struck through~~``, added text ``**in bold**``, and each change's
impact in words (``▼ weakening``) with the change record that justified it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prepctl.render.placement import Placement
from prepctl.render.templating import markdown_environment
from prepctl.render.view import Framework

if TYPE_CHECKING:
    from prepctl.render.marks import Redline


def render(framework: Framework, redline: Redline | None = None) -> str:
    placement = Placement(redline, framework.anchors)
    text = (
        markdown_environment()
        .get_template("markdown/document.md.j2")
        .render(framework=framework, redline=placement)
    )
    # Optional parts leave runs of blank lines behind; one is all Markdown needs. (Lines are
    # not stripped otherwise: two trailing spaces are a line break in prose.)
    lines: list[str] = []
    for line in text.split("\n"):
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n") + "\n"
