"""The YAML reader: YAML 1.2 meaning, located errors, positions, and agreement with ruamel.yaml.

ruamel.yaml is the reference because ``fmt`` reads and writes framework files with it; the two
readers must agree on every framework file's data and positions. Where ruamel.yaml departs from
the YAML 1.2 core schema, prepctl follows the specification and the difference is spelled out in
``RUAMEL_DIFFERS`` below, so that a change on either side shows up here.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, FRAMEWORK
from helpers.yaml_cases import _LAUGHS, ERRORS, FILES, NESTED, SCALARS
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.scalarbool import ScalarBoolean

from prepctl.errors import InputError
from prepctl.io import yaml as yamlio
from prepctl.io import yaml_scalars

NAME = "policy.yaml"


def parse(source: str | bytes) -> yamlio.YamlFile:
    raw = source.encode("utf-8") if isinstance(source, str) else source
    return yamlio.parse(raw, NAME)


def parse_error(source: str | bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        parse(source)
    return caught.value


def ruamel_reader() -> YAML:
    reader = YAML(typ="rt")
    reader.version = (1, 2)
    return reader


def ruamel_load(source: str) -> Any:
    return ruamel_reader().load(source)


def plain(node: Any) -> Any:
    """ruamel.yaml's round-trip objects as the plain data prepctl gives (dates as ISO text)."""
    if isinstance(node, dict):
        assert all(isinstance(key, str) for key in node), node
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, (bool, ScalarBoolean)):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if node is None:
        return None
    if type(node) is datetime.date:
        return node.isoformat()
    if isinstance(node, TaggedScalar) and node.tag.value == "tag:yaml.org,2002:str":
        return str(node.value)  # ruamel keeps an explicit '!!str' to write it back
    raise TypeError(f"no plain form agreed for {type(node).__name__}: {node!r}")


