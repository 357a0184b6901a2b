"""ruamel.yaml's round trip, for ``fmt``: a file read with its comments, blank lines and scalar
styles, rearranged, and written back.

Everything else reads YAML through :mod:`prepctl.io.yaml`; formatting needs a reader that keeps
what a person wrote around the data. :func:`load` reads a file (YAML 1.2, the version
:mod:`prepctl.io.yaml` implements), :meth:`Loaded.arrange` puts keys in the order it is given
and drops quotes where it is told they are needless, and :meth:`Loaded.dump` writes it with
two-space indentation, a sequence's ``- `` two spaces under its key, and no line ever folded.

Comments stay with what they describe when keys move: ruamel.yaml keeps a comment line above a
key after the previous entry's value, so before entries are reordered each is given its own
comments, and what followed a mapping's last entry stays at its end. The file's header stays on
top (the ``# yaml-language-server: $schema=...`` modeline, and comments separated from the
first key by a blank line). Moved comments start at column 0; ``fmt`` then indents them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from itertools import pairwise
from typing import Any, Protocol

import yaml
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

from prepctl.errors import InputError

INDENT = 2
# Wide enough that the emitter never folds a line: prose keeps the breaks its author chose.
WIDTH = 2**31 - 1

_QUOTED = (SingleQuotedScalarString, DoubleQuotedScalarString)
_BLOCK = (LiteralScalarString, FoldedScalarString)

Trail = list[tuple[Any, Any]]  # (container, key) pairs from the root down to a node
Span = tuple[int, int, int, int]
"""Where a scalar starts and ends: line and column, 0-based, of each."""


class KeyOrder(Protocol):
    """The order of a mapping's keys, and of the mappings below it."""

    def order(self, keys: list[Any]) -> list[Any]:
        """``keys`` in the order they should be written."""
        ...

    def entry(self, key: Any) -> KeyOrder | None:
        """The order below the entry ``key`` (None: keep the order written)."""
        ...

    def items(self) -> KeyOrder | None:
        """The order inside the items of a list (None: keep the order written)."""
        ...


def _round_trip() -> YAML:
    # ruamel.yaml reads YAML 1.2 by default, the version prepctl.io.yaml implements.
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = WIDTH
    handler.indent(mapping=INDENT, sequence=2 * INDENT, offset=INDENT)
    return handler


class Loaded:
    """A file read by the round trip: its tree, and the reader that writes it back."""

    def __init__(self, handler: YAML, tree: Any) -> None:
        self.handler = handler
        self.tree = tree

    @property
    def empty(self) -> bool:
        """Nothing but comments, or nothing at all."""
        return self.tree is None

    @property
    def laid_out(self) -> bool:
        """A mapping or a list at the top (not a lone scalar): something to lay out."""
        return isinstance(self.tree, (CommentedMap, CommentedSeq))

    def arrange(self, order: KeyOrder | None, plain: Callable[[str], bool]) -> None:
        """Put keys in ``order`` and drop the quotes of every scalar (key or value) for which
        ``plain`` says that it reads the same unquoted, everywhere in the file."""
        _arrange(self.tree, order, plain, [])

    def dump(self) -> str:
        out = io.StringIO()
        self.handler.dump(self.tree, out)
        return out.getvalue()


def load(text: str, name: str) -> Loaded:
    """Read ``text`` (the file ``name``, which :mod:`prepctl.io.yaml` has read already): an
    :class:`~prepctl.errors.InputError` where ruamel.yaml cannot."""
    handler = _round_trip()
    try:
        tree = handler.load(text)
    except YAMLError as exc:  # prepctl.io.yaml accepted it; report ruamel's complaint, located
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(exc, "problem", None) or "cannot be formatted"
        raise InputError(name, line, column, str(problem)) from None
    return Loaded(handler, tree)


