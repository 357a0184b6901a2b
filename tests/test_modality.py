from __future__ import annotations

import pytest

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