def typed(value: Any) -> Any:
    """Data with each scalar tagged by its exact type, so that 1, 1.0 and True never compare equal."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if type(value) is float:
        return ("float", value.hex())  # hex keeps -0.0 apart from 0.0
    assert type(value) in (str, int, bool, type(None)), type(value)
    return (type(value).__name__, value)


# --- 1. Scalars resolve by the YAML 1.2 core schema ------------------------------------------


@pytest.mark.parametrize(("source", "expected"), SCALARS, ids=[s for s, _ in SCALARS])
def test_scalar_resolves_by_yaml_1_2_core_schema(source: str, expected: Any) -> None:
    assert typed(parse(f"value: {source}\n").data) == typed({"value": expected})


# Plain scalars that ruamel.yaml (the reader behind `fmt`) resolves differently from the YAML 1.2
# core schema, with what each reader makes of them. prepctl follows the specification.
RUAMEL_DIFFERS: list[tuple[str, Any, Any]] = [
    (
        "2026-01-01 10:00:00",  # a timestamp: ruamel builds a datetime, prepctl keeps the text
        "2026-01-01 10:00:00",
        datetime.datetime(2026, 1, 1, 10, 0),  # what ruamel returns
    ),
]
_DIFFERING = {source for source, _, _ in RUAMEL_DIFFERS}


@pytest.mark.parametrize(
    ("source", "expected"),
    [(s, e) for s, e in SCALARS if s not in _DIFFERING],
    ids=[s for s, _ in SCALARS if s not in _DIFFERING],
)
def test_scalar_reads_as_ruamel_reads_it(source: str, expected: Any) -> None:
    document = f"value: {source}\n"
    assert typed(plain(ruamel_load(document))) == typed(parse(document).data)


@pytest.mark.parametrize(
    ("source", "ours", "ruamels"), RUAMEL_DIFFERS, ids=[s for s, _, _ in RUAMEL_DIFFERS]
)
def test_scalar_ruamel_reads_differently_is_documented(
    source: str, ours: Any, ruamels: Any
) -> None:
    document = f"value: {source}\n"
    assert typed(parse(document).data) == typed({"value": ours})
    loaded = ruamel_load(document)["value"]
    assert loaded == ruamels
    assert type(loaded) is not type(ours)


# Forms YAML 1.2 and ruamel.yaml read differently are refused rather than given one meaning,
# so that lint, diff and fmt can never disagree about a value.
AMBIGUOUS = ["1_000", "1_000.5", "0b101", "+0x1F", "-0o7", ".5e3", "+.5e3", "-.5E-3"]


@pytest.mark.parametrize("source", AMBIGUOUS)
def test_number_forms_readers_disagree_on_are_refused(source: str) -> None:
    assert ruamel_load(f"value: {source}\n")["value"] != parse(f"value: '{source}'\n").data[
        "value"
    ] or isinstance(ruamel_load(f"value: {source}\n")["value"], str)
    with pytest.raises(InputError) as caught:
        parse(f"value: {source}\n")
    assert (caught.value.line, caught.value.column) == (1, 8)
    assert "reads as a number to some YAML tools and as text to others" in caught.value.problem
    assert parse(f"value: '{source}'\n").data == {"value": source}


# The forms above as the reader first matched them: one pattern, whose '[0-9_]*_[0-9_]*' tries
# every '_' of a long run of digits and '_' that ends in something else (40 KB took a minute).
_AMBIGUOUS_AS_FIRST_WRITTEN = re.compile(
    r"^[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$"
    r"|^[-+]?[0-9]*\.[0-9]*_[0-9_]*(?:[eE][-+]?[0-9]+)?$"
    r"|^[-+]?0b[01_]+$"
    r"|^[-+]0x[0-9a-fA-F_]+$|^[-+]0o[0-7_]+$"
    r"|^[-+]?\.[0-9]+[eE][-+]?[0-9]+$"
)


@given(st.text(alphabet="0123456789_.eE+-xob", max_size=12))
def test_ambiguous_number_forms_are_the_same_as_first_written(text: str) -> None:
    assert yaml_scalars.ambiguous_number(text) == bool(_AMBIGUOUS_AS_FIRST_WRITTEN.match(text))


@pytest.mark.parametrize(
    "value",
    [
        "1" + "_0" * 500_000 + "x",
        "1.0" + "_0" * 500_000 + "x",
        "." + "_0" * 500_000 + "x",
        "1" + "_0" * 500_000 + "e",
        "0b" + "_1" * 500_000 + "2",
    ],
    ids=["integer", "fraction", "point", "exponent", "binary"],
)
def test_ambiguous_number_check_takes_time_linear_in_the_text(value: str) -> None:
    """A megabyte of digits and '_' that is no number: read as text at once. Each pattern now
    moves along the text once (no two stars over '_' in a row, so no '_' is tried as the one
    the pattern needs); as first written, this took hours."""
    assert parse(f"unit: {value}\n").data == {"unit": value}


HUGE = "1" * 5000


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (HUGE, "is too large a whole number"),
        ("-" + HUGE, "is too large a whole number"),
        ("!!int " + HUGE, "is too large a whole number"),
        ("!!float " + HUGE, "is too large a whole number"),
        ("0x" + "f" * 5000, "is too large a whole number"),
        ("0o" + "7" * 5000, "is too large a whole number"),
        ("1_" + HUGE, "reads as a number to some YAML tools and as text to others"),
        ("!!bool " + HUGE, "is too large a whole number"),
        ("!!bool " + "y" * 5000, "is not true or false, as the tag '!!bool' requires"),
    ],
    ids=[
        *("decimal", "negative", "tagged-int", "tagged-float", "hex", "octal", "separated"),
        *("tagged-bool", "tagged-bool-text"),
    ],
)
def test_huge_numbers_are_refused_in_one_short_line(source: str, message: str) -> None:
    """Python refuses to turn more than 4,300 digits into an integer; the reader never asks it
    to, and quotes a refused value's start and length rather than the whole of it."""
    error = parse_error(f"value: {source}\n")
    assert (error.line, error.column) == (1, 8)
    assert message in error.problem
    digits = source.split()[-1]
    assert f"'{digits[:40]}…' ({len(digits):,} characters)" in error.problem
    assert len(error.problem) < 250


