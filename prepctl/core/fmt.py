"""The canonical layout of framework files, with every comment kept.

Formatting needs ruamel.yaml's round trip (:mod:`prepctl.io.yaml_roundtrip`), which keeps
comments, blank lines and the styles of scalars, while everything else reads through the faster,
stricter :mod:`prepctl.io.yaml`. This module decides the layout: the key order (from the
schema), which quotes go, and where comments and blank lines stand.

The canonical layout:

* keys in the order of the governing schema's ``properties`` at every level; keys the schema
  does not know follow, in the order they were written;
* two-space indentation, with a sequence's ``- `` indented two spaces under its key;
* scalars keep their style: folded ``>-`` and literal ``|`` blocks stay as written, line
  breaks and all, and nothing is re-wrapped (the line width is unlimited);
* quotes only where YAML needs them: a quoted scalar that reads the same without quotes loses
  them; one that needs them keeps the author's choice of ``'`` or ``"``. Words that YAML 1.1
  tools read as booleans or numbers (``yes``, ``off``, ``12:30``) keep their quotes too, and
  so does text holding an invisible formatting character (a bidirectional override, a
  zero-width space), which inside double quotes is always written as its escape (``\\u202E``);
* comments stay with what they describe, so a ``# prepctl: ignore[...]`` line still stands
  above the line it excuses: a comment block above a key moves with the key when keys are
  reordered. The file's header stays on top (the ``# yaml-language-server: $schema=...``
  modeline, and comments separated from the first key by a blank line), and comments after a
  mapping's last entry stay at its end. A full-line comment keeps its indentation when it
  lines up with a block open at that point, and otherwise takes the indentation of the line
  after it;
  end-of-line comments keep their column;
* at most one blank line in a row, none at the start or the end of the file, no trailing
  spaces (outside block scalars, whose content is never touched), one final newline.

Formatting is checked before anything is written: the result must read (through
:mod:`prepctl.io.yaml`) as exactly the same data, with exactly the same comments. If it does not,
the file is left alone and the run fails. Files are first read with :mod:`prepctl.io.yaml`, so
malformed YAML gets the same located error as everywhere else.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from prepctl.core.meaning import SchemaNode
from prepctl.errors import InputError, PrepctlError
from prepctl.io import yaml as yamlio
from prepctl.io import yaml_roundtrip as roundtrip


def format_text(
    text: str,
    *,
    schema: SchemaNode | None,
    name: str,
    transform: Callable[[Any], object] | None = None,
) -> str:
    """``text`` in the canonical layout, checked to mean the same and keep every comment.

    ``schema`` governs the file's root (None: no key order is known); ``name`` is how errors
    name the file. Raises :class:`~prepctl.errors.InputError` for YAML that prepctl cannot
    read, and :class:`~prepctl.errors.PrepctlError` if formatting would change the file's
    meaning or lose a comment.
    """
    # YAML reads CR LF as one line break; the canonical file ends its lines with LF alone.
    text = text.replace("\r\n", "\n")
    before = yamlio.parse(text.encode("utf-8"), name)
    loaded = roundtrip.load(_without_document_start(text), name)
    if not loaded.laid_out:
        # Empty, only comments, or a lone scalar: nothing to lay out.
        return _tidy(text) if loaded.empty else text
    expected = before.data
    if transform is not None:
        # A change of meaning asked for (``prepctl migrate``): made to the commented tree and,
        # for the check, to a copy of the data; comments on entries it removes go with them.
        expected = copy.deepcopy(before.data)
        transform(expected)
        transform(loaded.tree)
    loaded.arrange(_Order(schema) if schema is not None else None, _plain_reads_same)
    result = _escape_invisible(_tidy(loaded.dump()))
    if transform is not None or result != text:
        # Unchanged text means the same data and comments: only a change needs checking.
        _check(text, result, expected, name, dropping=transform is not None)
    return result


_PROLOGUE = re.compile(r"^(?:[ \t]*(?:#.*)?|%YAML[ \t].*)$")
_DOCUMENT_START = re.compile(r"^---(?:[ \t]+(#.*))?[ \t]*$")


def _without_document_start(text: str) -> str:
    """``text`` without a ``---`` line (and ``%YAML`` directive) before its content.

    A file holds one document, so the marker says nothing, and ruamel.yaml would drop the
    comments above it. A comment on the marker's own line is kept on a line of its own.
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        marker = _DOCUMENT_START.match(line)
        if marker:
            head = [row for row in lines[:number] if not row.startswith("%YAML")]
            own = [marker.group(1)] if marker.group(1) else []
            return "\n".join([*head, *own, *lines[number + 1 :]])
        if not _PROLOGUE.match(line):
            break
    return text


