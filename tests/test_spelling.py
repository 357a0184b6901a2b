from __future__ import annotations

import difflib

from hypothesis import given
from hypothesis import strategies as st

from prepctl.core import spelling

NAMES = st.text(alphabet="abcde-", max_size=12)


@given(NAMES, st.lists(NAMES, max_size=40), st.sampled_from([0.0, 0.5, 0.6, 0.75, 1.0]))
def test_the_suggestion_is_difflibs(word: str, names: list[str], cutoff: float) -> None:
    expected = difflib.get_close_matches(word, names, n=1, cutoff=cutoff)
    assert spelling.closest(word, names, cutoff) == (expected[0] if expected else None)


def test_a_typo_in_a_safeguard_id() -> None:
    names = ["weights-security", "usage-monitoring", "misuse-classifiers"]
    assert spelling.closest("weights-securty", names) == "weights-security"
    assert spelling.closest("something-else-entirely", names) is None


def test_a_word_too_long_to_be_a_typo_gets_no_suggestion() -> None:
    name = "a" * (spelling.MAX_LENGTH + 1)
    assert spelling.closest(name, [name[:-1]]) is None


def test_thousands_of_mistakes_against_thousands_of_names_take_bounded_time() -> None:
    # Every mistake compared with every name: 4 million comparisons, a couple of minutes.
    names = [f"guard-{n:04d}" for n in range(2_000)]
    vocabulary = spelling.Vocabulary(names)
    answers = [vocabulary.closest(f"gaurd-{n:04d}x") for n in range(2_000)]
    # Each suggestion made is the one difflib makes; the first ones are all made.
    for number, answer in enumerate(answers[:20]):
        assert answer == f"guard-{number:04d}"
    made = [(n, a) for n, a in enumerate(answers) if a is not None]
    assert 20 <= len(made) < len(answers)
    for number, answer in made[::50]:
        assert [answer] == difflib.get_close_matches(f"gaurd-{number:04d}x", names, n=1)


def test_each_distinct_word_is_answered_once() -> None:
    names = [f"guard-{n:04d}" for n in range(2_000)]
    vocabulary = spelling.Vocabulary(names)
    assert {vocabulary.closest("gaurd-0007") for _ in range(10_000)} == {"guard-0007"}
