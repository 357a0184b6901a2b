"""Reading YAML: the only module that imports a YAML library.

Framework files are read with libyaml's event parser (through PyYAML) and turned into plain data
here, by our own code, so that the rules are ours and not a library's defaults:

* scalars resolve by the YAML 1.2 core schema (``on``, ``no`` and ``yes`` stay text, ``2026-01-01``
  stays the text of a date, ``0o17`` is octal), the same meaning ruamel.yaml gives them in
  ``fmt``;
* nothing is ever constructed from a tag: an unknown tag such as ``!!python/object`` is an error;
* aliases are refused outright (a published policy spells its commitments out, and refusing them
  makes alias bombs impossible), and so are duplicate keys, non-text keys, NaN, infinities and
  integers beyond 64 bits;
* size and depth are bounded, with errors that name the limit.

Every error is an :class:`~prepctl.errors.InputError` with a 1-based line and column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml as pyyaml
from yaml import events

from prepctl.errors import InputError

try:  # libyaml's parser is about ten times faster; the pure-Python one is a fallback only.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import Loader as _Parser  # type: ignore[assignment]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT = 2**63 - 1

Path = tuple[str | int, ...]
Position = tuple[int, int]

_CORE = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


@dataclass
class YamlFile:
    """One parsed file: its plain data and where each value (and each mapping key) stands.

    ``values`` maps a path of keys and list indices to the 1-based (line, column) where the value
    starts; ``keys`` maps the path of a mapping entry to where its key starts.
    """

    name: str
    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)


def decode(raw: bytes, name: str) -> str:
    """Decode a file's bytes as UTF-8, refusing anything else with a located error."""
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(
            name, 1, 1, f"file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(name, 1, 1, "file is UTF-16; save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise InputError(
            name, line, column, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        ) from None


def parse(raw: bytes, name: str) -> YamlFile:
    """Parse one YAML file into plain data with positions."""
    text = decode(raw, name)
    return _Builder(text, name).build()


def _position(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _describe(node: Any) -> str:
    return f"'{node}'" if isinstance(node, str) else repr(node)


class _Builder:
    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.result = YamlFile(name=name, data=None)
        self.parser = _Parser(text)

    def fail(self, mark: Any, problem: str) -> InputError:
        return InputError(self.name, mark.line + 1, mark.column + 1, problem)

    def next_event(self) -> Any:
        try:
            return self.parser.get_event()
        except pyyaml.MarkedYAMLError as exc:
            mark: Any = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            if mark is None:
                raise InputError(self.name, 1, 1, problem) from None
            raise self.fail(mark, problem) from None
        except pyyaml.reader.ReaderError as exc:
            line, column = self._position_of(exc.position)
            char = exc.character
            shown = f"U+{ord(char):04X}" if isinstance(char, str) else f"0x{char:02x}"
            raise InputError(
                self.name, line, column, f"character {shown} is not allowed in YAML"
            ) from None
        except pyyaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks above
            raise InputError(self.name, 1, 1, str(exc)) from None

    def _position_of(self, offset: int) -> Position:
        before = self.text[:offset]
        return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1

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
        self.result.data = self.node(self.next_event(), (), 0)
        self.next_event()  # DocumentEnd
        event = self.next_event()
        if isinstance(event, events.DocumentStartEvent):
            raise self.fail(
                event.start_mark,
                "a second YAML document starts here; a framework file holds exactly one",
            )
        return self.result

    def node(self, event: Any, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(
                event.start_mark, f"nesting deeper than the limit of {MAX_DEPTH} levels"
            )
        self.result.values[path] = _position(event.start_mark)
        if isinstance(event, events.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, events.MappingStartEvent):
            self.check_collection_tag(event, "map")
            return self.mapping(path, depth)
        if isinstance(event, events.SequenceStartEvent):
            self.check_collection_tag(event, "seq")
            return self.sequence(path, depth)
        if isinstance(event, events.AliasEvent):
            raise self.fail(
                event.start_mark,
                f"alias '*{event.anchor}' is not allowed; write the value out in full",
            )
        raise self.fail(event.start_mark, "unexpected YAML event")  # pragma: no cover

    def check_collection_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is not None and tag not in ("!", _CORE + kind):
            raise self.fail(event.start_mark, f"tag '{_tag_text(tag)}' is not allowed")

    def mapping(self, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            event = self.next_event()
            if isinstance(event, events.MappingEndEvent):
                return result
            if not isinstance(event, events.ScalarEvent):
                raise self.fail(event.start_mark, "a mapping key must be plain text")
            key = self.scalar(event)
            if not isinstance(key, str):
                raise self.fail(
                    event.start_mark,
                    f"key {_describe(key)} is not text; quote it if it is meant as a name",
                )
            child = (*path, key)
            if key in result:
                first = self.result.keys[child][0]
                raise self.fail(event.start_mark, f"duplicate key '{key}' (first at line {first})")
            self.result.keys[child] = _position(event.start_mark)
            result[key] = self.node(self.next_event(), child, depth + 1)

    def sequence(self, path: Path, depth: int) -> list[Any]:
        result: list[Any] = []
        while True:
            event = self.next_event()
            if isinstance(event, events.SequenceEndEvent):
                return result
            result.append(self.node(event, (*path, len(result)), depth + 1))

    def scalar(self, event: Any) -> Any:
        value: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            # Quoted scalars, block scalars and the non-specific tag '!' are always text.
            # libyaml reports a plain scalar's style as '', the pure-Python parser as None.
            if tag == "!" or event.style or not event.implicit[0]:
                return value
            return self.resolve_plain(value, event)
        if not tag.startswith(_CORE):
            raise self.fail(event.start_mark, f"tag '{tag}' is not allowed")
        kind = tag[len(_CORE) :]
        if kind == "str":
            return value
        if kind in ("int", "float", "bool", "null"):
            resolved = self.resolve_plain(value, event)
            type_ok = {
                "int": isinstance(resolved, int) and not isinstance(resolved, bool),
                "float": isinstance(resolved, (int, float)) and not isinstance(resolved, bool),
                "bool": isinstance(resolved, bool),
                "null": resolved is None,
            }[kind]
            if not type_ok:
                raise self.fail(event.start_mark, f"'{value}' is not a valid !!{kind}")
            return float(resolved) if kind == "float" else resolved
        raise self.fail(event.start_mark, f"tag '{_tag_text(tag)}' is not allowed")

    def resolve_plain(self, value: str, event: Any) -> Any:
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        number: int | None = None
        if _INT10.match(value):
            number = int(value, 10)
        elif _INT8.match(value):
            number = int(value[2:], 8)
        elif _INT16.match(value):
            number = int(value[2:], 16)
        if number is not None:
            if abs(number) > MAX_INT:
                raise self.fail(
                    event.start_mark,
                    "integer is too large (the limit is 64 bits); quote it as text",
                )
            return number
        if _INF.match(value) or _NAN.match(value):
            raise self.fail(event.start_mark, f"'{value}' is not a number a framework can hold")
        if _FLOAT.match(value):
            result = float(value)
            if math.isinf(result):
                raise self.fail(event.start_mark, f"'{value}' is too large for a number")
            return result
        return value
