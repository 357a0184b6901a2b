from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prepctl.core import modality


def found(text: str) -> list[tuple[str, int]]:
    return [(phrase.text, phrase.start) for phrase in modality.weak_phrases(text)]


def test_weak_phrases_with_their_offsets() -> None:
    text = "The lab should pause training and, where possible, tell the board."
    assert found(text) == [("should", 8), ("where possible", 35)]


def test_longest_phrase_wins_and_each_word_is_found_once() -> None:
    assert found("Staff may not copy the weights.") == [("may not", 6)]
    assert found("The lab will try to stop.") == [("try to", 13)]
    phrases = modality.phrases("The lab will try to stop.")
    assert [(p.text, p.kind) for p in phrases] == [("will", "binding"), ("try to", "weak")]


def test_a_phrase_may_span_a_line_break() -> None:
    assert found("pause training where\n  possible") == [("where\n  possible", 15)]


@pytest.mark.parametrize("word", modality.WEAK_WORDS)
def test_every_documented_weak_word_is_found_in_any_case(word: str) -> None:
    assert found(f"In every case the lab will {word} act.") != []
    assert found(f"In every case the lab will {word.upper()} act.") != []


@pytest.mark.parametrize(
    "text",
    [
        "The lab will report by 1 May and again in May 2027.",
        "Should a model reach High, the lab will halt. Should it reach Critical, it will stop.",
        'The verbs "should" and \u2018may\u2019 are quoted, not used.',
        "The mayor will not shoulder the decision; the couldron is a typo.",
    ],
)
def test_words_that_are_not_modal_here(text: str) -> None:
    assert found(text) == []


def test_should_inside_a_sentence_is_weak() -> None:
    assert found("If in doubt, the lab should stop.") == [("should", 21)]


def test_strength_orders_binding_advisory_and_permissive_wording() -> None:
    must = modality.strength("The lab must not deploy the model.")
    should = modality.strength("The lab should not deploy the model.")
    may = modality.strength("The lab may not deploy the model.")
    hedged = modality.strength("The lab must not deploy the model where possible.")
    assert must > should > may
    assert must > hedged


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("must not be deployed", "should not be deployed", -1),
        ("should not be deployed", "must not be deployed", 1),
        ("will halt training", "will aim to halt training", -1),
        ("will halt training", "will halt all training", 0),
        ("will halt training", "will halt training and will tell the board", 1),
    ],
)
def test_compare_tells_loosening_from_tightening(before: str, after: str, expected: int) -> None:
    assert modality.compare(before, after) == expected


def test_contractions() -> None:
    assert found("The lab shouldn't deploy it and couldn\u2019t stop.") == [
        ("shouldn't", 8),
        ("couldn\u2019t", 32),
    ]
    binding = [
        p.text for p in modality.phrases("It won't, mustn't and shan't.") if p.kind == "binding"
    ]
    assert binding == ["won't", "mustn't", "shan't"]


@pytest.mark.parametrize(
    "text",
    [
        "Should a model reach High, the lab will halt.",
        "The lab will halt. Should it reach Critical, it will stop.",
        "The lab will halt:\tShould it reach Critical, it will stop.",
        "The lab will halt\n  Should it reach Critical, it will stop.",
        "\n\nShould it reach Critical, it will stop.",
        "  Should it reach Critical, it will stop.",
    ],
)
def test_should_opening_a_sentence_or_line_is_a_condition(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The lab Should halt.",
        "The lab, Should it matter, will halt.",
        "The lab will halt  \t Should it reach Critical.",
    ],
)
def test_should_inside_a_sentence_is_weak_whatever_its_case(text: str) -> None:
    assert [phrase for phrase, _ in found(text)] == ["Should"]


_OLD_SENTENCE_END = re.compile(r"(?:^|[.!?:;]\s*|\n\s*)$")


@given(st.lists(st.sampled_from(["Should", " ", "\n", "\t", "\u2028", ".", ";", "x", "a"])))
def test_sentence_starts_are_found_as_the_plain_rule_says(pieces: list[str]) -> None:
    # Before a sentence-opening "Should": nothing but whitespace, or the end of a sentence or
    # a line break followed by whitespace.
    text = " ".join(pieces)
    expected = [
        (phrase.text, phrase.start)
        for phrase in modality.phrases(text)
        if phrase.kind == modality.WEAK
    ]
    conditions = [
        match.start()
        for match in re.finditer(r"\bShould\b", text)
        if text[: match.start()].isspace()
        or _OLD_SENTENCE_END.search(text[: match.start()]) is not None
    ]
    weak_shoulds = [start for word, start in expected if word == "Should"]
    every_should = [match.start() for match in re.finditer(r"\bShould\b", text)]
    assert sorted(weak_shoulds + conditions) == every_should


def test_sentence_starts_take_linear_time() -> None:
    # Each search used to look back over the whole text before the word: a quarter of a million
    # characters took minutes; one pass takes well under a second.
    repeated = "x Should " * 30_000 + "must"
    phrases = modality.phrases(repeated)
    assert [phrase.text for phrase in phrases] == ["Should"] * 30_000 + ["must"]
    blank_lines = "\n" * 60_000 + "x Should must"
    assert found(blank_lines) == [("Should", 60_002)]
    assert found("\n" * 60_000 + "Should it, the lab must.") == []
