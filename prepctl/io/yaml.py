"""Reading YAML: the only module that imports a YAML library.

Framework files are read with libyaml's event parser (through PyYAML) and turned into plain data
here, by our own code, so that the rules are ours and not a library's defaults:

* scalars resolve by the YAML 1.2 core schema (``on``, ``no`` and ``yes`` stay text, ``2026-01-01``
  stays the text of a date, ``0o17`` is octal, ``017`` is seventeen, ``1_000`` and ``12:30:00``
  are text), the same meaning ruamel.yaml gives them in ``fmt`` for everything a framework holds;
* nothing is ever constructed from a tag: an unknown tag such as ``!!python/object`` is an error;
* aliases are refused outright (a published policy spells its commitments out, and refusing them
  makes alias bombs impossible), and so are merge keys (``<<``), duplicate keys, non-text keys,
  NaN, infinities and integers beyond 64 bits;
* a file is UTF-8 and YAML 1.2 only: a ``%YAML 1.1`` line, control characters and the invisible
  line breaks U+0085, U+2028 and U+2029 (libyaml ends a line at them, YAML 1.2 and ruamel.yaml do
  not, so lines would be counted differently) are refused;
* size, depth and the number of values are bounded, with errors that name the limit;
* where libyaml (a YAML 1.1 parser) would give other data than YAML 1.2, or accept what YAML 1.2
  forbids, the file is refused instead (:mod:`prepctl.io.yaml12` finds those places; the official
  YAML Test Suite in tests/data/yaml-test-suite/ holds the reader to it).

Every error is an :class:`~prepctl.errors.InputError` with a 1-based line and column and a
message meant for the person who edits the file, not for a YAML expert.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml as pyyaml
from yaml import events

from prepctl.errors import InputError
from prepctl.io import yaml12

try:  # libyaml's parser is about ten times faster; the pure-Python one is a fallback only.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import Loader as _Parser  # type: ignore[assignment]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
# Values (texts, numbers, lists, mappings) in one file. The largest file of the shipped framework
# holds about 500; a file of a million one-character list items (well under the size limit)
# would make every later step, each linear, take minutes and gigabytes.
MAX_VALUES = 100_000
MAX_INT = 2**63 - 1
MIN_INT = -(2**63)

Path = tuple[str | int, ...]
Position = tuple[int, int]

_CORE = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_RESOLVED_STARTS = frozenset("0123456789+-.~nNtTfF")
"""Every first character with which a plain scalar can be other than text, or refused as
ambiguous: digits, signs and '.' (numbers), '~' and 'n' (null), 't' and 'f' (booleans)."""
_WORD_STARTS = frozenset("~nNtTfF")
"""The first characters of :data:`_RESOLVED_STARTS` with which a scalar can only be null or a
boolean, never a number nor ambiguous."""

# Number-like text that YAML 1.2 and the YAML 1.1 habits of other readers (ruamel.yaml, behind
# `fmt`, among them) take differently: digit separators, binary, signed hex or octal, and '.5e3'.
# Refusing it means lint, diff and fmt can never disagree about a value. Every pattern here
# moves along the text once: no starred class is followed by another that can match the same
# characters, so a long run of digits and '_' that ends in something else fails in one pass.
_SEPARATED = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|[0-9]*\.[0-9_]*)(?:[eE][-+]?[0-9]+)?$"
)
"""A decimal number with '_' in it (:func:`ambiguous_number` checks that it has one): '_' in
the whole part after its first digit, or in the fraction."""
_AMBIGUOUS = re.compile(
    r"^[-+]?0b[01_]+$"
    r"|^[-+]0x[0-9a-fA-F_]+$|^[-+]0o[0-7_]+$"
    r"|^[-+]?\.[0-9]+[eE][-+]?[0-9]+$"
)

# The complement of YAML 1.2 c-printable (https://yaml.org/spec/1.2.2/#51-character-set): C0
# controls but tab and line breaks, DEL and C1 (NEL among them), surrogates, U+FFFE and U+FFFF;
# plus U+2028 and U+2029, which libyaml (a YAML 1.1 parser) takes for line breaks while YAML 1.2
# takes them for content. Written as the short list of what is forbidden rather than the long one
# of what is allowed: the same set, four times cheaper to compile at every start.
_FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TOO_DEEP = f"lists and mappings are nested more than {MAX_DEPTH} levels deep here, over the limit"
_MAX_KEY = 1024  # characters in a key written as 'key: value' (YAML 1.2, section 7.4.3)
_KEY_END = re.compile(r":(?:[ \t]|$)")
_LINE_START = re.compile(r"^(?:[ ]*-(?= ))*[ ]*")  # indentation and list-item dashes
_TAB_INDENT = (
    "a tab is used for indentation here; YAML allows only spaces for indentation, "
    "so replace the tab with spaces"
)
_MOST_DIGITS = {10: len(str(MAX_INT)), 8: len(f"{MAX_INT:o}"), 16: len(f"{MAX_INT:x}")}
"""Digits (after leading zeros) of the largest whole number allowed, in each base: longer text
is refused before Python is asked to convert it (it refuses over 4,300 decimal digits)."""
_WHAT_TAG_NEEDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "null or nothing",
}


@dataclass
class YamlFile:
    """One parsed file: its plain data and where each value (and each mapping key) stands.

    ``values`` maps a path of keys and list indices to the 1-based (line, column) where the value
    starts; ``keys`` maps the path of a mapping entry to where its key starts. A collection starts
    where its first entry does (a block mapping at its first key, a block list at its first
    ``-``), a flow collection at its ``[`` or ``{``, a tagged or anchored value at its tag or
    anchor, a block scalar at its ``|`` or ``>``; ruamel.yaml's ``lc`` marks agree.
    """

    name: str
    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)


def ambiguous_number(value: str) -> bool:
    """Whether plain text is a number to some YAML readers and text to others."""
    return bool(("_" in value and _SEPARATED.match(value)) or _AMBIGUOUS.match(value))


def quoted(value: str) -> str:
    """A value for a message: whole when short, else its start and its length, so that a
    refused 5,000-digit number is not echoed in full."""
    if len(value) <= 40:
        return f"'{value}'"
    return f"'{value[:40]}…' ({len(value):,} characters)"


def too_large(name: str, size: int) -> InputError:
    """The error for a file over :data:`MAX_FILE_BYTES` (readers refuse one before reading it)."""
    return InputError(
        name, 1, 1, f"file is too large: {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes"
    )


def decode(raw: bytes, name: str) -> str:
    """Decode a file's bytes as UTF-8, refusing anything else with a located error."""
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(name, len(raw))
    # A BOM marks UTF-16 (or UTF-32); without one, a NUL byte in either of the first two does.
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(raw) > 1 and (raw[0] == 0) != (raw[1] == 0)
    ):
        raise InputError(name, 1, 1, "file is saved as UTF-16; save it as UTF-8")
    body = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start].decode("utf-8")
        line, column = _position_in(before, len(before))
        raise InputError(
            name,
            line,
            column,
            f"file is not valid UTF-8 (byte 0x{body[exc.start]:02x}); save it as UTF-8",
        ) from None


