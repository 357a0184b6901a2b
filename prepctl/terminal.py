"""Text for terminals: colour when it helps, and nothing from a framework file that can
drive the terminal (control characters and bidirectional overrides are shown as escapes)."""

from __future__ import annotations

import os
import re
from typing import TextIO

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_STYLES = {"red": "31", "yellow": "33", "blue": "34", "green": "32", "bold": "1", "dim": "2"}


def safe(text: str) -> str:
    """``text`` with every character that could move the cursor or reorder text escaped."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


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