# Key order ------------------------------------------------------------------------------


class _Order:
    """Keys in the order of the governing schema's ``properties``; keys the schema does not
    know follow, in the order they were written."""

    def __init__(self, node: SchemaNode) -> None:
        self.node = node

    def order(self, keys: list[Any]) -> list[Any]:
        known = list(self.node.schema.get("properties", {}))
        rank = {key: position for position, key in enumerate(known)}
        listed = sorted((k for k in keys if k in rank), key=lambda k: rank[k])
        return listed + [k for k in keys if k not in rank]

    def entry(self, key: Any) -> _Order | None:
        below = self.node.entry(key)
        return _Order(below) if below is not None else None

    def items(self) -> _Order | None:
        below = self.node.items()
        return _Order(below) if below is not None else None


# Quotes ---------------------------------------------------------------------------------


# Words a YAML 1.1 reader (PyYAML's default, many older tools) takes for booleans or base-60
# numbers: quotes on them stay, so that those tools read the framework as prepctl does.
_YAML11_SPECIAL = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$"
)


@lru_cache(maxsize=4096)
def _plain_reads_same(text: str) -> bool:
    """True when ``text`` written without quotes is the same string to both YAML readers, and
    as visible: an invisible formatting character keeps its quotes, where it can be escaped."""
    if not text or text != text.strip() or "\n" in text or _YAML11_SPECIAL.match(text):
        return False
    if any(unicodedata.category(character) == "Cf" for character in text):
        return False
    if not roundtrip.writes_plain(text):
        return False  # the emitter would quote it: it needs quotes
    written = f"k: {text}\n"
    try:
        parsed = yamlio.parse(written.encode("utf-8"), "<probe>")
    except InputError:
        return False
    return parsed.data == {"k": text} and isinstance(parsed.data["k"], str)


# Tidying the text -----------------------------------------------------------------------


def _escape_invisible(text: str) -> str:
    """``text`` with every invisible formatting character (Unicode category Cf: bidirectional
    overrides, zero-width spaces and joiners, soft hyphens) inside a double-quoted scalar
    written as its escape. The YAML writer would write ``"\\u202E"`` as the raw character: the
    same data, but a reviewer could no longer see it, and the text around it may display
    reversed."""
    if not any(unicodedata.category(character) == "Cf" for character in text):
        return text
    lines = text.split("\n")
    spans: list[tuple[int, int, int | None]] = []  # (line, from column, to column or the end)
    for start_line, start_column, end_line, end_column in roundtrip.scalar_spans(
        text, double_quoted=True
    ):
        for number in range(start_line, end_line + 1):
            left = start_column if number == start_line else 0
            spans.append((number, left, end_column if number == end_line else None))
    # From the last to the first, so that a longer escape never moves a span still to come.
    for number, left, right in sorted(spans, reverse=True):
        row = lines[number]
        stop = len(row) if right is None else right
        lines[number] = row[:left] + _escaped(row[left:stop]) + row[stop:]
    return "\n".join(lines)


def _escaped(part: str) -> str:
    return "".join(
        (f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}")
        if unicodedata.category(c) == "Cf"
        else c
        for c in part
    )


