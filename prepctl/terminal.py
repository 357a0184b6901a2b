"""Text for terminals: colour when it helps, and nothing from a framework file that can
drive the terminal or hide from the reader (control characters, bidirectional overrides and
invisible characters are shown as escapes), in text and in JSON alike."""

from __future__ import annotations

import os
import re
from typing import Any, TextIO

# Control characters (but tab and line feed, which callers decide about) and the invisible
# ones: every Unicode format character (Cf: bidirectional marks, embeddings, overrides and
# isolates, U+061C, zero-width spaces and joiners, the byte order mark, tags), the line and
# paragraph separators, and surrogates (a byte of an argument or a file name that is not
# UTF-8 arrives as one). tests/test_terminal.py checks the list against unicodedata.
_BASIC = (  # those in the Basic Multilingual Plane
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff"
    "\ufff9-\ufffb"
)
_UNSAFE = re.compile(
    f"[{_BASIC}\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# The same, and every character beyond the BMP: a class that the regular expression engine
# tests with one table lookup per character, where the ranges beyond the BMP above are tried
# one after another. Most text holds none of these and is returned after this one quick scan.
_MAYBE_UNSAFE = re.compile(f"[{_BASIC}\U00010000-\U0010ffff]")

_STYLES = {"red": "31", "yellow": "33", "blue": "34", "green": "32", "bold": "1", "dim": "2"}


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if "\udc80" <= character <= "\udcff":  # a byte that is not UTF-8, as Python reads it
        return f"\\x{ord(character) - 0xDC00:02x}"
    return character.encode("unicode_escape").decode("ascii")


def safe(text: str) -> str:
    """``text`` with every character that could move the cursor, reorder text or hide from
    the reader escaped (``\\x1b``, ``\\u202e``, ``\\u200b``)."""
    if _MAYBE_UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def safe_line(text: str) -> str:
    """``text`` escaped as :func:`safe` does, and its line breaks too: one line of output
    whatever a file name or a value holds."""
    return safe(text).replace("\n", "\\n")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON writes a character beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def write_json(document: Any, stream: TextIO) -> None:
    """``document`` as indented JSON and a line break, every character :func:`safe` would
    escape written as a ``\\uXXXX`` escape (the same string to a JSON reader), so that the
    JSON is safe on a terminal too."""
    import json  # only JSON reports need it

    text = json.dumps(document, indent=2, ensure_ascii=False)
    # Outside strings JSON is ASCII: every character matched here stands inside a string.
    stream.write(_UNSAFE.sub(_json_escape, text) + "\n")


def wants_color(stream: TextIO, choice: str) -> bool:
    """Whether to colour ``stream``: ``--color always``/``never`` decide; with ``auto``, a
    non-empty NO_COLOR says no (no-color.org), then a non-empty FORCE_COLOR says yes, even into
    a pipe (force-color.org), then TERM=dumb says no, and otherwise only a terminal gets colour.
    CPython 3.13 reads the same variables in the same order for its own colour."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, enabled: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if enabled else text