def test_leading_zeros_do_not_count_towards_the_size_of_a_whole_number() -> None:
    assert parse(f"value: {'0' * 5000}7\n").data == {"value": 7}
    assert parse(f"value: 0x{'0' * 5000}1F\n").data == {"value": 31}
    assert parse("value: -0009223372036854775808\n").data == {"value": -(2**63)}
    assert parse_error("value: 09223372036854775808\n").problem.startswith(
        "'09223372036854775808' is too large a whole number"
    )


def test_huge_keys_are_quoted_short() -> None:
    error = parse_error(f"? {HUGE}\n: x\n")  # an explicit key may be longer than 1,024
    assert error.problem.startswith(f"'{HUGE[:40]}…' (5,000 characters) is too large a whole")
    error = parse_error(f"? 0.{HUGE}\n: x\n")
    assert f"key '0.{HUGE[:38]}…' (5,002 characters) is read as a number" in error.problem


def test_non_specific_tag_on_plain_scalar_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse("value: ! 5\n")
    assert (caught.value.line, caught.value.column) == (1, 8)
    assert "tag '!' is not allowed" in caught.value.problem
    assert parse("value: ! '5'\n").data == {"value": "5"}


# --- 2. Errors: located, one line, in words a policy author understands ----------------------


# Words of YAML's grammar that mean nothing to a policy author.
JARGON = ("scalar", "token", "simple key", "context", "stream", "node", "indicator ", "octet")


@pytest.mark.parametrize(
    ("source", "line", "column", "message"),
    [case[1:] for case in ERRORS],
    ids=[case[0] for case in ERRORS],
)
def test_error_is_located_and_explained(
    source: str | bytes, line: int, column: int, message: str
) -> None:
    error = parse_error(source)
    assert (error.file, error.line, error.column) == (NAME, line, column)
    assert message in error.problem
    assert str(error) == f"{NAME}:{line}:{column}: {error.problem}"
    assert "\n" not in str(error)
    assert not [word for word in JARGON if word in error.problem.lower()]


def _c_printable(code: int) -> bool:
    """YAML 1.2's c-printable production, written out from the specification."""
    return (
        code in (0x09, 0x0A, 0x0D, 0x85)
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def test_every_character_outside_c_printable_or_a_yaml_1_1_line_break_is_refused() -> None:
    wrongly = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if bool(yamlio._FORBIDDEN_CHARACTER.match(chr(code)))
        != (not _c_printable(code) or code in (0x85, 0x2028, 0x2029))
    ]
    assert wrongly == []


def test_alias_bomb_fails_on_its_first_alias_before_expanding_anything() -> None:
    error = parse_error(_LAUGHS)
    assert (error.line, error.column) == (3, 8)
    assert error.problem.startswith("alias '*a' is not allowed")


def test_anchor_without_alias_is_harmless() -> None:
    assert parse("a: &x 1\nb: &y [2]\n").data == {"a": 1, "b": [2]}


# Next to each form refused because libyaml reads it otherwise than YAML 1.2: the forms both
# read alike, which must still be read.
NEIGHBOURS: list[tuple[str, Any]] = [
    ("a: &an-chor_1 x\n", {"a": "x"}),
    ("a: &x [1, 2]\n", {"a": [1, 2]}),
    ("a: [&x 1, &y 2]\n", {"a": [1, 2]}),
    ("a: [? x : y]\n", {"a": [{"x": "y"}]}),
    ("a: [a?b, c ?d]\n", {"a": ["a?b", "c ?d"]}),
    ("a: ?x\n", {"a": "?x"}),
    ("a: [-x, -1]\n", {"a": ["-x", -1]}),
    ("::\n", {":": None}),
    ('a: "x" # note\nb: [c] # note\n', {"a": "x", "b": ["c"]}),
    ("a: b#c # note#2\n# a#b\n", {"a": "b#c"}),
    ("a: >  # note\n  text\n", {"a": "text\n"}),
    ('a: "one\n two"\n', {"a": "one two"}),
    ('a: "one\n\n two"\n', {"a": "one\ntwo"}),
    ("a: [one,\n two]\n", {"a": ["one", "two"]}),
    ("[one,\ntwo]\n", ["one", "two"]),
    ("- [one,\n  two]\n", [["one", "two"]]),
    ("a: |\n  x\n   \n", {"a": "x\n \n"}),
    ("a: |\n  x\n", {"a": "x\n"}),
    ("a: |\n  x", {"a": "x"}),
    ("a: >\n  \n  x\n", {"a": "\nx\n"}),
    ("a: |2\n   \n  x\n", {"a": " \nx\n"}),
    ("a: |\n   \nb: 1\n", {"a": "", "b": 1}),
]


