"""Reading many versions of a file: each distinct piece of YAML text parsed once.

A history holds hundreds of versions of each framework file, most of them repeating most of
the one before. :func:`parse_in_parts` reads a file as the entries of its top-level mapping (and
an entry holding a block list as its items), parsing each piece of text once for the whole walk;
:func:`parse_cached` parses each distinct file once for the life of the process, keyed by its
git blob id (the id git gives its content). Both give exactly what
:func:`prepctl.io.yaml.parse` gives, and share the results: callers treat them as read-only.
"""

from __future__ import annotations

import re
from typing import Any

from prepctl.errors import InputError
from prepctl.io import yaml as yamlio
from prepctl.io.git.repo import blob_sha

_TOP_KEY = re.compile(rb"\n(?=[A-Za-z_][^:#\r\n]*:(?:[ \t\r\n]|\Z))")
"""The line break before a line that starts an entry of the top-level mapping: a plain key at
column 1 (written with the line break, which the regex engine finds fast, rather than '^')."""
_FIRST_KEY = re.compile(rb"[A-Za-z_][^:#\r\n]*:(?:[ \t\r\n]|\Z)")
_AFTER_TOP = re.compile(rb"\n(?:---|\.\.\.|%)")
"""A document marker or directive, which would make a file more than one mapping."""
_EXPLICIT_KEY = re.compile(rb"(?m)^[ \t-]*\?(?:[ \t\r\n]|$)")
"""A complex key written after '?': rare, and a piece holding one could be placed differently
when read alone, so the file is parsed whole."""
_PARTS: dict[bytes, yamlio.YamlFile | None] = {}
_SHIFTED: dict[tuple[bytes, int], tuple[dict[yamlio.Path, yamlio.Position], ...]] = {}
_PARTS_LIMIT = 16384


def parse_in_parts(raw: bytes, name: str) -> yamlio.YamlFile:
    """``prepctl.io.yaml.parse``, reading a file as the entries of its top-level mapping, each
    entry's text parsed once until :func:`forget_parts` (successive versions of a file mostly
    repeat them; :func:`_entry_in_items` goes on to the items of a list).

    A file splits where a line starts with a plain key at column 1. Each part is parsed alone,
    and the parts are joined (positions moved down by the lines before them) only when that
    must give what parsing the whole file gives: every part reads as a mapping, the first starts
    exactly at the first such line (so the top level is a block mapping at column 1, and each
    later key line is one of its entries), no key repeats across parts, the file holds no
    document marker or directive after its first key and stays under the value limit. Anything
    else (and any part that cannot be read) is parsed whole, so every refusal is exactly
    ``parse``'s. The result shares data with other versions: treat it as read-only.
    """
    starts = [found.end() for found in _TOP_KEY.finditer(raw)]
    if _FIRST_KEY.match(raw):
        starts.insert(0, 0)
    if (
        len(starts) < 2
        or len(raw) > yamlio.MAX_FILE_BYTES
        or _AFTER_TOP.search(raw, starts[0]) is not None
        or _EXPLICIT_KEY.search(raw) is not None
    ):
        return yamlio.parse(raw, name)
    first = _part(raw[: starts[1]], name)
    lines = _line_breaks(raw, 0, starts[0])
    if first is None or not isinstance(first.data, dict) or first.values.get(()) != (lines + 1, 1):
        return yamlio.parse(raw, name)
    data: dict[str, Any] = dict(first.data)
    values = dict(first.values)
    keys = dict(first.keys)
    entries = len(data)
    count = len(values)
    lines = _line_breaks(raw, 0, starts[1])
    returns = b"\r" in raw
    bounds = [*starts[1:], len(raw)]
    for index in range(len(bounds) - 1):
        begin, end = bounds[index], bounds[index + 1]
        text = raw[begin:end]
        part = _part(text, name)
        if part is None or not isinstance(part.data, dict):
            return yamlio.parse(raw, name)
        data.update(part.data)
        entries += len(part.data)
        count += len(part.values) - 1
        shifted = _SHIFTED.get((text, lines))
        if shifted is None:
            shifted = _SHIFTED[(text, lines)] = _shift(part, lines)
        values.update(shifted[0])
        keys.update(shifted[1])
        lines += _line_breaks(raw, begin, end) if returns else raw.count(b"\n", begin, end)
    if entries != len(data) or count > yamlio.MAX_VALUES:
        return yamlio.parse(raw, name)  # a key repeated across parts, or too many values
    return yamlio.YamlFile(name=name, data=data, values=values, keys=keys)


def forget_parts() -> None:
    """Drop the pieces :func:`parse_in_parts` keeps, at the end of a walk: freed then, rather
    than kept to the end of the process (where the garbage collector would go over them)."""
    _PARTS.clear()
    _SHIFTED.clear()
    _ITEMS.clear()


