"""Markdown prose re-written for Markdown output, from the same CommonMark parse as the HTML.

The prose is parsed by :mod:`prepctl.render.prose_html`'s parser (raw HTML off, links only to
the web, mail or the document), and the Markdown is written back from the parse: every piece
of text escaped so that it reads as text in any CommonMark renderer, every structure (emphasis,
code, lists, quotes, tables, headings, links) written out by this module. Nothing of what the
author typed reaches the output unescaped except the inside of code, which CommonMark never
reads as HTML. So raw HTML shows as text, a link to anything but http, https, mailto or a
fragment shows as the text it is, reference definitions are gone (their links are written
inline), and images become links to the picture, as in the HTML document.

A written Markdown is then read back by a parser with raw HTML on and no link check, the most
permissive consumer: should it find any HTML or an unsafe link (it never should), the prose is
written as plain text instead.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from prepctl.render import prose_html
from prepctl.render.prose_syntax import ALLOWED_SCHEMES, LINE_START, escape_text, plain


def to_markdown(text: str, *, top: int = 4) -> str:
    """Prose as Markdown blocks; its highest heading becomes level ``top``. When the first block
    is not a paragraph, the result starts with a blank line, so that it may follow text on a
    line (a label, a list marker) and still be read as that block."""
    written = rewrite(text, top=top)
    return written if _inert(written) else plain(text)


def to_cell(text: str) -> str:
    """Prose on one line, for a table cell: the text and code of every block, side by side."""
    written = rewrite(text, cell=True)
    return written if _inert(f"| {written} |\n|---|\n") else plain(text)


def rewrite(text: str, *, top: int = 4, cell: bool = False) -> str:
    """The Markdown written back from the parse of ``text``, before it is read back."""
    tree = SyntaxTreeNode(prose_html.parser(joined=False).parse(text))
    if cell:
        return " ".join(part for part in _Writer(shift=0, cell=True).flat(tree.children) if part)
    levels = [int(node.tag[1]) for node in tree.walk() if node.type == "heading"]
    writer = _Writer(shift=max(0, top - min(levels)) if levels else 0, cell=False)
    written = "\n".join(writer.blocks(tree.children))
    if tree.children and tree.children[0].type != "paragraph":
        written = "\n\n" + written
    return written


# -- reading it back --------------------------------------------------------------------------


class _Permissive(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return True


@cache
def _permissive() -> MarkdownIt:
    return _Permissive("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _inert(markdown: str) -> bool:
    """Whether a consumer keeping raw HTML and every link finds no HTML, no image and no link
    but to the web, mail or the document in ``markdown``."""
    for token in _tokens(_permissive().parse(markdown)):
        if token.type in ("html_block", "html_inline", "image"):
            return False
        if token.type == "link_open" and not _safe(str(token.attrGet("href") or "")):
            return False
    return True


def _tokens(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        if token.children:
            found += _tokens(token.children)
    return found


def _safe(url: str) -> bool:
    # (An empty destination, as in [a](), links to the page itself.)
    return not url.strip() or url.strip().lower().startswith(("#", *ALLOWED_SCHEMES))


# -- writing it -------------------------------------------------------------------------------

# Where the parse had text at the start of a line, what could begin a block there instead; the
# rest of Markdown's syntax is escaped everywhere.
_LINE_START = re.compile(f"^(?:{LINE_START.pattern})", re.MULTILINE)
_OTHER_MARKER = {"-": "*", "*": "-", "+": "-", ".": ")", ")": "."}
_ALIGN = {"text-align:left": ":--", "text-align:right": "--:", "text-align:center": ":-:"}


class _Writer:
    def __init__(self, *, shift: int, cell: bool) -> None:
        self.shift = shift
        self.cell = cell  # inside a table cell: one line, pipes escaped in code too

    # Blocks, each a list of lines ------------------------------------------------------------

    def blocks(self, nodes: list[SyntaxTreeNode], tight: bool = False) -> list[str]:
        lines: list[str] = []
        marker = ""
        for node in nodes:
            if lines and not tight:
                lines.append("")
            if node.type in ("bullet_list", "ordered_list"):
                # Two lists in a row stay two lists only with different markers.
                marker = _OTHER_MARKER[node.markup] if marker == node.markup else node.markup
                lines += self.listing(node, marker)
            else:
                marker = ""
                lines += self.block(node)
        return lines

    def block(self, node: SyntaxTreeNode) -> list[str]:
        kind = node.type
        if kind == "paragraph":
            return _LINE_START.sub(_escaped_start, self.inline(node.children[0])).split("\n")
        if kind == "heading":
            level = min(6, int(node.tag[1]) + self.shift)
            return [("#" * level + " " + self.inline(node.children[0], flat=True)).rstrip()]
        if kind == "blockquote":
            return [f"> {line}" if line else ">" for line in self.blocks(node.children) or [""]]
        if kind in ("bullet_list", "ordered_list"):
            return self.listing(node, node.markup)
        if kind in ("fence", "code_block"):
            return _fence(node.content, node.info if kind == "fence" else "")
        if kind == "hr":
            return ["***"]
        if kind == "table":
            return self.table(node)
        # Nothing else comes out of the parser (raw HTML is off); keep the text, escaped.
        return [escape_text(node.content)] if node.content else []

    def listing(self, node: SyntaxTreeNode, markup: str) -> list[str]:
        # markdown-it hides the paragraphs of a tight list (no blank line between items).
        tight = any(
            child.type == "paragraph" and child.hidden
            for item in node.children
            for child in item.children
        )
        start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 0
        lines: list[str] = []
        for number, item in enumerate(node.children, start):
            marker = f"{number}{markup}" if node.type == "ordered_list" else markup
            inner = self.blocks(item.children, tight)
            if lines and not tight:
                lines.append("")
            pad = " " * (len(marker) + 1)
            first = f"{marker} {inner[0]}" if inner and inner[0] else marker
            lines += [first, *(pad + line if line else "" for line in inner[1:])]
        return lines

    def table(self, node: SyntaxTreeNode) -> list[str]:
        rows = [row for part in node.children for row in part.children]
        within = _Writer(shift=self.shift, cell=True)
        lines: list[str] = []
        for index, row in enumerate(rows):
            cells = [
                within.inline(cell.children[0]) if cell.children else "" for cell in row.children
            ]
            lines.append("| " + " | ".join(cells) + " |")
            if index == 0:
                aligns = [
                    _ALIGN.get(str(cell.attrs.get("style", "")), "---") for cell in row.children
                ]
                lines.append("| " + " | ".join(aligns) + " |")
        return lines

    def flat(self, nodes: list[SyntaxTreeNode]) -> list[str]:
        """Every block's text on one line (for a table cell)."""
        parts: list[str] = []
        for node in nodes:
            if node.type in ("paragraph", "heading", "th", "td"):
                parts += [self.inline(child, flat=True) for child in node.children]
            elif node.type in ("fence", "code_block") and node.content.strip():
                parts.append(self.code(" ".join(node.content.split())))
            else:
                parts += self.flat(node.children)
        return parts

    # Inline content, as one string ------------------------------------------------------------

    def inline(self, node: SyntaxTreeNode, flat: bool = False) -> str:
        flat = flat or self.cell
        out: list[str] = []
        children = node.children
        for index, child in enumerate(children):
            kind = child.type
            if kind == "text":
                text = escape_text(child.content)
                following = children[index + 1].type if index + 1 < len(children) else ""
                if text.endswith("!") and following in ("link", "image"):
                    text = text[:-1] + "\\!"  # not the '!' of an image
                out.append(text)
            elif kind == "text_special":
                # An escape or an entity, as written: its character is text either way, and
                # emphasis beside it is read as it was (an entity's ';' is punctuation).
                out.append(child.markup)
            elif kind == "softbreak":
                out.append(" " if flat else "\n")
            elif kind == "hardbreak":
                out.append(" " if flat else "\\\n")
            elif kind in ("em", "strong"):
                out.append(child.markup + self.inline(child, flat) + child.markup)
            elif kind == "s":
                out.append("~~" + self.inline(child, flat) + "~~")
            elif kind == "code_inline":
                out.append(self.code(child.content))
            elif kind == "link":
                label = self.inline(child, flat)
                out.append(
                    f"[{label}]({_destination(child.attrs.get('href'), child.attrs.get('title'))})"
                )
            elif kind == "image":
                tokens = child.to_tokens()[0].children or []
                where = _destination(child.attrs.get("src"), child.attrs.get("title"))
                out.append(f"[{escape_text(prose_html.image_text(tokens))}]({where})")
            elif child.content:
                out.append(escape_text(child.content))
        return "".join(out)

    def code(self, content: str) -> str:
        if self.cell:
            content = content.replace("|", "\\|")
        runs = {len(run) for run in re.findall(r"`+", content)}
        size = next(n for n in range(1, len(runs) + 2) if n not in runs)
        fence = "`" * size
        pad = content[:1] == "`" or content[-1:] == "`"
        pad = pad or (content[:1] == " " and content[-1:] == " " and content.strip(" ") != "")
        space = " " if pad else ""
        return f"{fence}{space}{content}{space}{fence}"


def _escaped_start(match: re.Match[str]) -> str:
    return match.group()[:-1] + "\\" + match.group()[-1]


def _fence(content: str, info: str) -> list[str]:
    # The language name alone (all the HTML form keeps of the info string, as a class), each
    # punctuation character escaped; a fence longer than any run of its character inside, so
    # that nothing in the code can close it.
    words = unescapeAll(info).split()
    language = _PUNCTUATION.sub(r"\\\g<0>", words[0]) if words else ""
    mark = "~" if "`" in language else "`"
    longest = max((len(run) for run in re.findall(f"{mark}+", content)), default=0)
    fence = mark * max(3, longest + 1)
    body = content[:-1] if content.endswith("\n") else content
    return [fence + language, *(body.split("\n") if content else []), fence]


_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_DESTINATION = str.maketrans({"<": "%3C", ">": "%3E", "\\": "%5C", "&": "\\&", "\n": "%0A"})
_TITLE = str.maketrans({"\\": "\\\\", '"': '\\"', "&": "\\&", "\n": " "})


def _destination(url: object, title: object) -> str:
    written = f"<{str(url or '').translate(_DESTINATION)}>"
    if title:
        written += f' "{str(title).translate(_TITLE)}"'
    return written