def _masked_lines(text: str) -> tuple[list[str], set[int]]:
    """The lines of ``text`` with scalar content blanked out, and the lines that lie inside a
    multi-line scalar (after its first line), whose text must not change."""
    lines = text.split("\n")
    masked = list(lines)
    inside: set[int] = set()
    for start_line, start_col, end_line, end_col in roundtrip.scalar_spans(text):
        if start_line == end_line:
            row = masked[start_line]
            masked[start_line] = row[:start_col] + "x" * (end_col - start_col) + row[end_col:]
            continue
        row = masked[start_line]
        masked[start_line] = row[:start_col] + "x" * (len(row) - start_col)
        last = end_line if end_col > 0 else end_line - 1
        for line in range(start_line + 1, last + 1):
            inside.add(line)
            masked[line] = "x" * len(masked[line])
        if end_col > 0:
            masked[end_line] = "x" * end_col + lines[end_line][end_col:]
    return masked, inside


_COMMENT = re.compile(r"(?:^|[ \t])(#.*)$")


def comments(text: str) -> list[str]:
    """Every comment in ``text`` (without trailing spaces), in order."""
    masked, _ = _masked_lines(text)
    lines = text.split("\n")
    found = []
    for line, row in zip(lines, masked, strict=True):
        match = _COMMENT.search(row)
        if match:
            found.append(line[match.start(1) :].rstrip())
    return found


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


_OPENS_BLOCK = re.compile(r"^(?:- |\? |x+:(?: |$))")


def _levels(row: str) -> list[int]:
    """Indentation levels a content line (scalars masked) stands at: its own, and for each
    leading ``- `` followed by a mapping entry or another item, the level inside it."""
    level = _indent(row)
    levels = [level]
    rest = row[level:]
    while rest.startswith("- "):
        inner = 2 + _indent(rest[2:])
        rest = rest[inner:]
        if not _OPENS_BLOCK.match(rest):
            break
        level += inner
        levels.append(level)
    return levels


def _tidy(text: str) -> str:
    masked, inside = _masked_lines(text)
    lines = text.split("\n")
    kinds: list[str] = []  # "scalar", "blank", "comment" or "content", line by line
    for number, row in enumerate(masked):
        if number in inside:
            kinds.append("scalar")
        elif not row.strip():
            kinds.append("blank")
        elif row.lstrip().startswith("#"):
            kinds.append("comment")
        else:
            kinds.append("content")
    out: list[str] = []
    for number, line in enumerate(lines):
        kind = kinds[number]
        if kind == "scalar":
            out.append(line)
        elif kind == "blank":
            if out and out[-1] != "":
                out.append("")
        elif kind == "comment":
            column = _comment_column(number, masked, kinds)
            out.append(" " * column + line.strip())
        else:
            out.append(line.rstrip())
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _comment_column(number: int, masked: list[str], kinds: list[str]) -> int:
    """Where a full-line comment goes: its own column if a block open here starts there,
    otherwise the column of the next line."""
    following = next(
        (_indent(masked[n]) for n in range(number + 1, len(masked)) if kinds[n] == "content"), 0
    )
    own = _indent(masked[number])
    if own == following:
        return own
    floor = None
    for n in range(number - 1, -1, -1):
        if kinds[n] != "content":
            continue
        levels = _levels(masked[n])
        if floor is not None:
            levels = [level for level in levels if level < floor]
        if own in levels and own >= following:
            return own
        if levels:
            floor = min(levels) if floor is None else min(floor, *levels)
        if floor is not None and floor <= following:
            break
    return following


# The check ------------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """Equal data with equal types (``1`` is not ``true``, ``1.0`` is not ``1``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _check(original: str, formatted: str, data: Any, name: str, *, dropping: bool = False) -> None:
    bug = "; the file was left as it is (this is a bug in prepctl fmt: please report it)"
    try:
        after = yamlio.parse(formatted.encode("utf-8"), name)
    except InputError as exc:
        raise PrepctlError(
            f"{name}: formatting would make it unreadable ({exc.problem}){bug}"
        ) from None
    if not _same(data, after.data):
        raise PrepctlError(f"{name}: formatting would change its data{bug}")
    kept, written = Counter(comments(original)), Counter(comments(formatted))
    if (written - kept) if dropping else (kept != written):
        raise PrepctlError(f"{name}: formatting would lose or change a comment{bug}")
