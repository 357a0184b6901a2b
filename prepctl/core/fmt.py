"""The canonical layout of framework files, with every comment kept.

This module and :mod:`prepctl.io.yaml` are the only ones that import a YAML library: formatting
needs ruamel.yaml's round trip, which keeps comments, blank lines and the styles of scalars,
while everything else reads through the faster, stricter :mod:`prepctl.io.yaml`.

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
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken, ScalarToken

from prepctl.core.meaning import SchemaNode
from prepctl.errors import InputError, PrepctlError
from prepctl.io import yaml as yamlio

INDENT = 2
# Wide enough that the emitter never folds a line: prose keeps the breaks its author chose.
WIDTH = 2**31 - 1

_QUOTED = (SingleQuotedScalarString, DoubleQuotedScalarString)
_BLOCK = (LiteralScalarString, FoldedScalarString)


def _round_trip() -> YAML:
    # ruamel.yaml reads YAML 1.2 by default, the version prepctl.io.yaml implements.
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = WIDTH
    handler.indent(mapping=INDENT, sequence=2 * INDENT, offset=INDENT)
    return handler


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
    handler = _round_trip()
    try:
        tree = handler.load(_without_document_start(text))
    except YAMLError as exc:  # prepctl.io.yaml accepted it; report ruamel's complaint, located
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(exc, "problem", None) or "cannot be formatted"
        raise InputError(name, line, column, str(problem)) from None
    if tree is None or not isinstance(tree, (CommentedMap, CommentedSeq)):
        # Empty, only comments, or a lone scalar: nothing to lay out.
        return _tidy(text) if tree is None else text
    expected = before.data
    if transform is not None:
        # A change of meaning asked for (``prepctl migrate``): made to the commented tree and,
        # for the check, to a copy of the data; comments on entries it removes go with them.
        expected = copy.deepcopy(before.data)
        transform(expected)
        transform(tree)
    _arrange(tree, schema, [])
    out = io.StringIO()
    handler.dump(tree, out)
    result = _escape_invisible(_tidy(out.getvalue()))
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


Trail = list[tuple[Any, Any]]  # (container, key) pairs from the root down to a node


def _arrange(node: Any, schema: SchemaNode | None, path: Trail) -> None:
    """Put keys in schema order and drop needless quotes, everywhere below ``node``."""
    if isinstance(node, CommentedMap):
        _order_keys(node, schema, path)
        for key in node:
            value = node[key]
            if isinstance(value, _QUOTED) and _plain_reads_same(str(value)):
                # A plain str would be put back in the old quotes by CommentedMap.
                node[key] = PlainScalarString(value)
            _arrange(value, schema.entry(key) if schema is not None else None, [*path, (node, key)])
    elif isinstance(node, CommentedSeq):
        items = schema.items() if schema is not None else None
        for index, value in enumerate(node):
            if isinstance(value, _QUOTED) and _plain_reads_same(str(value)):
                node[index] = PlainScalarString(value)
            _arrange(value, items, [*path, (node, index)])


def _canonical_order(keys: list[Any], schema: SchemaNode | None) -> list[Any]:
    known = list(schema.schema.get("properties", {})) if schema is not None else []
    rank = {key: position for position, key in enumerate(known)}
    listed = sorted((k for k in keys if k in rank), key=lambda k: rank[k])
    return listed + [k for k in keys if k not in rank]


def _order_keys(mapping: CommentedMap, schema: SchemaNode | None, path: Trail) -> None:
    keys = list(mapping)
    new_keys = [str(k) if isinstance(k, _QUOTED) and _plain_reads_same(str(k)) else k for k in keys]
    order = _canonical_order(keys, schema)
    if (
        order == keys
        and new_keys == keys
        and all(type(a) is type(b) for a, b in zip(keys, new_keys, strict=True))
    ):
        return
    # In ruamel.yaml a comment line above a key is stored after the previous entry's value, so
    # before moving entries, give each its own comments ("before" comments of the key) ...
    before: dict[Any, str] = {}
    if order[0] != keys[0]:
        before[keys[0]] = _detach_lead(mapping, path)
    for previous, key in pairwise(keys):
        before[key] = _detach_tail(mapping, previous)
    # ... and keep what followed the last entry at the end of the mapping.
    end = _detach_tail(mapping, keys[-1])
    moved = {
        key: (new_key, mapping[key], mapping.ca.items.pop(key, None))
        for key, new_key in zip(keys, new_keys, strict=True)
    }
    for key in keys:
        del mapping[key]
    for key in order:
        new_key, value, comments = moved[key]
        mapping[new_key] = value
        if comments is not None:
            mapping.ca.items[new_key] = comments
        text = before.get(key, "")
        if not text:
            continue
        if len(mapping) == 1:
            # Comments above what is now the first key go above the mapping itself.
            _comment_above(mapping, path, text)
        else:
            entry = mapping.ca.items.setdefault(new_key, [None, None, None, None])
            entry[1] = [CommentToken(text, CommentMark(0)), *(entry[1] or [])]
    if end:
        _attach_tail(mapping, next(reversed(mapping)), end)


def _token_text(tokens: Any) -> str:
    if not isinstance(tokens, list):
        return ""
    return "".join(t.value for t in tokens if isinstance(t, CommentToken))


def _dedent(text: str) -> str:
    return "".join(line.lstrip(" \t") for line in text.splitlines(keepends=True))


def _detach_lead(mapping: CommentedMap, path: Trail) -> str:
    """Remove and return the comments above a mapping's first key, which belong to that key;
    the file's header (everything up to the last blank line above the first key, and the
    ``# yaml-language-server:`` modeline) stays where it is."""
    if not path:
        if not mapping.ca.comment or not isinstance(mapping.ca.comment[1], list):
            return ""
        lines = _dedent(_token_text(mapping.ca.comment[1])).splitlines(keepends=True)
        blank = max((n for n, line in enumerate(lines) if not line.strip()), default=-1)
        header = lines[: blank + 1]
        block = lines[blank + 1 :]
        header += [line for line in block if line.startswith("# yaml-language-server:")]
        moved = [line for line in block if not line.startswith("# yaml-language-server:")]
        kept = "".join(header)
        mapping.ca.comment[1] = [CommentToken(kept, CommentMark(0))] if kept else None
        return "".join(moved)
    container, key = path[-1]
    if not isinstance(container, CommentedMap):
        return ""  # above a list item: the comments belong to the item, which stays put
    entry = container.ca.items.get(key)
    if entry is None or not isinstance(entry[3], list):
        return ""
    text = _dedent(_token_text(entry[3]))
    entry[3] = None
    if mapping.ca.comment:
        mapping.ca.comment[1] = None
    return text