def writes_plain(text: str) -> bool:
    """Whether the writer puts ``text`` down without quotes (as the value ``k: text``)."""
    out = io.StringIO()
    _round_trip().dump({"k": text}, out)
    return out.getvalue() == f"k: {text}\n"


# Line breaks to YAML 1.1 (libyaml) and not to YAML 1.2 (ruamel.yaml): lines would differ.
_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")


def scalar_spans(text: str, *, double_quoted: bool = False) -> list[Span]:
    """Where every scalar of ``text`` stands (with ``double_quoted``, only those written in
    double quotes): read by libyaml's scanner, which gives the same places many times faster,
    unless the text holds a line break only YAML 1.1 knows or libyaml refuses it."""
    if not any(character in text for character in _YAML11_BREAKS):
        try:
            return _libyaml_spans(text, double_quoted)
        except yaml.YAMLError:
            pass
    spans = []
    for token in YAML(typ="rt").scan(text):
        if isinstance(token, ScalarToken) and (not double_quoted or token.style == '"'):
            start, end = token.start_mark, token.end_mark
            spans.append((start.line, start.column, end.line, end.column))
    return spans


def _libyaml_spans(text: str, double_quoted: bool) -> list[Span]:
    spans = []
    for token in yaml.scan(text, Loader=yaml.CSafeLoader):
        if isinstance(token, yaml.ScalarToken) and (not double_quoted or token.style == '"'):
            start, end = token.start_mark, token.end_mark
            spans.append((start.line, start.column, end.line, end.column))
    return spans


# Key order ------------------------------------------------------------------------------


def _arrange(node: Any, order: KeyOrder | None, plain: Callable[[str], bool], path: Trail) -> None:
    """Put keys in order and drop needless quotes, everywhere below ``node``."""
    if isinstance(node, CommentedMap):
        _order_keys(node, order, plain, path)
        for key in node:
            value = node[key]
            if isinstance(value, _QUOTED) and plain(str(value)):
                # A plain str would be put back in the old quotes by CommentedMap.
                node[key] = PlainScalarString(value)
            below = order.entry(key) if order is not None else None
            _arrange(value, below, plain, [*path, (node, key)])
    elif isinstance(node, CommentedSeq):
        items = order.items() if order is not None else None
        for index, value in enumerate(node):
            if isinstance(value, _QUOTED) and plain(str(value)):
                node[index] = PlainScalarString(value)
            _arrange(value, items, plain, [*path, (node, index)])


def _order_keys(
    mapping: CommentedMap, order: KeyOrder | None, plain: Callable[[str], bool], path: Trail
) -> None:
    keys = list(mapping)
    new_keys = [str(k) if isinstance(k, _QUOTED) and plain(str(k)) else k for k in keys]
    wanted = order.order(keys) if order is not None else keys
    if (
        wanted == keys
        and new_keys == keys
        and all(type(a) is type(b) for a, b in zip(keys, new_keys, strict=True))
    ):
        return
    # In ruamel.yaml a comment line above a key is stored after the previous entry's value, so
    # before moving entries, give each its own comments ("before" comments of the key) ...
    before: dict[Any, str] = {}
    if wanted[0] != keys[0]:
        before[keys[0]] = _detach_lead(mapping, path)
    for previous, key in pairwise(keys):
        before[key] = _detach_tail(mapping, previous)
    # After a flow collection, ruamel.yaml keeps the comment lines on the next key's own entry.
    for key in keys:
        entry = mapping.ca.items.get(key)
        if entry is not None and isinstance(entry[1], list):
            before[key] = before.get(key, "") + _dedent(_token_text(entry[1]))
            entry[1] = None
    # ... and keep what followed the last entry at the end of the mapping.
    end = _detach_tail(mapping, keys[-1])
    moved = {
        key: (new_key, mapping[key], mapping.ca.items.pop(key, None))
        for key, new_key in zip(keys, new_keys, strict=True)
    }
    for key in keys:
        del mapping[key]
    for key in wanted:
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