@pytest.mark.parametrize(("source", "expected"), NEIGHBOURS, ids=[s for s, _ in NEIGHBOURS])
def test_forms_next_to_the_refused_ones_are_read(source: str, expected: Any) -> None:
    assert typed(parse(source).data) == typed(expected)
    assert typed(plain(ruamel_load(source))) == typed(expected)


def test_yaml_1_2_checks_take_time_linear_in_the_text() -> None:
    """Each check looks only near the value it is given: many values on one long line, or many
    blocks of text above a long last line, are read at once (a rescan of the line for each
    value would take hours here)."""
    count = 40_000
    anchored = "a: [" + ", ".join(f"&n{i} {i}" for i in range(count)) + "]\n"
    assert parse(anchored).data == {"a": list(range(count))}
    commented = "a: [" + ", ".join(f"x#{i}" for i in range(count)) + "] # end#1\n"
    assert len(parse(commented).data["a"]) == count
    blocks = "".join(f"k{i}: |\n  x\n" for i in range(count)) + "z: 1" + " " * 1_000_000
    assert len(parse(blocks).data) == count + 1
    error = parse_error(blocks.replace("z: 1", "z: |\n  x\n", 1))
    assert error.problem.startswith("the file ends in a line of only spaces")
    lines = "a: [\n" + "".join(f"  {i},\n" for i in range(count)) + "  ]\n"
    assert len(parse(lines).data["a"]) == count


def test_quoted_merge_key_is_text() -> None:
    assert parse("'<<': 1\n").data == {"<<": 1}


def test_yaml_1_2_directive_is_accepted() -> None:
    assert parse("%YAML 1.2\n---\nk: yes\n").data == {"k": "yes"}


def test_file_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 10)
    assert parse("k: 1234\n").data == {"k": 1234}  # 8 bytes
    error = parse_error("k: 12345678\n")
    assert (error.line, error.column) == (1, 1)
    assert error.problem == "file is too large: 12 bytes, over the limit of 10 bytes"


def _nested_lists(levels: int) -> str:
    return "k: " + "[" * levels + "x" + "]" * levels + "\n"


def _nested_mappings(levels: int) -> str:
    lines = ["  " * level + "k:" for level in range(levels - 1)]
    return "\n".join([*lines, "  " * (levels - 1) + "k: leaf"]) + "\n"


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0


def test_nesting_up_to_the_limit_is_read() -> None:
    assert yamlio.MAX_DEPTH == 64
    assert _depth(parse(_nested_lists(63)).data) == 64  # the root mapping counts
    assert _depth(parse(_nested_mappings(64)).data) == 64


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        (_nested_lists(64), 1, 4 + 63),  # the 65th collection is the 64th '['
        (_nested_mappings(65), 65, 2 * 64 + 1),  # a block mapping starts at its first key
        ("k: " + "[" * 100_000, 1, 4 + 63),  # stops there, never reads the rest
    ],
    ids=["lists", "mappings", "unclosed-flood"],
)
def test_nesting_beyond_the_limit_is_refused(source: str, line: int, column: int) -> None:
    error = parse_error(source)
    assert (error.line, error.column) == (line, column)
    assert error.problem == (
        "lists and mappings are nested more than 64 levels deep here, over the limit"
    )


# --- 3. Positions: 1-based, for every value and key -----------------------------------------


