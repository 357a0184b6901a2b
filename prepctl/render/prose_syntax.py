"""What Markdown reads as syntax, and text escaped so that it reads as itself.

Plain text (names, ids, units) has every character that Markdown would read as syntax escaped;
text that Markdown already read as text is escaped where it could become syntax once written
back. Links may go only to the web, mail, or a fragment inside the document. Shared by
:mod:`prepctl.render.prose` and the two writers of prose, :mod:`prepctl.render.prose_html` and
:mod:`prepctl.render.prose_markdown`; it loads no Markdown parser.
"""

from __future__ import annotations

import re
from typing import Any

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")

# Characters that Markdown (CommonMark, GFM and GitHub's extras) may read as syntax anywhere in
# running text: emphasis, code, links, raw HTML, entities, table cells, closing hashes, math.
_SYNTAX = re.compile(r"([\\`*_\[\]<>#|~&${}])")


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


# In text that Markdown already read as text, what could still become syntax once written back:
# the characters that open or close inline syntax (an underscore only when not between two
# letters or digits, where it can neither open nor close emphasis; an ampersand only where it
# starts what could be an entity, such as &lt; or &#60;), closing hashes, math, and the
# attribute lists some renderers read in braces.
TEXT_SYNTAX = re.compile(r"[\\`*\[\]<|~${}#]|&(?=#?[A-Za-z0-9]{1,32};)|(?<![^\W_])_|_(?![^\W_])")
# What begins a block at the start of a line: a list item, a setext underline, a block quote.
LINE_START = re.compile(r"[-+=>]|\d{1,9}[.)]")


def escape_text(text: str) -> str:
    """Text, as Markdown that reads as exactly this text wherever a line does not start."""
    return TEXT_SYNTAX.sub(_backslashed, text)
