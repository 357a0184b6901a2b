"""Markdown prose as safe HTML, with markdown-it-py.

See :mod:`prepctl.render.prose` for what is kept: CommonMark with tables and strikethrough, no
raw HTML, links only to the web, mail or the document, images as links to the picture. The same
parse is the source of Markdown output (:mod:`prepctl.render.prose_markdown`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from prepctl.render.prose_syntax import ALLOWED_SCHEMES


class _SafeMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        """Only web and mail links, and fragments within the document; nothing executable."""
        lowered = url.strip().lower()
        return lowered.startswith(("#", *ALLOWED_SCHEMES))


def _image_as_link(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    source = escapeHtml(str(token.attrGet("src") or ""))
    return f'<a href="{source}">{escapeHtml(image_text(token.children or []))}</a>'


def image_text(tokens: Sequence[Token]) -> str:
    """An image's description as one line of plain text, or 'image' when it has none."""
    described = RendererHTML().renderInlineAsText(tokens, parser().options, {})
    return " ".join(described.split()) or "image"


@cache
def parser(*, joined: bool = True) -> MarkdownIt:
    """The CommonMark parser of prose. For Markdown output (``joined`` false) escapes and
    entities stay tokens of their own, so that they can be written back as they were."""
    # CommonMark plus the two GFM extensions people expect in a repository (tables and
    # strikethrough), so that prose renders alike on GitHub and in the HTML document.
    markdown = _SafeMarkdown("commonmark", {"html": False})
    markdown.enable(["table", "strikethrough"])
    markdown.add_render_rule("image", _image_as_link)
    if not joined:
        markdown.disable("text_join")
    return markdown


def to_html(text: str, *, top: int = 4) -> str:
    """Markdown prose as safe HTML; its highest heading becomes ``<h{top}>``."""
    tokens = parser().parse(text)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if levels:
        shift = max(0, top - min(levels))
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
    return str(parser().renderer.render(tokens, parser().options, {}))