def test_positions_of_values_and_keys_in_block_and_flow_style() -> None:
    parsed = parse(NESTED)
    assert parsed.keys == {
        ("name",): (2, 1),
        ("levels",): (3, 1),
        ("levels", 0, "id"): (4, 5),
        ("levels", 0, "meaning"): (5, 5),
        ("levels", 1, "id"): (8, 5),
        ("levels", 1, "tags"): (9, 5),
        ("levels", 1, "tags", 1, "b"): (9, 16),
        ("governance",): (10, 1),
        ("governance", "body"): (11, 3),
        ("governance", "body", "name"): (12, 5),
        ("governance", "cadence"): (13, 3),
    }
    assert parsed.values == {
        (): (2, 1),  # the root mapping starts at its first key, after the comment
        ("name",): (2, 7),
        ("levels",): (4, 3),  # a block list starts at its first '-'
        ("levels", 0): (4, 5),  # a block mapping starts at its first key
        ("levels", 0, "id"): (4, 9),
        ("levels", 0, "meaning"): (5, 14),  # a block scalar starts at its '>'
        ("levels", 1): (8, 5),
        ("levels", 1, "id"): (8, 9),
        ("levels", 1, "tags"): (9, 11),  # a flow collection starts at its bracket
        ("levels", 1, "tags", 0): (9, 12),
        ("levels", 1, "tags", 1): (9, 15),
        ("levels", 1, "tags", 1, "b"): (9, 19),
        ("governance",): (11, 3),
        ("governance", "body"): (12, 5),
        ("governance", "body", "name"): (12, 11),
        ("governance", "cadence"): (13, 12),
    }
    assert parsed.data["levels"][0]["meaning"] == "folded over two lines\n"


def test_positions_after_multi_line_scalars() -> None:
    parsed = parse(
        "a: plain text\n  over two lines\nb: 'quoted\n\n  too'\nc: >-\n  x\n\n  y\nd: 1\n"
    )
    assert parsed.data == {
        "a": "plain text over two lines",
        "b": "quoted\ntoo",
        "c": "x\ny",
        "d": 1,
    }
    assert [parsed.keys[(key,)] for key in "abcd"] == [(1, 1), (3, 1), (6, 1), (10, 1)]
    assert [parsed.values[(key,)] for key in "abcd"] == [(1, 4), (3, 4), (6, 4), (10, 4)]


def test_positions_are_1_based() -> None:
    parsed = parse("a: 1\n")
    assert parsed.keys == {("a",): (1, 1)}
    assert parsed.values == {(): (1, 1), ("a",): (1, 4)}


def test_byte_order_mark_takes_no_column() -> None:
    parsed = parse("\ufeffa: 1\nb:\n  - x\n".encode())
    assert parsed.data == {"a": 1, "b": ["x"]}
    assert parsed.keys == {("a",): (1, 1), ("b",): (2, 1)}
    assert parsed.values == {(): (1, 1), ("a",): (1, 4), ("b",): (3, 3), ("b", 0): (3, 5)}


def test_columns_count_characters_not_bytes() -> None:
    parsed = parse("é: {ü: 😀, b: 1}\n")
    assert parsed.keys[("é", "b")] == (1, 11)
    assert parsed.values[("é", "b")] == (1, 14)


def test_windows_line_endings_count_once() -> None:
    parsed = parse("a: 1\r\nb:\r\n  c: 2\r\n")
    assert parsed.keys == {("a",): (1, 1), ("b",): (2, 1), ("b", "c"): (3, 3)}


def test_tagged_and_anchored_values_start_at_the_tag_or_anchor() -> None:
    parsed = parse("a: !!str 5\nb: &x 6\n")
    assert parsed.values[("a",)] == (1, 4)
    assert parsed.values[("b",)] == (2, 4)


def test_empty_value_stands_right_after_its_colon() -> None:
    # prepctl's choice: where the value would be written, on the key's line, right after the
    # ':' (in flow style, at the ',' or '}' that ends it). ruamel.yaml marks an empty value where
    # the next thing starts, often on the next line, so this is the one place the two readers'
    # positions differ; the comparisons with ruamel.yaml below skip empty values.
    parsed = parse("a:\nb:   # nothing\nc: [x, ]\nd: {e: }\n")
    assert parsed.data == {"a": None, "b": None, "c": ["x"], "d": {"e": None}}
    assert parsed.values[("a",)] == (1, 3)
    assert parsed.values[("b",)] == (2, 3)
    assert parsed.values[("d", "e")] == (4, 8)
    assert ruamel_load("a:\nb: 1\n").lc.value("a") == (1, 0)  # next line: not comparable