def parse(raw: bytes, name: str) -> YamlFile:
    """Parse one YAML file into plain data with positions."""
    text = decode(raw, name)
    _check_characters(text, name)
    return _Builder(text, name).build()


def _check_characters(text: str, name: str) -> None:
    """Refuse characters YAML 1.2 forbids, or that YAML readers disagree about, where they are.

    libyaml would refuse most of these itself, but it reports a byte offset, not a column.
    """
    found = _FORBIDDEN_CHARACTER.search(text)
    if found is None:
        return
    line, column = _position_in(text, found.start())
    character = found.group()
    code = f"U+{ord(character):04X}"
    if character in "\x85\u2028\u2029":
        label = unicodedata.name(character, "next line").lower()
        problem = (
            f"invisible line-break character {code} ({label}) is not allowed, because YAML "
            f'readers disagree on whether it ends a line; remove it, or write it as "\\u'
            f'{ord(character):04x}" inside double quotes'
        )
    elif unicodedata.category(character) == "Cc":
        problem = f"invisible control character {code} is not allowed in a YAML file; remove it"
    else:
        problem = f"character {code} is not allowed in a YAML file; remove it"
    raise InputError(name, line, column, problem)


def _position_in(text: str, offset: int) -> Position:
    """The 1-based line and column of ``text[offset]``, counting line breaks as libyaml does."""
    line, start = 1, 0
    for found in _LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, found.end()
    return line, offset - start + 1


