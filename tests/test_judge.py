"""The prose judge, rule by rule: tests/judge/rules.toml holds one small case per rule."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prepctl.core import classify, meaning
from prepctl.core.classify import Impact
from prepctl.core.judge import alignment, judge, weak_phrases

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

CASES: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).parent / "judge" / "rules.toml").read_text(encoding="utf-8")
)["case"]


@pytest.mark.parametrize("case", CASES, ids=[case["rule"] for case in CASES])
def test_rule(case: dict[str, Any]) -> None:
    judgement = judge(case["before"], case["after"])
    assert judgement.impact == case["impact"]
    assert list(judgement.reasons) == case["reasons"]
    assert [judgement.before, judgement.after] == case["excerpt"]


@pytest.mark.parametrize("case", CASES, ids=[case["rule"] for case in CASES])
def test_rule_read_backwards_is_the_mirror_image(case: dict[str, Any]) -> None:
    forward = Impact(case["impact"])
    assert Impact(judge(case["after"], case["before"]).impact) is forward.mirrored()


def test_every_rule_family_has_a_case() -> None:
    families = {case["rule"].split(":")[0].split()[0] for case in CASES}
    expected = {"editorial", "not", "force", "hedge", "condition", "quantifier", "timing"}
    assert expected | {"numbers", "negation", "words", "asides"} <= families


_PHRASES = ["must", "will", "should", "may", "might", "where possible", "as appropriate", "shall"]


@given(
    before=st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=4),
    after=st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=4),
)
def test_any_edit_reads_as_the_mirror_of_its_reverse(before: list[str], after: list[str]) -> None:
    old = " and ".join(f"we {phrase} act" for phrase in before)
    new = " and ".join(f"we {phrase} act" for phrase in after)
    forward = Impact(judge(old, new).impact)
    assert Impact(judge(new, old).impact) is forward.mirrored()


def test_texts_too_different_to_align_need_review(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(alignment, "BUDGET", 50)
    before = " ".join(f"we will test model {n}." for n in range(40))
    after = " ".join(f"staff may audit system {n}." for n in range(40))
    judgement = judge(before, after)
    assert judgement.impact == "needs-review"
    assert judgement.reasons == ("the texts are too different to compare word by word",)


def test_classify_gives_commitment_text_to_the_judge() -> None:
    chain = [meaning.root(), meaning.SchemaNode({}, {"x-prepctl-text": "commitment"})]
    verdict = classify.modification(
        chain, "text", "We will audit monthly.", "We will audit yearly."
    )
    assert verdict == classify.Verdict(
        Impact.WEAKENING,
        "\"…monthly\" → \"…yearly\" ('monthly' → 'yearly': less frequent, 1 month → 1 year "
        "(timing))",
    )


# The lint rule's reading of one text --------------------------------------------------------


def weak(text: str) -> list[tuple[str, str]]:
    return [(phrase.text, phrase.problem) for phrase in weak_phrases(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Staff should rotate keys.", [("should", "does not bind")]),
        ("We aim to rotate keys.", [("aim to", "promises an effort, not a result")]),
        ("We will try to rotate keys.", [("try to", "promises an effort, not a result")]),
        ("Staff may not copy weights.", [("may not", "does not bind")]),
        (
            "We recommend that partners rotate keys.",
            [("recommend", "recommends instead of committing")],
        ),
        (
            "We will rotate keys where feasible.",
            [("where feasible", "makes the commitment optional")],
        ),
        (
            "We will use reasonable efforts to rotate keys.",
            [("use reasonable efforts", "promises an effort, not a result")],
        ),
        ("We generally rotate keys.", [("generally", "leaves open when the commitment applies")]),
        ("We can pause training.", [("can", "does not bind")]),
    ],
)
def test_weak_wording_is_reported(text: str, expected: list[tuple[str, str]]) -> None:
    assert weak(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We will rotate keys and we commit to audits.",  # binding and committed
        "We rotate keys every quarter.",  # present tense binds
        "We will halt training unless the board objects.",  # a condition, stated
        "We will pause if the model could evade monitoring.",  # a modal in a condition
        "We will block content that could help an attacker.",  # a modal in a relative clause
        "We will test every model it plans to release.",  # a relative clause without "that"
        "The model can write exploits, so we will restrict it.",  # "can": an ability
        "The board recommends a decision; we will follow it.",  # a body's act
        "Should a model reach High, we will pause.",  # a condition, not advice
        "We will report by 1 May and again in May 2027.",  # the month
        "The words 'should' and \u201cmay\u201d are quoted, not used.",  # mentioned, not used
        "We will give auditors access so that they can test the controls.",  # a purpose
    ],
)
def test_binding_or_descriptive_wording_is_not_reported(text: str) -> None:
    assert weak(text) == []


def test_weak_phrases_carry_their_offsets_across_line_breaks() -> None:
    text = "The lab should pause training and, where\n  possible, tell the board."
    assert [(p.text, p.start, p.end) for p in weak_phrases(text)] == [
        ("should", 8, 14),
        ("where\n  possible", 35, 51),
    ]


# Time linear in the text ---------------------------------------------------------------------


def _seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


_HOSTILE: dict[str, Callable[[int], tuple[str, str]]] = {
    "a repeated capitalised modal": lambda n: ("x Should " * n, "x Should " * n + "must"),
    "line breaks before a modal": lambda n: ("\n" * n + "x Should must", "\n" * n + "x may"),
    "a change in the middle": lambda n: (
        "We will test. " * n + "We must log. " + "We will test. " * n,
        "We will test. " * n + "We may log. " + "We will test. " * n,
    ),
    "two unrelated texts": lambda n: ("we will test " * n, "staff may audit " * n),
}


@pytest.mark.parametrize("shape", list(_HOSTILE))
def test_judge_and_lint_take_time_linear_in_the_text(shape: str) -> None:
    small, large = _HOSTILE[shape](1_000), _HOSTILE[shape](8_000)
    small_time = _seconds(lambda: (judge(*small), weak_phrases(small[0])))
    large_time = _seconds(lambda: (judge(*large), weak_phrases(large[0])))
    # Eight times the text: linear work takes about eight times as long, quadratic 64 times.
    assert large_time < 24 * small_time + 0.5


def test_the_red_team_commitment_is_read_in_seconds() -> None:
    # 270 KB of "x Should " took over two minutes to lint when sentence ends were searched
    # backwards from every capitalised "Should".
    text = "x Should " * 30_000
    started = time.perf_counter()
    judge(text, text + "must")
    weak_phrases(text)
    assert time.perf_counter() - started < 20