def _part(text: bytes, name: str) -> yamlio.YamlFile | None:
    """One entry of the top-level mapping parsed alone (None if it cannot be read)."""
    if text in _PARTS:
        return _PARTS[text]
    if len(_PARTS) >= _PARTS_LIMIT:
        _PARTS.clear()
        _SHIFTED.clear()
        _ITEMS.clear()
    parsed = _entry_in_items(text, name)
    if parsed is None:
        try:
            parsed = yamlio.parse(text, name)
        except InputError:
            parsed = None
    _PARTS[text] = parsed
    return parsed


_HEADER = re.compile(rb"[A-Za-z_][^:#\r\n]*:[ ]*\n")
"""An entry whose value starts on the next line: ``key:`` and nothing else on its line."""
_FIRST_ITEM = re.compile(rb"( +)- ")
_ITEM_LINES: dict[bytes, re.Pattern[bytes]] = {}
_Positions = dict[yamlio.Path, yamlio.Position]
_ITEMS: dict[tuple[bytes, int, int, str], tuple[Any, _Positions, _Positions]] = {}
"""Items read alone, as (value, value positions, key positions) in the list they stand in."""


def _entry_in_items(text: bytes, name: str) -> yamlio.YamlFile | None:
    """An entry whose value is a block list, indented, read item by item (each item's text
    parsed once, as entries are); None when it is not one, or its items cannot be read alone.

    A line of exactly the first item's indentation followed by ``- `` starts the next item:
    what the item before it opened (a quotation, a flow collection) is closed, since that item
    reads alone, and anything it holds on later lines (a block scalar, continued text, a
    nested list or mapping) is indented further. So each item reads alone as it reads in the
    list: a list of that one value, one level less deep.
    """
    header = _HEADER.match(text)
    first = _FIRST_ITEM.match(text, header.end()) if header is not None else None
    if header is None or first is None:
        return None
    indent = first.group(1)
    lines = _ITEM_LINES.get(indent)
    if lines is None:
        lines = _ITEM_LINES[indent] = re.compile(b"\n" + indent + b"- ")
    starts = [header.end(), *(found.start() + 1 for found in lines.finditer(text, header.end()))]
    head = _part_alone(text[: header.end()], name)
    if head is None or not isinstance(head.data, dict) or len(head.data) != 1:
        return None
    (key,) = head.data
    items: list[Any] = []
    values: dict[yamlio.Path, yamlio.Position] = {(): head.values[()]}
    keys = dict(head.keys)
    bounds = [*starts, len(text)]
    row = _line_breaks(text, 0, starts[0])
    for index in range(len(starts)):
        item = text[bounds[index] : bounds[index + 1]]
        found = _ITEMS.get((item, row, index, key))
        if found is None:
            parsed = _part_alone(item, name)
            if (
                parsed is None
                or not isinstance(parsed.data, list)
                or len(parsed.data) != 1
                or parsed.values.get(()) != (1, len(indent) + 1)
                or max(map(len, parsed.values)) >= yamlio.MAX_DEPTH - 1
            ):
                return None
            found = _ITEMS[(item, row, index, key)] = (
                parsed.data[0],
                {
                    (key, index, *path[1:]): (line + row, column)
                    for path, (line, column) in parsed.values.items()
                    if path
                },
                {
                    (key, index, *path[1:]): (line + row, column)
                    for path, (line, column) in parsed.keys.items()
                },
            )
        if index == 0:
            values[(key,)] = (row + 1, len(indent) + 1)
        items.append(found[0])
        values.update(found[1])
        keys.update(found[2])
        row += _line_breaks(text, bounds[index], bounds[index + 1])
    return yamlio.YamlFile(name=name, data={key: items}, values=values, keys=keys)


def _part_alone(text: bytes, name: str) -> yamlio.YamlFile | None:
    if text in _PARTS:
        return _PARTS[text]
    try:
        parsed: yamlio.YamlFile | None = yamlio.parse(text, name)
    except InputError:
        parsed = None
    _PARTS[text] = parsed
    return parsed


def _shift(part: yamlio.YamlFile, lines: int) -> tuple[dict[yamlio.Path, yamlio.Position], ...]:
    """A later part's value and key positions, ``lines`` further down, without its root."""
    return (
        {path: (row + lines, column) for path, (row, column) in part.values.items() if path},
        {path: (row + lines, column) for path, (row, column) in part.keys.items()},
    )


def _line_breaks(raw: bytes, begin: int, end: int) -> int:
    """Line breaks in ``raw[begin:end]``, counted as the YAML reader counts them."""
    breaks = raw.count(b"\n", begin, end)
    if raw.find(b"\r", begin, end) >= 0:
        breaks += raw.count(b"\r", begin, end) - raw.count(b"\r\n", begin, end)
    return breaks


_PARSED: dict[str, yamlio.YamlFile] = {}
_PARSED_LIMIT = 8192


def parse_cached(raw: bytes, name: str) -> yamlio.YamlFile:
    """``prepctl.io.yaml.parse``, once per distinct blob in a process.

    The result is shared between documents, so callers must treat parsed data as read-only.
    Errors are not cached: a broken file is reported, with its own name, every time.
    """
    key = blob_sha(raw)
    parsed = _PARSED.get(key)
    if parsed is None:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        parsed = _PARSED[key] = yamlio.parse(raw, name)
    return parsed
