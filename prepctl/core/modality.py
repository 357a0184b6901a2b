"""How strongly a text binds: the modal verbs and hedges of commitment language.

A commitment binds when it says what the developer *must*, *shall* or *will* do. Words such as
"should", "may" or "where possible" turn it into an intention. This module is the one list of
those words: the lint rule ``commitment-language`` reports the weak ones, and the diff engine
compares two versions of a text with :func:`strength` to tell a loosened commitment ("must not
be deployed" → "should not be deployed") from a tightened one.

Matching is by whole words, case-insensitive, with two exceptions that are not modal at all:
"May" followed or preceded by a number is the month, and a sentence that opens with "Should"
is a condition ("Should a model reach High, ..."), not a recommendation. A word written inside
quotation marks is quoted, not used.
"""

from __future__ import annotations

import re
from typing import NamedTuple

BINDING = "binding"
WEAK = "weak"


class Phrase(NamedTuple):
    """One modal phrase in a text: where it is (offsets into the text), what kind, and what
    to write instead when it is weak."""

    text: str
    start: int
    end: int
    kind: str
    weight: int
    problem: str
    suggestion: str


class _Pattern(NamedTuple):
    regex: re.Pattern[str]
    kind: str
    weight: int
    problem: str = ""
    suggestion: str = ""


def _pattern(
    words: str, kind: str, weight: int, problem: str = "", suggestion: str = ""
) -> _Pattern:
    regex = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    return _Pattern(regex, kind, weight, problem, suggestion)


_MODAL = "does not bind"
_EFFORT = "promises an effort, not a result"
_OPTIONAL = "makes the commitment optional"
_QUALIFIER = "drop it, or name the exact conditions under which the commitment does not apply"
_NOT = r"(?:\s+not|n['\u2019]t)"

# Each pattern under the words it can start with, longest first: "may not" wins over "may",
# and "will try to" is "will" (binding) followed by "try to" (weak).
_PATTERNS: dict[str, tuple[_Pattern, ...]] = {}
for _starts, _entry in (
    (
        "endeavour endeavours endeavor endeavors",
        _pattern(r"endeavou?rs?\s+to", WEAK, -1, _EFFORT, "write 'will'"),
    ),
    ("aim aims", _pattern(r"aims?\s+to", WEAK, -1, _EFFORT, "write 'will'")),
    ("try tries", _pattern(r"(?:try|tries)\s+to", WEAK, -1, _EFFORT, "write 'will'")),
    ("strive strives", _pattern(r"strives?\s+to", WEAK, -1, _EFFORT, "write 'will'")),
    (
        "where if when",
        _pattern(r"(?:where|if|when)\s+(?:possible|feasible)", WEAK, -1, _OPTIONAL, _QUALIFIER),
    ),
    ("where if", _pattern(r"(?:where|if)\s+practicable", WEAK, -1, _OPTIONAL, _QUALIFIER)),
    ("as", _pattern(r"as\s+appropriate", WEAK, -1, _OPTIONAL, _QUALIFIER)),
    ("may", _pattern(rf"may{_NOT}", WEAK, -2, _MODAL, "write 'must not'")),
    ("might", _pattern(rf"might{_NOT}", WEAK, -2, _MODAL, "write 'will not'")),
    ("should", _pattern(rf"should{_NOT}", WEAK, -1, _MODAL, "write 'must not'")),
    ("could", _pattern(rf"could{_NOT}", WEAK, -2, _MODAL, "write 'will not'")),
    ("may", _pattern(r"may", WEAK, -2, _MODAL, "write 'must' or 'will'")),
    ("might", _pattern(r"might", WEAK, -2, _MODAL, "write 'will'")),
    ("should", _pattern(r"should", WEAK, -1, _MODAL, "write 'must'")),
    ("could", _pattern(r"could", WEAK, -2, _MODAL, "write 'will'")),
    (
        "must shall will wo sha",
        _pattern(rf"must{_NOT}?|shall|will|wo{_NOT}|sha{_NOT}", BINDING, 2),
    ),
    ("is are", _pattern(r"(?:is|are)\s+required\s+to", BINDING, 2)),
    ("commit commits", _pattern(r"commits?\s+to", BINDING, 2)),
):
    for _start in _starts.split():
        _PATTERNS[_start] = (*_PATTERNS.get(_start, ()), _entry)
_WORD = re.compile(r"[A-Za-z]+(?=n['\u2019]t)|[A-Za-z]+")

WEAK_WORDS: tuple[str, ...] = (
    "may",
    "might",
    "should",
    "could",
    "where possible",
    "where feasible",
    "as appropriate",
    "if practicable",
    "endeavour to",
    "endeavor to",
    "aim to",
    "try to",
)
"""The weak wording the rule documents (each also matched in its close variants)."""

_QUOTES = "'\"`\u2018\u2019\u201c\u201d"
_MONTH_AFTER = re.compile(r"\s+\d")
_MONTH_BEFORE = re.compile(r"\d\s+$")
_SENTENCE_ENDS = ".!?:;"


def phrases(text: str) -> list[Phrase]:
    """Every modal phrase in ``text``, binding or weak, in order; none overlap.

    Where two phrases start at one place the longer wins ("may not" over "may"; the patterns
    are listed longest first).
    """
    found: list[Phrase] = []
    taken_until = 0
    for word in _WORD.finditer(text):
        if word.start() < taken_until:
            continue
        for pattern in _PATTERNS.get(word.group().lower(), ()):
            match = pattern.regex.match(text, word.start())
            if match is None or _not_modal(text, match):
                continue
            found.append(
                Phrase(
                    match.group(),
                    match.start(),
                    match.end(),
                    pattern.kind,
                    pattern.weight,
                    pattern.problem,
                    pattern.suggestion,
                )
            )
            taken_until = match.end()
            break
    return found


def weak_phrases(text: str) -> list[Phrase]:
    """The weak phrases of ``text``, in order."""
    return [phrase for phrase in phrases(text) if phrase.kind == WEAK]


def strength(text: str) -> int:
    """How strongly ``text`` binds, as a number to compare two versions of one text.

    Each binding verb counts +2; "should" -1; "may", "might" and "could" -2; each hedge
    ("where possible", "aim to", ...) -1. A lower number after an edit means the commitment
    was loosened. The number means nothing across unrelated texts.
    """
    return sum(phrase.weight for phrase in phrases(text))


def compare(before: str, after: str) -> int:
    """-1 when ``after`` binds less than ``before``, 1 when it binds more, 0 when equal."""
    difference = strength(after) - strength(before)
    return (difference > 0) - (difference < 0)


def _not_modal(text: str, match: re.Match[str]) -> bool:
    word = match.group()
    start, end = match.span()
    if start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES:
        return True  # the word is mentioned, not used: 'should'
    if word == "May" and (
        _MONTH_AFTER.match(text, end) or _MONTH_BEFORE.search(text[max(0, start - 8) : start])
    ):
        return True  # the month: "May 2026", "1 May"
    return word.startswith("Should") and _opens_sentence(text, start)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence or a line: only whitespace before it, or
    a sentence end (``.!?:;``) or a line break, then whitespace.

    It looks back over the whitespace before the word only, never the whole text: words are
    separated by what is not whitespace, so over a text the look-backs add up to one pass.
    """
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return before == 0 or text[before - 1] in _SENTENCE_ENDS or "\n" in text[before:start]
