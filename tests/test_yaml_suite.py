"""The official YAML Test Suite through prepctl's YAML reader (tests/data/yaml-test-suite/).

The reader returns what YAML 1.2 says, or refuses: no valid document is read as other data
than the suite's JSON gives, and no invalid document is read at all. Refusing a valid document
is allowed, but only for a reason written down in ``REFUSED`` below, and the refusal must say
so; a document on that list that starts to be read must come off it. The history walk's
piecewise reader (``prepctl.io.yaml_pieces.parse_in_parts``) must give the same answer for every test,
positions and refusals included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers.yaml_cases import assert_same

from prepctl.errors import InputError
from prepctl.io import yaml as yamlio

SUITE = Path(__file__).resolve().parent / "data" / "yaml-test-suite"
TESTS = sorted(path.parent for path in SUITE.rglob("in.yaml"))
NAME = "in.yaml"


def case_id(folder: Path) -> str:
    return folder.relative_to(SUITE).as_posix()


def _each(words: str, *ids: str) -> dict[str, str]:
    return dict.fromkeys(ids, words)


# Valid YAML 1.2 that prepctl refuses, test by test, with words the refusal must contain (so
# that a test refused for another reason fails here).
REFUSED: dict[str, str] = {
    # By design: what a framework file never holds ------------------------------------------
    # Aliases: a policy spells its commitments out, and no alias bomb can expand.
    **_each("alias '*", "26DV", "3GZX", "6KGN", "7BUB", "E76Z", "HMQ5", "JS2J", "LE5A", "V55R"),
    # Tags: nothing is ever constructed from one, and '!' on plain text means something else
    # to each reader.
    **_each("tag '", "2XXW", "565N", "5TYM", "6CK3", "6WLZ", "7FWL", "9WXW", "C4HZ", "CC74"),
    **_each("tag '", "CUP7", "J7PZ", "M5C3", "P76L", "UGM3", "Z67P", "Z9M4"),
    **_each("the tag '!' is not allowed here", "52DL", "8MK2", "S4JQ", "UKK6/02"),
    # One document a file.
    **_each("a second YAML document starts here", "35KP", "6XDY", "6ZKB", "9DXL", "9KAX"),
    **_each("a second YAML document starts here", "JHB9", "KSS4", "L383", "PUW8", "RZT7", "U9NS"),
    **_each("unexpected text after the end of the document", "7Z25", "DK3J", "FP8R", "M7A3"),
    # Keys are text: a list, a mapping or nothing (null) as a key has no address.
    **_each("a key must be text, not a list", "4FJ6", "6BFJ", "6PBE", "KK5P", "LX3P", "M5DY"),
    **_each("a key must be text, not a list", "RZP5", "SBG9", "X38W", "XW4D"),
    **_each("a key must be text, not a mapping", "9MMW", "M2N8/00", "M2N8/01", "Q9WF", "V9D5"),
    **_each("a key is missing before ':'", "DFF7", "FH7J", "PW8X"),
    # YAML 1.2 only, and no directive but '%YAML 1.2'.
    **_each("YAML directive", "2LFX", "6LVF", "MUS6/05", "MUS6/06", "W4TN"),
    **_each("this file declares YAML 1.1", "MUS6/02", "MUS6/03", "MUS6/04"),
    **_each("remove the %YAML line", "BEC7"),
    # Where libyaml, a YAML 1.1 parser, cannot read valid YAML 1.2 --------------------------
    # Tabs as separation where YAML 1.1 took them for indentation.
    **_each("a tab is used for indentation", "6BCT", "6CA3", "96NN/00", "96NN/01", "A2M4"),
    **_each("a tab is used for indentation", "DK95/00", "DK95/03", "DK95/04", "Q5MG", "R4YG"),
    **_each("a tab is used for indentation", "Y79Y/001", "Y79Y/010"),
    # ':' glued to text or to a quoted key inside brackets, and keys without a value.
    **_each("text that starts with ':' must be put in quotes", "58MP", "5T43", "CFD4", "DBG4"),
    **_each("text that starts with ':' must be put in quotes", "HM87/00"),
    **_each("expected ',' or '}'", "4MUZ/00", "4MUZ/01", "4MUZ/02", "5MUD", "9SA2", "K3WX"),
    **_each("expected ',' or '}'", "NJ66", "UT92", "VJP3/01"),
    **_each("found unexpected ':'", "4ABK", "FRK4"),
    **_each("expected a 'key: value' entry here", "2JQS", "6M2F", "NHX8", "NKF9", "S3PD"),
    **_each("expected a 'key: value' entry here", "SM9W/01", "UKK6/00"),
    **_each("expected a value here", "HWV9", "QT73"),
    # Anchor names YAML 1.1 does not allow ('&' before a character other than a letter, digit,
    # '-' or '_').
    **_each("'&' must be followed by a name", "8XYN", "W5VH"),
    # Where libyaml reads other data than YAML 1.2: refused (prepctl.io.yaml12) ----------------
    **_each("text that starts with '?' must be put in", "652Z", "HM87/01"),
    **_each("the anchor '&", "2SXE", "Y2GN"),
    **_each("the file ends in a line of only spaces", "JEF9/02", "L24T/01"),
}


def json_documents(folder: Path) -> list[Any]:
    """The documents of a test's in.json: none, one, or several JSON values one after another."""
    text = (folder / "in.json").read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    documents: list[Any] = []
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return documents
        document, at = decoder.raw_decode(text, at)
        documents.append(document)


def comparable(value: Any) -> Any:
    """Data with true/false kept apart from 1/0, and 1 equal to 1.0 as JSON has it."""
    if isinstance(value, dict):
        return ("mapping", {key: comparable(item) for key, item in value.items()})
    if isinstance(value, list):
        return ("list", [comparable(item) for item in value])
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    assert isinstance(value, (int, float)), value
    return ("number", value)


def read(folder: Path) -> yamlio.YamlFile | InputError:
    try:
        return yamlio.parse((folder / "in.yaml").read_bytes(), NAME)
    except InputError as exc:
        return exc


def test_the_suite_is_all_there() -> None:
    assert len(TESTS) == 402
    assert sum((folder / "error").exists() for folder in TESTS) == 94
    assert not set(REFUSED) - {case_id(folder) for folder in TESTS}


@pytest.mark.parametrize("folder", [f for f in TESTS if (f / "error").exists()], ids=case_id)
def test_invalid_yaml_is_refused(folder: Path) -> None:
    result = read(folder)
    assert isinstance(result, InputError), f"accepted as {result.data!r}"


@pytest.mark.parametrize("folder", [f for f in TESTS if not (f / "error").exists()], ids=case_id)
def test_valid_yaml_is_read_as_its_json_or_refused_for_a_listed_reason(folder: Path) -> None:
    result = read(folder)
    words = REFUSED.get(case_id(folder))
    if words is not None:
        assert isinstance(result, InputError), f"read now, take it off REFUSED: {result.data!r}"
        assert words in result.problem
        return
    assert not isinstance(result, InputError), f"refused, not listed: {result}"
    if not (folder / "in.json").exists():
        return  # the suite gives no JSON: read without error is all that can be checked
    documents = json_documents(folder)
    assert len(documents) <= 1
    expected = documents[0] if documents else None
    assert comparable(result.data) == comparable(expected)


@pytest.mark.parametrize("folder", TESTS, ids=case_id)
def test_the_history_reader_agrees(folder: Path) -> None:
    assert_same((folder / "in.yaml").read_bytes())