def test_empty_and_comment_only_files_hold_nothing() -> None:
    assert parse("").data is None
    assert parse("# only a comment\n").data is None
    assert parse("---\n").data is None


# --- 4. Agreement with ruamel.yaml -----------------------------------------------------------


def ruamel_positions(node: Any, path: yamlio.Path = ()) -> Iterator[tuple[str, Any, Any]]:
    """Every (kind, path, 1-based position) ruamel.yaml records, with the value it is for."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            child = (*path, key)
            key_line, key_column = node.lc.key(key)
            yield "key", child, (key_line + 1, key_column + 1)
            if value is not None:  # see test_empty_value_stands_right_after_its_colon
                value_line, value_column = node.lc.value(key)
                yield "value", child, (value_line + 1, value_column + 1)
            yield from ruamel_positions(value, child)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            child = (*path, index)
            if value is not None:
                line, column = node.lc.item(index)
                yield "value", child, (line + 1, column + 1)
            yield from ruamel_positions(value, child)


def assert_agrees_with_ruamel(text: str) -> yamlio.YamlFile:
    ours = parse(text)
    theirs = ruamel_load(text)
    assert typed(ours.data) == typed(plain(theirs))
    if isinstance(theirs, (CommentedMap, CommentedSeq)):
        # A collection's mark: at its first key or '-' in block style, at its bracket in flow
        # style; the two readers agree on these, so collections are compared too.
        assert ours.values[()] == (theirs.lc.line + 1, theirs.lc.col + 1)
    expected_keys: dict[yamlio.Path, yamlio.Position] = {}
    expected_values: dict[yamlio.Path, yamlio.Position] = {}
    for kind, path, position in ruamel_positions(theirs):
        (expected_keys if kind == "key" else expected_values)[path] = position
    assert ours.keys == expected_keys
    empty = {path for path in ours.values if path not in expected_values and path}
    assert {path: ours.values[path] for path in expected_values} == expected_values
    assert all(_value_at(ours.data, path) is None for path in empty)
    return ours


def _value_at(data: Any, path: yamlio.Path) -> Any:
    for step in path:
        data = data[step]
    return data


def test_there_are_framework_files_to_compare() -> None:
    assert any(path.is_relative_to(FRAMEWORK) for path in FILES)
    assert any(path.is_relative_to(FIXTURES) for path in FILES)


@pytest.mark.parametrize(
    "path", FILES, ids=[path.relative_to(FRAMEWORK.parent).as_posix() for path in FILES]
)
def test_framework_file_reads_as_ruamel_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parsed = assert_agrees_with_ruamel(text)
    assert parsed.keys  # every framework file is a mapping with content


def test_agreement_check_covers_tricky_layouts() -> None:
    parsed = assert_agrees_with_ruamel(NESTED + "extra:\n- [1, 2.5, true, ~]\n- {x: 'on', y: no}\n")
    assert parsed.data["extra"] == [[1, 2.5, True, None], {"x": "on", "y": "no"}]


# Text that tempts a YAML writer to leave quotes off, or a reader to take it for something else.
TRICKY_TEXT = [
    "on", "no", "yes", "off", "y", "n", "~", "null", "Null", "true", "False", "",
    "1", "-7", "017", "0o17", "0x1F", "1_000", "0b101", "+0x1F", "1e3", ".5", "1.", "-0.0", ".5e3",
    "12:30:00", "2026-01-01", "2026-01-01 10:00:00", ".nan", ".inf", "-.Inf",
    "#x", "a #b", ": x", "x: y", "x:", "- a", "-", "? a", "*a", "&a", "!a", "!!str", "%a", "@a",
    "`a", "'", '"', "|", ">", "[a]", "{a: 1}", ",", "<<", "=",
    " lead", "trail ", "two  spaces", "a\nb", "a\n", "\n\n", "\t", "tab\tinside",
    "é😀", "---", "...", "--- x", "\\", "\\n", "\x07", "\x00", "\ufeff", "\u00a0",
]  # fmt: skip
# U+0085, U+2028 and U+2029 are left out: ruamel.yaml writes them raw, and prepctl refuses them
# (see test_ruamel_writes_unicode_line_breaks_raw_which_prepctl_refuses).
_NOT_WRITTEN = "\x85\u2028\u2029"
_RUAMEL_WRITES_PLAIN = re.compile(r"^[-+]?\.[0-9]+[eE][-+]?[0-9]+$")
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
KEYS = st.builds(
    lambda first, rest: first + "".join(f"-{word}" for word in rest),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4),
    st.lists(_WORD, max_size=2),
) | st.sampled_from(["on", "no", "yes", "null", "true", "y", "key-1", "1-a"])
ANY_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters=_NOT_WRITTEN),
    max_size=30,
) | st.sampled_from(TRICKY_TEXT)
# Text that needs no escapes, long enough for ruamel.yaml to wrap it over lines
# (see test_ruamel_wraps_escaped_text_without_a_continuation).
PRINTABLE_TEXT = st.text(
    alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=90
) | st.sampled_from([text for text in TRICKY_TEXT if text.isprintable()])


def framework_data(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Nested plain data of the kinds a framework holds, with text drawn from ``text``."""
    scalars = (
        text
        | st.integers(min_value=yaml_scalars.MIN_INT, max_value=yaml_scalars.MAX_INT)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.booleans()
        | st.none()
    )
    return st.dictionaries(
        KEYS,
        st.recursive(
            scalars,
            lambda children: (
                st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4)
            ),
            max_leaves=10,
        ),
        min_size=1,
        max_size=5,
    )


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        yield from value
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


