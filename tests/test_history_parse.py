"""Reading historic files in parts (``prepctl.io.yaml_pieces.parse_in_parts``) is ``prepctl.io.yaml.parse``.

``prepctl log`` parses every version of every framework file in a history. Successive versions
mostly repeat the entries of their top-level mapping and the items of the lists in them, so the
log parses each such piece once and joins the pieces; whenever joining might not give what
parsing the whole file gives, it parses the whole file. These tests hold it to that: the same
data (types included: ``true`` is not 1), the same positions of every value and key, and the
same refusal (file, line, column and words) for every input, read cold and again from the
pieces already parsed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.yaml_cases import ERRORS, FILES, NAME, NESTED, SCALARS, assert_same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepctl.io import yaml as yamlio
from prepctl.io import yaml_pieces

ENTRIES = b"id: cyber\nname: Cyber\nstatus: tracked\n"
LIST = b"thresholds:\n  - id: high\n    name: High\n  - id: critical\n    name: Critical\n"


def embeddings(text: bytes) -> list[bytes]:
    """A text alone and in the places where a file is cut into parts: between top-level
    entries, as the value of an entry, and as an item of a list or inside one."""
    indented = b"".join(b"    " + line for line in text.splitlines(keepends=True))
    return [
        text,
        ENTRIES + text,
        text + b"\n" + ENTRIES,
        ENTRIES + text + b"\nlast: value\n",
        LIST + text,
        ENTRIES + b"key:\n" + indented + b"other: 1\n",
        LIST + b"  - id: extra\n    body:\n" + indented + b"  - id: after\n",
        b"items:\n  - " + text.replace(b"\n", b"\n    ") + b"\n  - id: next\nend: 1\n",
    ]


SOURCES = [
    case[1] if isinstance(case[1], bytes) else case[1].encode("utf-8") for case in ERRORS
] + [f"value: {source}\n".encode() for source, _ in SCALARS]


@pytest.mark.parametrize("source", SOURCES)
def test_every_refusal_and_scalar_of_the_reader_reads_the_same_in_parts(source: bytes) -> None:
    for raw in embeddings(source):
        assert_same(raw)


TRICKY = [
    b"id: c\nthresholds:\n  - ? a\n  - b\n",  # an explicit key in a list item
    b"id: c\n? complex\n: value\nname: n\n",
    # The top level is not a block mapping at column 1, though lines look like entries.
    b'{a: "x\nkey: y"}\nother: z\n',
    b"[a,\nkey: b]\nother: c\n",
    b"  id: x\nname: y\nstatus: z\n",
    b"- a\nkey: b\nother: c\n",
    b"&anchor\nid: x\nname: y\n",
    b"!!map\nid: x\nname: y\n",
    b"--- |\nid: x\nname: y\n",
    b"hello\nid: x\nname: y\n",
    b"? id\n: x\nname: y\nother: z\n",
    # Document markers and directives after the first entry.
    b"a: 1\n...\nb: 2\nc: 3\n",
    b"a: 1\n---\nb: 2\nc: 3\n",
    b"a: 1\nb: 2\n...\n",
    b"a: 1\n%YAML 1.2\nb: 2\n",
    b"%YAML 1.2\n---\na: 1\nb: 2\n",
    b"---\na: 1\nb: 2\n",
    b"# comment\n\na: 1\n# between\nb: 2\n",
    # Text that goes on past a line that looks like an entry.
    b'a: "x\nb: y"\nc: 1\n',
    b"a: 'x\nb: y'\nc: 1\n",
    b"a: [1,\nb: 2]\nc: 1\n",
    b"a: plain\ncontinued\nb: 1\n",
    b"a: |\n  text\nb: 1\nc: |+\n  kept\n\n\nd: 1\n",
    b"a: >-\n  folded\n\n  more\nb: 1\n",
    b"a:\n- compact\n- list\nb:\n- x\n",
    # Keys repeated across entries, and keys that only look like entries.
    b"a: 1\nb: 2\na: 3\n",
    b"a: 1\nb:\n  a: 2\nb: 3\n",
    b'a: 1\n"b": 2\nc: 3\n',
    b"a: 1\nb : 2\nc: 3\n",
    b"a: 1\nb:c: 2\nd: 3\n",
    b"a: 1\nb#c: 2\nd: 3\n",
    b"a: 1\nb:\tc\nd: 3\n",
    b"a: 1\nb: 2\n  c: 3\n",
    b"a: 1\nb: 2\n c: 3\n",
    b"a: 1\nb: &x 2\nc: *x\n",
    b"a: 1\nb: !e!x 2\nc: 3\n",
    # Line breaks of every kind, and a byte-order mark.
    b"a: 1\r\nb: 2\r\nc:\r\n  - x\r\n  - y\r\n",
    b"a: 1\rb: 2\rc: 3\r",
    b"a: 1\r\nb: 'x\r\ny'\nc: 3\n",
    b"\xef\xbb\xbfa: 1\nb: 2\n",
    b"a: 1\nb: 2\xe2\x80\xa8x\nc: 3\n",
    b"a: 1\nb: \xff\nc: 3\n",
    b"a: 1\nb: \x00\nc: 3\n",
    b"a: 1\nb: 2",
    b"a: 1\nb:",
    # Lists read item by item.
    b"l:\n  - a\n  - b\n  -\n  - c\nm: 1\n",
    b"l:\n  - a\n  -\tb\n  - c\n",
    b"l:\n  - a\n   - b\n  - c\n",
    b"l:\n  - a\n - b\n  - c\n",
    b"l:\n  - a\n  b: 1\n  - c\n",
    b"l:\n  - a\n  - - b\n    - c\n  - d\n",
    b"l:\n  - |\n    - not an item\n  - c\n",
    b"l:\n  - key: |\n      text\n  - 'quoted\n  - still quoted'\n  - c\n",
    b"l:\n  - [a,\n  - b]\n  - c\n",
    b"l:\n  - a\n# comment\n  - b\n",
    b"l:\n  - a\n\n  - b\n\n",
    b"l:\n  - id: x\n    n: 1\n  - id: x\n    n: 1\n",
    b"l: # comment\n  - a\n  - b\n",
    b"l: &anchor\n  - a\n  - b\n",
    b"l:\n  # first\n  - a\n  - b\n",
    b"l:\n  - &a x\n  - *a\n",
    b"l:\n  - {a: 1, a: 2}\n  - b\n",
    b"l:\n  - a\n  - b\nl:\n  - c\n",
    b"l:\n    - a\n    - b\nm:\n  - c\n  - d\n",
    b"l:\n  - 1\n  - 1.0\n  - true\n  - 0x1F\n  - 1_000\n",
    NESTED.encode(),
]


@pytest.mark.parametrize("raw", TRICKY)
def test_layouts_where_cutting_a_file_could_mislead_read_the_same(raw: bytes) -> None:
    for text in embeddings(raw):
        assert_same(text)


def test_depth_and_value_limits_count_the_whole_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_VALUES", 12)
    assert_same(b"a: 1\nb: 2\nc: [1, 2, 3]\nd: [4, 5, 6]\ne: [7, 8]\n")
    assert_same(b"a: 1\nb: 2\nc: [1, 2, 3]\nd: [4, 5, 6]\ne: [7, 8, 9]\n")
    monkeypatch.undo()
    deep = b"l:\n  - " + b"[" * (yamlio.MAX_DEPTH - 2) + b"]" * (yamlio.MAX_DEPTH - 2) + b"\n"
    for raw in (deep, deep.replace(b"[", b"[[", 1).replace(b"]", b"]]", 1)):
        assert_same(b"a: 1\n" + raw + b"  - x\n")


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_framework_files_read_the_same(path: Path) -> None:
    assert_same(path.read_bytes())


def test_pieces_are_shared_between_versions() -> None:
    old = LIST + b"summary: before\n"
    new = LIST + b"summary: after\n"
    first, second = yaml_pieces.parse_in_parts(old, NAME), yaml_pieces.parse_in_parts(new, NAME)
    assert first.data["thresholds"] is second.data["thresholds"]
    third = yaml_pieces.parse_in_parts(
        LIST.replace(b"name: Critical", b"name: Crit") + b"x: 1\n", NAME
    )
    assert third.data["thresholds"][0] is first.data["thresholds"][0]
    assert third.data["thresholds"][1] != first.data["thresholds"][1]


# Random edits of real files --------------------------------------------------------------------

_SNIPPETS = [
    *(b"- ", b"  - ", b"    ", b"\t", b"\n", b"\r\n", b"\r", b"#", b": ", b"'", b'"', b"[", b"]"),
    *(b"{", b"}", b"|", b">-", b"&a ", b"*a", b"!!str ", b"? ", b"---\n", b"...\n", b"%YAML 1.2\n"),
    *(b"id: x\n", b"name: y\n", b"key:\n", b"  - id: z\n", b"true", b"1.0", b"0x10", b"\x00"),
    *(b"\xef\xbb\xbf", b"\xc3", "\u2028".encode(), b"1_000", b"<<: {}\n"),
]
_CORPUS = [path.read_bytes() for path in FILES if path.stat().st_size < 20_000]


@st.composite
def edited(draw: st.DrawFn) -> bytes:
    raw = draw(st.sampled_from(_CORPUS))
    for _ in range(draw(st.integers(1, 3))):
        lines = raw.splitlines(keepends=True) or [b""]
        line = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["insert", "insert-at-line", "delete", "copy", "indent"]))
        if kind == "insert":
            at = draw(st.integers(0, len(raw)))
            raw = raw[:at] + draw(st.sampled_from(_SNIPPETS)) + raw[at:]
        elif kind == "insert-at-line":
            lines.insert(line, draw(st.sampled_from(_SNIPPETS)))
            raw = b"".join(lines)
        elif kind == "delete":
            raw = b"".join(lines[:line] + lines[line + 1 :])
        elif kind == "copy":
            raw = b"".join(lines[: line + 1] + lines[line:])
        else:
            change = draw(st.sampled_from([b" ", b"  ", b""]))
            lines[line] = change + lines[line].lstrip(b" ")
            raw = b"".join(lines)
    return raw


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(raw=edited())
def test_edited_framework_files_read_the_same(raw: bytes) -> None:
    assert_same(raw)


def test_the_corpus_holds_lists_read_item_by_item() -> None:
    """The random edits above start from files that take the item-by-item path."""
    lists = [raw for raw in _CORPUS if re.search(rb"\n[a-z-]+:\n  - ", raw)]
    assert len(lists) > 10
