"""Reading YAML: what a framework file is, read into plain data with positions.

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

This module checks the bytes (size, encoding, characters) and sets the limits;
:mod:`prepctl.io.yaml_events` reads libyaml's events, :mod:`prepctl.io.yaml_scalars` says what a
scalar means, and :mod:`prepctl.io.yaml_syntax` puts libyaml's syntax errors into words.
:mod:`prepctl.io.yaml_pieces` reads many versions of a file at once, and
:mod:`prepctl.io.yaml_roundtrip` (ruamel.yaml, for ``fmt``) keeps comments and styles.

Every error is an :class:`~prepctl.errors.InputError` with a 1-based line and column and a
message meant for the person who edits the file, not for a YAML expert.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from prepctl.errors import InputError
from prepctl.io import yaml_events
from prepctl.io.yaml_syntax import position_in

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
# Values (texts, numbers, lists, mappings) in one file. The largest file of the shipped framework
# holds about 500; a file of a million one-character list items (well under the size limit)
# would make every later step, each linear, take minutes and gigabytes.
MAX_VALUES = 100_000

Path = tuple[str | int, ...]
Position = tuple[int, int]

# The complement of YAML 1.2 c-printable (https://yaml.org/spec/1.2.2/#51-character-set): C0
# controls but tab and line breaks, DEL and C1 (NEL among them), surrogates, U+FFFE and U+FFFF;
# plus U+2028 and U+2029, which libyaml (a YAML 1.1 parser) takes for line breaks while YAML 1.2
# takes them for content. Written as the short list of what is forbidden rather than the long one
# of what is allowed: the same set, four times cheaper to compile at every start.
_FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]"
)


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
        line, column = position_in(before, len(before))
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
    data, values, keys = yaml_events.build(text, name, max_depth=MAX_DEPTH, max_values=MAX_VALUES)
    return YamlFile(name, data, values, keys)


def _check_characters(text: str, name: str) -> None:
    """Refuse characters YAML 1.2 forbids, or that YAML readers disagree about, where they are.

    libyaml would refuse most of these itself, but it reports a byte offset, not a column.
    """
    found = _FORBIDDEN_CHARACTER.search(text)
    if found is None:
        return
    line, column = position_in(text, found.start())
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