def assert_reads_back(data: dict[str, Any], *, flow: bool, width: int) -> None:
    # See test_flow_text_starting_with_question_mark_or_colon.
    assume(not (flow and any(text.startswith(("?", ":")) for text in _texts(data))))
    # ruamel.yaml writes the text '.5e3' unquoted, which prepctl refuses as ambiguous.
    assume(not any(_RUAMEL_WRITES_PLAIN.match(text) for text in _texts(data)))
    writer = ruamel_reader()
    writer.default_flow_style = flow
    writer.width = width
    written = io.StringIO()
    writer.dump(data, written)
    text = written.getvalue()
    ours = parse(text).data
    assert typed(ours) == typed(plain(ruamel_load(text))), text
    assert typed(ours) == typed(data), text


@settings(max_examples=120, deadline=None)
@given(data=framework_data(ANY_TEXT), flow=st.booleans())
def test_ruamel_written_data_reads_back_the_same(data: dict[str, Any], flow: bool) -> None:
    assert_reads_back(data, flow=flow, width=4096)


@settings(max_examples=80, deadline=None)
@given(data=framework_data(PRINTABLE_TEXT), flow=st.booleans(), width=st.sampled_from([20, 40]))
def test_ruamel_wrapped_data_reads_back_the_same(
    data: dict[str, Any], flow: bool, width: int
) -> None:
    # ruamel.yaml's writer may fold a plain scalar at a run of spaces, which YAML then reads
    # back as one space: a writer limitation (see the test below), not a reader disagreement.
    assume(not any("  " in text for text in _texts(data)))
    assert_reads_back(data, flow=flow, width=width)


def test_ruamel_folds_runs_of_spaces_when_it_wraps_plain_text() -> None:
    writer = ruamel_reader()
    writer.width = 20
    written = io.StringIO()
    writer.dump({"on": {"null": "00000000  0"}}, written)
    # Both readers agree on what was written; what was written is not what was given.
    assert parse(written.getvalue()).data == plain(ruamel_load(written.getvalue()))
    assert parse(written.getvalue()).data == {"on": {"null": "00000000 0"}}


def test_ruamel_wraps_escaped_text_without_a_continuation() -> None:
    # A writer bug in ruamel.yaml, not a reader disagreement: wrapping double-quoted text right
    # after an escape, it leaves out the '\\' that keeps the line break from becoming a space.
    # Both readers read the same changed text; the property tests above do not wrap such text.
    value = "aaaaaaaaaaaaaaaaaaaaa\x07bbbbbbbbbbbbbb cccc"
    writer = ruamel_reader()
    writer.width = 20
    written = io.StringIO()
    writer.dump({"k": value}, written)
    changed = value.replace("\x07", "\x07 ")
    assert parse(written.getvalue()).data == {"k": changed}
    assert plain(ruamel_load(written.getvalue())) == {"k": changed}


