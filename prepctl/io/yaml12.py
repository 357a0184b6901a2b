"""Where libyaml (a YAML 1.1 parser) and YAML 1.2 read the same text differently.

:mod:`prepctl.io.yaml` reads files through libyaml's events. For a few constructs libyaml gives
other data than YAML 1.2 does, or accepts what YAML 1.2 forbids; the official YAML Test Suite
(tests/data/yaml-test-suite/) finds them. The events alone cannot tell, so these checks look at
the text around them, and the reader refuses what they find with a located message:

* ``[?x]`` and ``{?x: 1}``: libyaml takes a '?' glued to text inside brackets for a key
  indicator, YAML 1.2 for the first character of the text;
* ``&an:chor``: libyaml ends an anchor's name at ':' (and '?'), YAML 1.2 only at a space or a
  bracket, comma or brace;
* ``[-]``: a '-', '?' or ':' alone (or before a space) is no text in YAML 1.2;
* ``"a"#b``, ``[a]#b``, ``[a,#b``, ``|#b``: a comment must follow a space;
* lines that continue quoted text or a ``[ ]``/``{ }`` collection less indented than YAML 1.2
  requires (a tab is not indentation);
* a block of text (``|`` or ``>``) whose leading empty lines hold more spaces than its first
  line of text, or that ends the file in a line of spaces with no line break after it.

Each check takes the text and character offsets (libyaml's marks count characters) and returns
the offset of the problem with its message, or None. All of them look only near the value they
are given, so the whole file is checked in time linear in its size.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ENDS_NAME = frozenset(" \t\r\n,[]{}")
"""What ends an anchor's name, and what may follow a '?' key indicator, in YAML 1.2."""
_BLANK = frozenset(" \t\r\n")
_LINE_BREAK = re.compile(r"[\r\n]")
_BLOCK_HEADER = re.compile(r"(?:[!&][^ \t\r\n]*[ \t]+)*[|>]([-+]?)([1-9]?)([-+]?)")
"""A block scalar's header after its tag and anchor, if any: '|' or '>', then the chomping
indicator and the indentation digit in either order."""

Problem = tuple[int, str]


def question_mark_before(text: str, index: int) -> Problem | None:
    """A '?' glued to the value starting at ``index``, which libyaml took for a key indicator."""
    if index == 0 or text[index - 1] != "?" or index >= len(text) or text[index] in _ENDS_NAME:
        return None
    return (
        index - 1,
        "inside [ ] or { }, text that starts with '?' must be put in quotes "
        "(or write '? ' with a space for a key)",
    )


def anchor_cut_short(text: str, index: int, anchor: str) -> Problem | None:
    """An anchor (at ``index``, or after a tag there) whose name libyaml ended before YAML 1.2
    does."""
    at = index
    if text.startswith("!", at):
        while at < len(text) and text[at] not in _BLANK:
            at += 1
        while at < len(text) and text[at] in " \t":
            at += 1
    if not text.startswith("&" + anchor, at):
        return None
    end = stop = at + 1 + len(anchor)
    while stop < len(text) and text[stop] not in _ENDS_NAME:
        stop += 1
    if stop == end:
        return None
    shown = text[at:stop] if stop - at <= 40 else text[at : at + 40] + "…"
    return (
        at,
        f"the anchor '{shown}' is not allowed: YAML readers disagree on where its name "
        f"ends (at the '{text[end]}' or after it); framework files cannot use aliases, so "
        "remove the anchor",
    )


def lone_indicator(text: str, index: int, in_flow: bool) -> bool:
    """Whether plain text starting at ``index`` starts with '-', '?' or ':' followed by a space,
    a line break, the end, or (inside brackets) a bracket, comma or brace: never text in YAML
    1.2, while libyaml reads ``[-]`` as the text '-'. (``::`` is the text ':' as a key.)"""
    if text[index : index + 1] not in ("-", "?", ":"):
        return False
    after = text[index + 1 : index + 2]
    return not after or after in _BLANK or (in_flow and after in _ENDS_NAME)


def glued_comment(text: str, starts: list[int], ends: list[int]) -> Problem | None:
    """The first comment whose '#' follows something other than a space or a line break.

    ``starts`` and ``ends`` are the offsets of every scalar, in order: a '#' inside one is
    text. The first '#' of a line outside them starts a comment, and the rest of that line is
    skipped, so each '#' is looked at once.
    """
    at = text.find("#")
    while at >= 0:
        inside = bisect_right(starts, at) - 1
        if inside >= 0 and at < ends[inside]:
            at = text.find("#", ends[inside])
            continue
        if at > 0 and text[at - 1] not in _BLANK:
            return (
                at,
                "a comment needs a space before its '#'; add one, or put text that holds '#' "
                "in quotes",
            )
        at = text.find("#", _line_end(text, at))
    return None


def short_indentation(line: str, required: int) -> bool:
    """Whether a line that continues a value has fewer than ``required`` leading spaces (a line
    of only spaces and tabs is exempt, as YAML 1.2 lets an empty line be less indented)."""
    content = line.lstrip(" ")
    return bool(content.strip(" \t\r")) and len(line) - len(content) < required


def block_scalar(
    text: str, index: int, end: int, indent: int, blank_end: int | None
) -> Problem | None:
    """Problems of a block scalar (``|`` or ``>``) starting at ``index`` and ending at ``end``
    (libyaml's marks), in a block collection whose entries stand at column ``indent``
    (0-based; -1 at the top of a file); ``blank_end`` is :func:`blank_last_line`'s answer."""
    header = _BLOCK_HEADER.match(text, index)
    if header is None:  # pragma: no cover - libyaml reported a block scalar here
        return None
    after = header.end()
    if after < len(text) and text[after] == "#":
        return (after, "a comment needs a space before its '#'; add one after the '|' or '>'")
    if not header.group(2):
        problem = _deeper_leading_line(text, _line_end(text, after), indent)
        if problem is not None:
            return problem
    if blank_end is not None and end >= blank_end:
        # YAML 1.2 ends the text with that line and a line break; libyaml drops both.
        return (
            blank_end,
            "the file ends in a line of only spaces inside a block of text ('|' or '>'), which "
            "YAML readers read differently; remove the spaces or end the line with a line break",
        )
    return None


def blank_last_line(text: str) -> int | None:
    """Where the text's last line starts if it holds only spaces and tabs and no line break
    follows it (else None)."""
    if not text or text[-1] not in " \t":
        return None
    last = max(text.rfind("\n"), text.rfind("\r")) + 1
    return None if text[last:].strip(" \t") else last


def _deeper_leading_line(text: str, at: int, indent: int) -> Problem | None:
    """YAML 1.2 takes a block scalar's indentation from its first line of text, and forbids
    leading empty lines with more spaces than that; libyaml takes the most spaces instead."""
    deepest, deepest_at = -1, at
    while at < len(text):
        at += 2 if text.startswith("\r\n", at) else 1  # past the line break
        end = _line_end(text, at)
        line = text[at:end]
        spaces = len(line) - len(line.lstrip(" "))
        if spaces < len(line):
            if indent < spaces < deepest:
                return (
                    deepest_at,
                    f"this empty line holds {deepest} spaces, more than the {spaces} of the first "
                    "line of text below it, which YAML readers read differently; remove the "
                    "extra spaces",
                )
            return None
        if spaces > deepest:
            deepest, deepest_at = spaces, at
        at = end
    return None


def _line_end(text: str, at: int) -> int:
    """The offset of the line break ending the line that holds ``at`` (or the text's end)."""
    found = _LINE_BREAK.search(text, at)
    return found.start() if found else len(text)