def _offset_of(text: str, line: int, column: int) -> int:
    """The index in ``text`` of a 1-based line and column (the inverse of :func:`_position_in`)."""
    start = 0
    for number, found in enumerate(_LINE_BREAK.finditer(text), start=2):
        if number > line:
            break
        start = found.end()
    return start + column - 1


def _position(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _is_plain(event: Any) -> bool:
    """Whether a scalar is written plain and untagged, so that the core schema resolves it."""
    # libyaml reports a plain scalar's style as '', the pure-Python parser as None.
    return event.tag is None and not event.style and bool(event.implicit[0])


class _Builder:
    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.result = YamlFile(name=name, data=None)
        self.parser = _Parser(text)
        self._lines: list[str] | None = None
        self._rereading = False
        # Where each scalar starts and ends (character offsets), for the comment check.
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._checked_line = -1  # the last line whose indentation was checked
        # A line of a [ ] or { } indented too little, refused once libyaml has closed the
        # outermost bracket: if it never does, its "not closed" error says more.
        self._short_flow_line: InputError | None = None
        self._blank_end = yaml12.blank_last_line(text)

    def fail_at(self, problem: yaml12.Problem) -> InputError:
        offset, message = problem
        line, column = _position_in(self.text, offset)
        return InputError(self.name, line, column, message)

    def fail(self, mark: Any, problem: str) -> InputError:
        return InputError(self.name, mark.line + 1, mark.column + 1, problem)

    def next_event(self) -> Any:
        try:
            return self.parser.get_event()
        except pyyaml.MarkedYAMLError as exc:
            if "maximum nesting depth" in (exc.problem or ""):
                raise self.too_deep(exc.problem_mark) from None
            raise self.explain(exc) from None
        except pyyaml.reader.ReaderError as exc:  # pragma: no cover - _check_characters first
            # libyaml counts this offset in bytes of the UTF-8 text.
            before = self.text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
            line, column = _position_in(before, len(before))
            raise InputError(self.name, line, column, "character not allowed in YAML") from None
        except pyyaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks above
            raise InputError(self.name, 1, 1, f"invalid YAML: {exc}") from None

    def too_deep(self, mark: Any) -> InputError:
        """Our own nesting error where libyaml's limit fired first.

        libyaml (0.2.6 and later) refuses more than 1,000 levels, and its scanner looks that far
        ahead inside ``[ ]`` and ``{ }`` before it hands over the first event, so our lower limit
        would never be seen. The text before libyaml's mark is read again: it holds every level
        up to the one libyaml refused, so the place where ours is crossed is found and named.
        """
        offset = _offset_of(self.text, mark.line + 1, mark.column + 1)
        if offset < len(self.text) and not self._rereading:
            builder = _Builder(self.text[:offset], self.name)
            builder._rereading = True
            try:
                builder.build()
            except InputError as error:
                if error.problem == _TOO_DEEP:
                    return error
        return self.fail(mark, _TOO_DEEP)

    def line_at(self, mark: Any) -> str:
        """The text of a parser mark's line, or '' past the end."""
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)
        line: int = mark.line
        return self._lines[line] if line < len(self._lines) else ""

    def character_at(self, mark: Any, offset: int = 0) -> str:
        """The character at a parser mark (plus ``offset`` along the line), or '' past the end."""
        column: int = mark.column + offset
        return self.line_at(mark)[column : column + 1]

    def key_length(self, mark: Any) -> int | None:
        """How far the ': ' after the text starting at a mark is, on the same line, if any."""
        found = _KEY_END.search(self.line_at(mark), mark.column)
        return found.start() - mark.column if found else None

    def long_key_before(self, mark: Any) -> InputError | None:
        """The error for a ':' that ends an over-long key starting its line, if it does."""
        text = self.line_at(mark)
        start = len(text) - len(_LINE_START.sub("", text, count=1))
        length: int = mark.column - start
        return self.long_key(mark.line, start, length) if length > _MAX_KEY else None

    def long_key(self, line: int, column: int, length: int) -> InputError:
        # YAML 1.2 limits a key written as 'key: value' to 1024 characters, and libyaml checks.
        return InputError(
            self.name,
            line + 1,
            column + 1,
            f"this key is {length:,} characters long; YAML allows at most {_MAX_KEY:,} "
            "before the ':' of a key, so shorten it",
        )

    def explain(self, exc: pyyaml.MarkedYAMLError) -> InputError:
        """Turn one of libyaml's terse syntax errors into a located, plain-language one."""
        problem = exc.problem or exc.context or "invalid YAML"
        context = exc.context or ""
        mark: Any = exc.problem_mark or exc.context_mark
        opener: Any = exc.context_mark
        if mark is None:  # pragma: no cover - libyaml marks every syntax error
            return InputError(self.name, 1, 1, f"invalid YAML: {problem}")
        if "tab character" in problem:
            return self.fail(mark, _TAB_INDENT)
        if "cannot start any token" in problem:
            character = self.character_at(mark)
            if character == "\t":
                return self.fail(mark, _TAB_INDENT)
            return self.fail(
                mark, f"a value cannot start with '{character}'; put the value in quotes"
            )
        if "quoted scalar" in context and opener is not None:
            quote = self.character_at(opener)
            if "end of stream" in problem:
                return self.fail(
                    opener,
                    f"the quoted text starting here is never closed; add the closing {quote}",
                )
            if "document indicator" in problem:
                return self.fail(
                    opener,
                    "the quoted text starting here is not closed before a '---' or '...' line; "
                    f"add the closing {quote}",
                )
            if "unknown escape" in problem:
                escape = "\\" + self.character_at(mark, 1)
                return self.fail(
                    mark,
                    f"'{escape}' is not a known escape in double-quoted text; write '\\\\' for a "
                    "backslash, or use single quotes",
                )
            if "escape code" in problem or "hexdecimal" in problem:
                return self.fail(mark, "this escape does not name a valid character")
        if "simple key" in context and "':'" in problem and opener is not None:
            length = self.key_length(opener)
            if length is not None and length > _MAX_KEY:
                # The line does have its ':', so the message below would mislead.
                return self.long_key(opener.line, opener.column, length)
            return self.fail(
                opener,
                "this line is neither a 'key: value' entry nor part of the value above: add the "
                "missing ':' after the key, or indent the line further to continue the value",
            )
        if "expected key" in problem:
            return self.fail(
                mark,
                "expected a 'key: value' entry here, lined up with the keys above; "
                "check the indentation",
            )
        if "'-' indicator" in problem:
            return self.fail(
                mark,
                "expected a list item ('- ...') here, lined up with the items above; "
                "check the indentation",
            )
        if "mapping values are not allowed" in problem:
            too_long = self.long_key_before(mark)
            if too_long is not None:
                return too_long
            return self.fail(
                mark,
                "a ':' followed by a space is not allowed here; check the indentation, "
                "or put text that contains ': ' in quotes",
            )
        if "sequence entries are not allowed" in problem:
            return self.fail(mark, "a list item ('- ') is not allowed here; check the indentation")
        for closing, kind in (("]", "list"), ("}", "mapping")):
            if f"',' or '{closing}'" in problem and opener is not None:
                line, column = _position(opener)
                return self.fail(
                    mark,
                    f"expected ',' or '{closing}': the {kind} opened at line {line}, column "
                    f"{column} is not closed",
                )
        if "node content" in problem:
            if self.character_at(mark) == ":":
                # Valid YAML 1.2 ('[:x]' is text), but libyaml follows YAML 1.1 here.
                return self.fail(
                    mark, "inside [ ] or { }, text that starts with ':' must be put in quotes"
                )
            return self.fail(mark, "expected a value here")
        if "<document start>" in problem:
            return self.fail(mark, "unexpected text after the end of the document")
        if "anchor" in context or "alias" in context:
            sign = self.character_at(opener) if opener is not None else "&"
            return self.fail(
                opener or mark,
                f"'{sign}' must be followed by a name; "
                f"put text that starts with '{sign}' in quotes",
            )
        if "tag handle" in problem:
            return self.fail(mark, "tags are not allowed in framework files; remove the tag")
        if "incompatible YAML document" in problem:
            return self.fail(
                mark, "framework files are YAML 1.2; remove the %YAML line at the top of the file"
            )
        if "directive" in problem or "directive" in context:
            return self.fail(
                mark,
                "a line starting with '%' is a YAML directive; the only one allowed is "
                "'%YAML 1.2' (put text that starts with '%' in quotes)",
            )
        suffix = f" ({context})" if context and context != problem else ""
        return self.fail(mark, f"invalid YAML: {problem}{suffix}")

    def build(self) -> YamlFile:
        try:
            return self._build()
        finally:
            self.parser.dispose()

    def _build(self) -> YamlFile:
        self.next_event()  # StreamStart
        event = self.next_event()
        if isinstance(event, events.StreamEndEvent):
            return self.result
        if not isinstance(event, events.DocumentStartEvent):  # pragma: no cover - parser order
            raise self.fail(event.start_mark, "expected a YAML document")
        if event.version not in (None, (1, 2)):
            # ruamel.yaml would honour '%YAML 1.1' (where 'yes' is true); we would not.
            major, minor = event.version
            raise self.fail(
                event.start_mark,
                f"this file declares YAML {major}.{minor}, but framework files are YAML 1.2 "
                "(where 'yes', 'no', 'on' and 'off' are text); remove the %YAML line",
            )
        self.result.data = self.node(self.next_event(), (), 0, -1, None)
        self.next_event()  # DocumentEnd
        event = self.next_event()
        if isinstance(event, events.DocumentStartEvent):
            raise self.fail(
                event.start_mark,
                "a second YAML document starts here; a framework file holds exactly one",
            )
        comment = yaml12.glued_comment(self.text, self._starts, self._ends)
        if comment is not None:
            raise self.fail_at(comment)
        return self.result

    def node(self, event: Any, path: Path, depth: int, indent: int, flow: int | None) -> Any:
        """Read one value; ``depth`` counts the lists and mappings around it, ``indent`` is the
        column (0-based) of the innermost block list or mapping around it (-1 for none), and
        ``flow`` the line (0-based) of the outermost ``[`` or ``{`` around it, if any."""
        values = self.result.values
        mark = event.start_mark
        if len(values) >= MAX_VALUES:
            raise self.fail(
                mark,
                f"this file holds more than {MAX_VALUES:,} values (texts, numbers, lists and "
                "mappings), over the limit; split it or shorten it",
            )
        values[path] = (mark.line + 1, mark.column + 1)
        if not isinstance(event, events.AliasEvent):
            self.check_yaml_1_2(event, indent, flow)
        if isinstance(event, events.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
            if depth >= MAX_DEPTH:
                raise self.fail(event.start_mark, _TOO_DEEP)
            if event.flow_style:
                if flow is None:
                    result = self.collection(event, path, depth + 1, indent, mark.line)
                    if self._short_flow_line is not None:
                        raise self._short_flow_line
                    return result
            elif self.character_at(mark) not in ("&", "!"):
                # A tag or anchor may stand on the line above the first entry: keep the outer
                # column then (a looser check, never a false refusal).
                indent = mark.column
            return self.collection(event, path, depth + 1, indent, flow)
        if isinstance(event, events.AliasEvent):
            raise self.alias(event)
        raise self.fail(event.start_mark, "unexpected YAML event")  # pragma: no cover

    def collection(self, event: Any, path: Path, depth: int, indent: int, flow: int | None) -> Any:
        """A list or mapping, from its start event on."""
        if isinstance(event, events.MappingStartEvent):
            self.check_collection_tag(event, "map")
            return self.mapping(path, depth, indent, flow)
        self.check_collection_tag(event, "seq")
        return self.sequence(path, depth, indent, flow)

    def check_yaml_1_2(self, event: Any, indent: int, flow: int | None) -> None:
        """Refuse what libyaml reads otherwise than YAML 1.2 (see :mod:`prepctl.io.yaml12`).

        Called for every value and key, so the usual case (plain text on one line, no anchor)
        costs a few comparisons."""
        mark: Any = event.start_mark
        start: int = mark.index
        text = self.text
        if flow is not None:
            self.check_flow_line(mark.line, indent, flow)
        problem = None
        if start and text[start - 1] == "?":
            problem = yaml12.question_mark_before(text, start)
        if problem is None and event.anchor:
            problem = yaml12.anchor_cut_short(text, start, event.anchor)
        if problem is not None:
            raise self.fail_at(problem)
        if not isinstance(event, events.ScalarEvent):
            return
        value: str = event.value
        end_mark: Any = event.end_mark
        if "#" in value:  # only text holding a '#' can hide one from the comment check
            self._starts.append(start)
            self._ends.append(end_mark.index)
        if event.style in ("|", ">"):
            problem = yaml12.block_scalar(text, start, end_mark.index, indent, self._blank_end)
            if problem is not None:
                raise self.fail_at(problem)
            return
        if (
            value[:1] in ("-", "?", ":")
            and _is_plain(event)
            and yaml12.lone_indicator(text, start, flow is not None)
        ):
            raise self.fail(
                mark, f"'{value[:1]}' alone cannot start a value; put the value in quotes"
            )
        if indent >= 0 and end_mark.line != mark.line:
            for line in range(mark.line + 1, end_mark.line + 1):
                if flow is None:
                    self.check_indentation(line, indent, "the text above")
                elif self._short_flow_line is None:
                    try:
                        self.check_indentation(line, indent, "the text above")
                    except InputError as error:
                        self._short_flow_line = error

    def check_flow_line(self, line: int, indent: int, flow: int) -> None:
        if line > flow and line != self._checked_line and indent >= 0:
            self._checked_line = line
            if self._short_flow_line is None:
                try:
                    self.check_indentation(line, indent, "the [ ] or { } opened above")
                except InputError as error:
                    self._short_flow_line = error

    def check_indentation(self, line: int, indent: int, what: str) -> None:
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)
        if yaml12.short_indentation(self._lines[line], indent + 1):
            spaces = "1 space" if indent == 0 else f"{indent + 1} spaces"
            raise InputError(
                self.name,
                line + 1,
                1,
                f"this line continues {what}, so it must be indented by at least {spaces} "
                "(tabs do not count); indent it further",
            )

    def alias(self, event: Any) -> InputError:
        return self.fail(
            event.start_mark,
            f"alias '*{event.anchor}' is not allowed; write the value out in full",
        )

    def check_collection_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is not None and tag not in ("!", _CORE + kind):
            raise self.not_allowed(event, tag)

    def not_allowed(self, event: Any, tag: str) -> InputError:
        return self.fail(
            event.start_mark,
            f"tag '{_tag_text(tag)}' is not allowed; framework files hold only text, numbers, "
            "true/false, lists and mappings, so remove the tag",
        )

    def mapping(self, path: Path, depth: int, indent: int, flow: int | None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            event = self.next_event()
            if isinstance(event, events.MappingEndEvent):
                if flow is not None:
                    end_mark: Any = event.start_mark
                    self.check_flow_line(end_mark.line, indent, flow)
                return result
            if not isinstance(event, events.AliasEvent):
                self.check_yaml_1_2(event, indent, flow)
            key = self.key(event)
            child = (*path, key)
            if key in result:
                first = self.result.keys[child][0]
                raise self.fail(event.start_mark, f"duplicate key '{key}' (first at line {first})")
            mark = event.start_mark
            self.result.keys[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.node(self.next_event(), child, depth, indent, flow)

    def key(self, event: Any) -> str:
        if isinstance(event, events.AliasEvent):
            raise self.alias(event)
        if isinstance(event, events.MappingStartEvent):
            raise self.fail(event.start_mark, "a key must be text, not a mapping")
        if isinstance(event, events.SequenceStartEvent):
            raise self.fail(event.start_mark, "a key must be text, not a list")
        if _is_plain(event) and event.value == "<<":
            # ruamel.yaml merges the value into the mapping; a plain reader would not.
            raise self.fail(
                event.start_mark,
                "merge key '<<' is not allowed; write the entries out in full "
                "(or quote '<<' if it is meant as a name)",
            )
        key = self.scalar(event)
        if isinstance(key, str):
            return key
        if event.value == "":
            raise self.fail(event.start_mark, "a key is missing before ':'")
        if key is None:
            kind = "nothing (null)"
        elif isinstance(key, bool):
            kind = "true/false"
        else:
            kind = "a number"
        raise self.fail(
            event.start_mark,
            f"key {quoted(event.value)} is read as {kind}, not text; "
            "put it in quotes if it is meant as a name",
        )

    def sequence(self, path: Path, depth: int, indent: int, flow: int | None) -> list[Any]:
        result: list[Any] = []
        while True:
            event = self.next_event()
            if isinstance(event, events.SequenceEndEvent):
                if flow is not None:
                    end_mark: Any = event.start_mark
                    self.check_flow_line(end_mark.line, indent, flow)
                return result
            result.append(self.node(event, (*path, len(result)), depth, indent, flow))

    def scalar(self, event: Any) -> Any:
        value: str = event.value
        tag = event.tag
        if tag is None:  # most scalars: written plain (resolved by the core schema) or quoted
            if not event.style and event.implicit[0]:
                return self.resolve_plain(value, event)
            return value
        if tag == "!" and not event.style:
            # ruamel.yaml ignores '!' on a plain scalar and reads '! 5' as a number; YAML 1.2
            # makes it text. Refused, like every other form the two readers disagree on.
            raise self.fail(
                event.start_mark,
                "the tag '!' is not allowed here; put the value in quotes if it is meant as text",
            )
        if tag == "!":
            return value  # quoted or a block: the non-specific tag '!' makes it text
        if not tag.startswith(_CORE):
            raise self.not_allowed(event, tag)
        kind = tag[len(_CORE) :]
        if kind == "str":
            return value
        if kind in _WHAT_TAG_NEEDS:
            resolved = self.resolve_plain(value, event)
            type_ok = {
                "int": isinstance(resolved, int) and not isinstance(resolved, bool),
                "float": isinstance(resolved, (int, float)) and not isinstance(resolved, bool),
                "bool": isinstance(resolved, bool),
                "null": resolved is None,
            }[kind]
            if not type_ok:
                raise self.fail(
                    event.start_mark,
                    f"{quoted(value)} is not {_WHAT_TAG_NEEDS[kind]}, as the tag '!!{kind}' "
                    "requires",
                )
            return float(resolved) if kind == "float" else resolved
        raise self.not_allowed(event, tag)

    def resolve_plain(self, value: str, event: Any) -> Any:
        if not value:
            return None
        first = value[0]
        if first not in _RESOLVED_STARTS:
            return value  # most plain scalars are words: no pattern below can match them
        if first in _WORD_STARTS:  # only null, true and false start so
            if value in _BOOL:
                return _BOOL[value]
            return None if _NULL.match(value) else value
        if ambiguous_number(value):
            raise self.fail(
                event.start_mark,
                f"{quoted(value)} reads as a number to some YAML tools and as text to others; "
                "write a plain number such as 1000 or 0.5, or put it in quotes",
            )
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        base = 10 if _INT10.match(value) else 8 if _INT8.match(value) else 16
        if base != 16 or _INT16.match(value):
            digits = value.lstrip("+-") if base == 10 else value[2:]
            digits = digits.lstrip("0") or "0"
            number = 0 if len(digits) > _MOST_DIGITS[base] else int(digits, base)
            if value.startswith("-"):
                number = -number
            if len(digits) > _MOST_DIGITS[base] or not MIN_INT <= number <= MAX_INT:
                raise self.fail(
                    event.start_mark,
                    f"{quoted(value)} is too large a whole number (the limit is about 9.2 "
                    "quintillion either side of zero); put it in quotes if it is meant as text",
                )
            return number
        if _INF.match(value):
            raise self.fail(
                event.start_mark,
                f"{quoted(value)} means infinity, which a framework cannot hold; write a number, "
                "or put it in quotes if it is meant as text",
            )
        if _NAN.match(value):
            raise self.fail(
                event.start_mark,
                f"{quoted(value)} means not-a-number, which a framework cannot hold; write a "
                "number, "
                "or put it in quotes if it is meant as text",
            )
        if _FLOAT.match(value):
            result = float(value)
            if math.isinf(result):
                raise self.fail(
                    event.start_mark,
                    f"{quoted(value)} is too large a number; put it in quotes if it is meant as "
                    "text",
                )
            return result
        return value