@pytest.mark.parametrize("character", list(_NOT_WRITTEN), ids=["U+0085", "U+2028", "U+2029"])
def test_ruamel_writes_unicode_line_breaks_raw_which_prepctl_refuses(character: str) -> None:
    written = io.StringIO()
    ruamel_reader().dump({"k": f"x{character}y"}, written)
    assert character in written.getvalue()
    error = parse_error(written.getvalue())
    assert f"U+{ord(character):04X}" in error.problem


def test_flow_text_starting_with_question_mark_or_colon() -> None:
    # In flow style ruamel.yaml leaves text such as '?x' and ':x' unquoted. Both are text in
    # YAML 1.2; ruamel.yaml (a writer bug) and libyaml read '[?x]' back as a mapping, and libyaml
    # (YAML 1.1 here) refuses '[:x]', so prepctl asks for quotes for both.
    # The property test above keeps such text out of flow style.
    written = io.StringIO()
    writer = ruamel_reader()
    writer.default_flow_style = True
    writer.dump({"a": ["?x"], "b": [":x"]}, written)
    text = written.getvalue()
    assert "{a: [?x], b: [:x]}" in text
    assert plain(ruamel_load(text)) == {"a": [{"x": None}], "b": [":x"]}
    error = parse_error(text)
    assert (error.line, error.column) == (2, 10)
    assert error.problem.startswith("inside [ ] or { }, text that starts with '?' must be put in")
    error = parse_error(text.replace("?x", "'?x'"))
    assert (error.line, error.column) == (2, 21)
    assert error.problem == "inside [ ] or { }, text that starts with ':' must be put in quotes"
    quoted = text.replace("?x", "'?x'").replace(":x", "':x'")
    assert parse(quoted).data == {"a": ["?x"], "b": [":x"]}


@given(st.text(min_size=1, max_size=12))
def test_plain_scalars_starting_elsewhere_than_the_resolved_starts_are_text(text: str) -> None:
    patterns = (
        yaml_scalars._SEPARATED,
        yaml_scalars._AMBIGUOUS,
        yaml_scalars._NULL,
        yaml_scalars._INT10,
        yaml_scalars._INT8,
        yaml_scalars._INT16,
        yaml_scalars._INF,
        yaml_scalars._NAN,
        yaml_scalars._FLOAT,
    )
    if text[0] not in yaml_scalars._RESOLVED_STARTS:
        assert text not in yaml_scalars._BOOL
        assert not any(pattern.match(text) for pattern in patterns)
    if text[0] in yaml_scalars._WORD_STARTS:
        assert not any(
            pattern.match(text) for pattern in patterns if pattern is not yaml_scalars._NULL
        )


@given(st.text(alphabet="~nNtTfFrueals0123456789+-._eEinfINFaAxob", min_size=0, max_size=8))
def test_plain_scalars_resolve_as_the_core_schema_reads_them(text: str) -> None:
    written = f"k: {text}\n".encode()
    try:
        value = yamlio.parse(written, "t.yaml").data
    except InputError:
        return  # refused as ambiguous, or not a plain scalar at all
    if not isinstance(value, dict) or list(value) != ["k"]:
        return  # the text was not one plain scalar (a comment, a flow collection, ...)
    expected = _core_schema(text.strip())
    assert value["k"] == expected
    assert type(value["k"]) is type(expected)


@pytest.mark.parametrize("text", ["null", "~", "true", "False", "0x1F", "-3", ".5", "+.inf", "1_0"])
def test_each_non_text_form_starts_with_a_resolved_start(text: str) -> None:
    assert text[0] in yaml_scalars._RESOLVED_STARTS


def _core_schema(text: str) -> Any:
    """The YAML 1.2 core schema's reading of a plain scalar, written out from the specification
    (https://yaml.org/spec/1.2.2/#1033-tag-resolution) independently of prepctl.io.yaml."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"0o[0-7]+", text):
        return int(text[2:], 8)
    if re.fullmatch(r"0x[0-9a-fA-F]+", text):
        return int(text[2:], 16)
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", text):
        return float(text)
    return text