def _comment_above(node: Any, path: Trail, text: str) -> None:
    """Put full-line comments ``text`` right above the collection ``node``."""
    token = CommentToken(text, CommentMark(0))
    if not path:  # the root: comments at the top of the file
        if node.ca.comment is None:
            node.ca.comment = [None, None]
        node.ca.comment[1] = [*(node.ca.comment[1] or []), token]
        return
    container, key = path[-1]
    if isinstance(container, CommentedSeq):
        if key > 0:
            _attach_tail(container, key - 1, text)
        else:  # above the first item: above the sequence
            _comment_above(container, path[:-1], text)
        return
    # A block collection under a key: the comment goes between the key and the first entry
    # (with no blank line there). ruamel.yaml keeps that list both on the key's entry and on
    # the collection itself.
    token.value = text.lstrip("\n")
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    comments = entry[3] if entry[3] is not None else []
    comments.append(token)
    entry[3] = comments
    node.ca.comment = [node.ca.comment[0] if node.ca.comment else None, comments]


def _is_block_collection(value: Any) -> bool:
    return (
        isinstance(value, (CommentedMap, CommentedSeq))
        and len(value) > 0
        and not value.fa.flow_style()
    )


def _last_slot(container: Any, key: Any) -> tuple[list[Any], int, Any]:
    """Where the comment written after the entry ``key`` of ``container`` is kept: a comment
    list, an index in it, and the value that comment follows."""
    value = container[key]
    if _is_block_collection(value):
        last = next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1
        return _last_slot(value, last)
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    return entry, (2 if isinstance(container, CommentedMap) else 0), value


def _detach_tail(container: Any, key: Any) -> str:
    """Remove and return the full-line comments (and blank lines) after entry ``key``."""
    slot, index, value = _last_slot(container, key)
    token = slot[index]
    if not isinstance(token, CommentToken):
        return ""
    text: str = token.value
    # A block scalar ends with its own line break, so everything after it is a full line; any
    # other value's comment starts with the end of the value's line (a comment or just "\n").
    head = "" if isinstance(value, _BLOCK) else text[: text.find("\n") + 1]
    tail = text[len(head) :]
    if not head or head == "\n":
        slot[index] = None
    else:
        token.value = head
    # Moved comments start at column 0, so that none can land inside a block scalar written
    # before them; the tidying pass then indents them like the line that follows.
    return _dedent(tail)


def _attach_tail(container: Any, key: Any, tail: str) -> None:
    slot, index, value = _last_slot(container, key)
    token = slot[index]
    if isinstance(token, CommentToken):
        token.value += tail
    else:
        text = tail if isinstance(value, _BLOCK) else "\n" + tail
        slot[index] = CommentToken(text, CommentMark(0))


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
    out = io.StringIO()
    probe = _round_trip()
    probe.dump({"k": text}, out)
    written = out.getvalue()
    if written != f"k: {text}\n":
        return False  # the emitter would quote it: it needs quotes
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
    for token in YAML(typ="rt").scan(text):
        if not isinstance(token, ScalarToken) or token.style != '"':
            continue
        start, end = token.start_mark, token.end_mark
        for number in range(start.line, end.line + 1):
            left = start.column if number == start.line else 0
            spans.append((number, left, end.column if number == end.line else None))
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


def _scalars(text: str) -> list[tuple[int, int, int, int]]:
    """Start and end (line, column), 0-based, of every scalar in ``text``."""
    spans = []
    for token in YAML(typ="rt").scan(text):
        if isinstance(token, ScalarToken):
            start, end = token.start_mark, token.end_mark
            spans.append((start.line, start.column, end.line, end.column))
    return spans


def _masked_lines(text: str) -> tuple[list[str], set[int]]:
    """The lines of ``text`` with scalar content blanked out, and the lines that lie inside a
    multi-line scalar (after its first line), whose text must not change."""
    lines = text.split("\n")
    masked = list(lines)
    inside: set[int] = set()
    for start_line, start_col, end_line, end_col in _scalars(text):
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
