"""Classification reads the schema's x-prepctl keywords and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prepctl.core import classify, meaning
from prepctl.core.classify import Impact, Verdict
from prepctl.core.diff import Kind


def chain(*segments: str) -> classify.Chain:
    """The real schema nodes from the document root down through ``segments``."""
    node: meaning.SchemaNode | None = meaning.root()
    found: classify.Chain = [node]
    for segment in segments:
        if node is not None and node.schema.get("type") == "array":
            node = node.items()
        elif node is not None:
            node = node.entry(segment)
        found.append(node)
    return found


def synthetic(**keywords: Any) -> classify.Chain:
    """A chain ending in a schema written for the test: meaning comes from keywords alone."""
    return [meaning.root(), meaning.SchemaNode({}, dict(keywords))]


# Whole items and entries ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segments", "kind", "expected"),
    [
        (
            ("safeguards", "x"),
            "removed",
            Verdict(Impact.WEAKENING, "removed from safeguards (more is stricter)"),
        ),
        (
            ("safeguards", "x"),
            "added",
            Verdict(Impact.STRENGTHENING, "added to safeguards (more is stricter)"),
        ),
        (
            ("exceptions", "x"),
            "added",
            Verdict(Impact.WEAKENING, "added to exceptions (fewer is stricter)"),
        ),
        (
            ("exceptions", "x"),
            "removed",
            Verdict(Impact.STRENGTHENING, "removed from exceptions (fewer is stricter)"),
        ),
        (
            ("definitions", "x"),
            "removed",
            Verdict(Impact.NEUTRAL, "removed from definitions (neutral by the schema)"),
        ),
        (
            ("sources", "x"),
            "removed",
            Verdict(Impact.EDITORIAL, "removed from sources (editorial by the schema)"),
        ),
        (
            ("retired", "x"),
            "added",
            Verdict(Impact.EDITORIAL, "added to retired (editorial by the schema)"),
        ),
    ],
)
def test_list_items_follow_their_collection(
    segments: tuple[str, ...], kind: str, expected: Verdict
) -> None:
    name = segments[-2]
    assert classify.presence(kind, chain(*segments), name, in_list=True) == expected


def test_entries_outside_lists() -> None:
    composition = chain("governance", "bodies", "x", "composition")
    assert classify.presence("removed", composition, "composition", in_list=False) == Verdict(
        Impact.EDITORIAL, "composition removed (editorial text)"
    )
    owner = chain("owner")
    assert classify.presence("removed", owner, "owner", in_list=False).impact is Impact.WEAKENING
    scope = chain("scope")
    assert classify.presence("added", scope, "scope", in_list=False).impact is Impact.NEEDS_REVIEW
    dated = chain("categories", "x", "last-reviewed")
    assert classify.presence("added", dated, "last-reviewed", in_list=False).impact is (
        Impact.NEUTRAL
    )


def test_unknown_places_need_review() -> None:
    unknown = [*chain("categories", "x"), None]
    assert classify.presence("added", unknown, "surprise", in_list=False).impact is (
        Impact.NEEDS_REVIEW
    )
    assert classify.modification(unknown, "surprise", 1, 2) == Verdict(
        Impact.NEEDS_REVIEW, "surprise 1 → 2 (not in the schema)"
    )


# Values --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keywords", "before", "after", "expected"),
    [
        (
            {"x-prepctl-stricter": "higher"},
            1,
            2,
            Verdict(Impact.STRENGTHENING, "n raised 1 → 2 (higher is stricter)"),
        ),
        (
            {"x-prepctl-stricter": "higher"},
            2,
            1.5,
            Verdict(Impact.WEAKENING, "n lowered 2 → 1.5 (higher is stricter)"),
        ),
        (
            {"x-prepctl-stricter": "lower"},
            0.5,
            0.7,
            Verdict(Impact.WEAKENING, "n raised 0.5 → 0.7 (lower is stricter)"),
        ),
        (
            {"x-prepctl-stricter": True},
            True,
            False,
            Verdict(Impact.WEAKENING, "n true → false (true is stricter)"),
        ),
        (
            {"x-prepctl-stricter": False},
            True,
            False,
            Verdict(Impact.STRENGTHENING, "n true → false (false is stricter)"),
        ),
        (
            {"x-prepctl-order": ["low", "mid", "top"]},
            "top",
            "mid",
            Verdict(Impact.WEAKENING, 'n "top" → "mid" (stricter order: low < mid < top)'),
        ),
        (
            {"x-prepctl-order": ["low", "top"]},
            "top",
            "other",
            Verdict(
                Impact.NEEDS_REVIEW,
                'n "top" → "other" (the schema does not say which way is stricter)',
            ),
        ),
        (
            {"x-prepctl-impact": "neutral", "x-prepctl-stricter": "higher"},
            1,
            2,
            Verdict(Impact.NEUTRAL, "n 1 → 2 (neutral by the schema)"),
        ),
        (
            {},
            1,
            2,
            Verdict(Impact.NEEDS_REVIEW, "n 1 → 2 (the schema does not say which way is stricter)"),
        ),
        ({}, True, 1, Verdict(Impact.NEEDS_REVIEW, "n changed from true or false to a number")),
        (
            {"x-prepctl-stricter": "lower"},
            1,
            "one",
            Verdict(Impact.NEEDS_REVIEW, "n changed from a number to text"),
        ),
        (
            {"x-prepctl-text": "editorial"},
            "a b",
            "a c",
            Verdict(Impact.EDITORIAL, '"…b" → "…c" (editorial text)'),
        ),
    ],
)
def test_values_follow_their_keywords(
    keywords: dict[str, Any], before: Any, after: Any, expected: Verdict
) -> None:
    assert classify.modification(synthetic(**keywords), "n", before, after) == expected


def test_an_ancestors_fixed_impact_covers_everything_below() -> None:
    deep = [*synthetic(**{"x-prepctl-impact": "editorial"}), meaning.SchemaNode({}, {})]
    assert classify.modification(deep, "n", 1, 2).impact is Impact.EDITORIAL


COMMITMENT = {"x-prepctl-text": "commitment"}


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "The model must not be deployed.",
            "The model should not be deployed.",
            Verdict(
                Impact.WEAKENING,
                '"…must not be deployed" → "…should not be deployed" '
                "('must not' → 'should not': force lowered from binding to advisory "
                "(force ladder))",
            ),
        ),
        (
            "We will publish results.",
            "We will publish results where possible.",
            Verdict(
                Impact.WEAKENING,
                '"…results" → "…results where possible" '
                "('where possible' added: a hedge added (hedges and conditions))",
            ),
        ),
        (
            "We will publish results.",
            "We will publish all results.",
            Verdict(
                Impact.STRENGTHENING,
                '"…publish results" → "…publish all results" '
                "('all' added: scope widened (quantifiers))",
            ),
        ),
        (
            "We will report within 7 days.",
            "We will report within 30 days.",
            Verdict(
                Impact.WEAKENING,
                '"…within 7 days" → "…within 30 days" (\'within 7 days\' → \'within 30 '
                "days': a later deadline, 1 week → 30 days (timing))",
            ),
        ),
        (
            "We will not deploy it.",
            "We will deploy it.",
            Verdict(
                Impact.NEEDS_REVIEW,
                '"…will not deploy it" → "…will deploy it" '
                "('will not' → 'will': the obligation turned around (negation))",
            ),
        ),
    ],
)
def test_commitment_text_goes_to_the_prose_judge(
    before: str, after: str, expected: Verdict
) -> None:
    # The judge's own rules are tested case by case in tests/test_judge.py.
    assert classify.modification(synthetic(**COMMITMENT), "text", before, after) == expected


def test_substantive_text_always_needs_review() -> None:
    verdict = classify.modification(
        synthetic(**{"x-prepctl-text": "substantive"}), "capability", "Can do X.", "Can do Y."
    )
    assert verdict == Verdict(Impact.NEEDS_REVIEW, '"…X." → "…Y." (substantive text)')


def test_reordering_and_moves_need_review() -> None:
    levels = chain("levels")
    assert classify.reordering(levels, "levels", ["a", "b"], ["b", "a"]) == Verdict(
        Impact.NEEDS_REVIEW, "levels reordered: a, b → b, a (the order carries meaning)"
    )
    evaluation = chain("categories", "x", "evaluations", "y")
    assert classify.move(evaluation, "/categories/z/evaluations/y") == Verdict(
        Impact.NEEDS_REVIEW, "moved from /categories/z/evaluations/y"
    )


# Mirror images, for any value the keywords can meet ------------------------------------------

_numbers = st.one_of(
    st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
)


@given(before=_numbers, after=_numbers, stricter=st.sampled_from(["higher", "lower"]))
def test_numbers_mirror(before: float, after: float, stricter: str) -> None:
    if before == after:
        return
    node = synthetic(**{"x-prepctl-stricter": stricter})
    forward = classify.modification(node, "n", before, after).impact
    assert classify.modification(node, "n", after, before).impact is forward.mirrored()


_PHRASES = ["must", "will", "should", "may", "might", "where possible", "as appropriate", "shall"]


@given(
    before=st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=4),
    after=st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=4),
)
def test_commitments_mirror(before: list[str], after: list[str]) -> None:
    old = " and ".join(f"we {p} act" for p in before)
    new = " and ".join(f"we {p} act" for p in after)
    node = synthetic(**COMMITMENT)
    forward = classify.modification(node, "text", old, new).impact
    assert classify.modification(node, "text", new, old).impact is forward.mirrored()


def test_mirrored_enums() -> None:
    assert Impact.WEAKENING.mirrored() is Impact.STRENGTHENING
    assert Impact.NEEDS_REVIEW.mirrored() is Impact.NEEDS_REVIEW
    assert Kind.ADDED.mirrored() is Kind.REMOVED
    assert Kind.MOVED.mirrored() is Kind.MOVED


# Excerpts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "a must not be deployed",
            "a should not be deployed",
            ("…must not be deployed", "…should not be deployed"),
        ),
        (
            "must not be deployed today",
            "must be deployed today",
            ("must not be deployed today", "must be deployed today"),
        ),
        ("x  y", "x y", ("x y", "x y")),
        ("one two", "three", ("one two", "three")),
    ],
)
def test_excerpt(before: str, after: str, expected: tuple[str, str]) -> None:
    assert classify.excerpt(before, after) == expected


def test_long_excerpts_are_clipped() -> None:
    old, new = classify.excerpt("word " * 50, "other " * 50)
    assert len(old) <= 80
    assert "…" in old
    assert new.startswith("other")
