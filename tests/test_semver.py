"""Semantic versions exactly as semver.org 2.0.0 defines them: the same strings accepted by
``Semver.parse`` and by the schema (under both validators), and one total order, rule 11's."""

from __future__ import annotations

import json
from functools import cmp_to_key
from itertools import pairwise

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prepctl.core.release import Semver
from prepctl.io import schemas

# semver.org's own test strings for its regular expression (https://regex101.com/r/vkijKf/1/,
# linked from the FAQ "Is there a suggested regular expression (RegEx) to check a SemVer
# string?"), and the cases from the specification's text.
VALID = [
    "0.0.4",
    "1.2.3",
    "10.20.30",
    "1.1.2-prerelease+meta",
    "1.1.2+meta",
    "1.1.2+meta-valid",
    "1.0.0-alpha",
    "1.0.0-beta",
    "1.0.0-alpha.beta",
    "1.0.0-alpha.beta.1",
    "1.0.0-alpha.1",
    "1.0.0-alpha0.valid",
    "1.0.0-alpha.0valid",
    "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay",
    "1.0.0-rc.1+build.1",
    "2.0.0-rc.1+build.123",
    "1.2.3-beta",
    "10.2.3-DEV-SNAPSHOT",
    "1.2.3-SNAPSHOT-123",
    "1.0.0",
    "2.0.0",
    "1.1.7",
    "2.0.0+build.1848",
    "2.0.1-alpha.1227",
    "1.0.0-alpha+beta",
    "1.2.3----RC-SNAPSHOT.12.9.1--.12+788",
    "1.2.3----R-S.12.9.1--.12+meta",
    "1.2.3----RC-SNAPSHOT.12.9.1--.12",
    "1.0.0+0.build.1-rc.10000aaa-kk-0.1",
    "99999999999999999999999.999999999999999999.99999999999999999",
    "1.0.0-0A.is.legal",
    "1.0.0+build.5",
    "1.0.0+001",
]
INVALID = [
    "1",
    "1.2",
    "1.2.3-0123",
    "1.2.3-0123.0123",
    "1.1.2+.123",
    "+invalid",
    "-invalid",
    "-invalid+invalid",
    "-invalid.01",
    "alpha",
    "alpha.beta",
    "alpha.beta.1",
    "alpha.1",
    "alpha+beta",
    "alpha_beta",
    "alpha.",
    "alpha..",
    "beta",
    "1.0.0-alpha_beta",
    "-alpha.",
    "1.0.0-alpha..",
    "1.0.0-alpha..1",
    "1.0.0-alpha...1",
    "1.0.0-alpha....1",
    "1.0.0-alpha.....1",
    "1.0.0-alpha......1",
    "1.0.0-alpha.......1",
    "01.1.1",
    "1.01.1",
    "1.1.01",
    "1.2.3.DEV",
    "1.2-SNAPSHOT",
    "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788",
    "1.2-RC-SNAPSHOT",
    "-1.0.3-gamma+b7718",
    "+justmeta",
    "9.8.7+meta+meta",
    "9.8.7-whatever+meta+meta",
    "99999999999999999999999.999999999999999999.99999999999999999----RC-SNAPSHOT.12.09.1"
    "--------------------------------..12",
    # Not in that list, but refused by the same rules.
    "1.0.0-01",
    "1.0.0-",
    "1.0.0+",
    "1.0.0-a.",
    "1.0.0\n",
    "1.0.0-rc.1\n",
    "\uff11.0.0",  # a full-width digit: \d is not ASCII-only everywhere
    "1.0.0-\u0661",  # an Arabic-Indic digit
]


@pytest.mark.parametrize("text", VALID)
def test_a_semantic_version_is_read(text: str) -> None:
    parsed = Semver.parse(text)
    assert parsed is not None
    assert str(parsed) == text


@pytest.mark.parametrize("text", INVALID)
def test_a_string_that_is_not_a_semantic_version_is_refused(text: str) -> None:
    assert Semver.parse(text) is None


def _version_schema() -> dict[str, object]:
    bundled = schemas.bundle("framework")
    return {"$defs": bundled["$defs"], **json.loads(json.dumps(bundled["properties"]["version"]))}


@pytest.mark.parametrize(
    ("text", "valid"), [(t, True) for t in VALID] + [(t, False) for t in INVALID]
)
def test_the_schema_agrees_under_both_validators(text: str, valid: bool) -> None:
    schema = _version_schema()
    assert jsonschema_rs.validator_for(schema).is_valid(text) is valid
    if not text.endswith("\n"):  # Python's '$' also matches before a final line break
        assert jsonschema.Draft202012Validator(schema).is_valid(text) is valid


def test_the_schema_holds_the_same_expression_as_the_code() -> None:
    from prepctl.core.release import SEMVER_MAX_LENGTH, SEMVER_PATTERN

    version = schemas.source("common")["$defs"]["version"]
    assert version["pattern"] == SEMVER_PATTERN
    assert version["maxLength"] == SEMVER_MAX_LENGTH


def test_build_metadata_is_ignored_in_precedence() -> None:
    plain, built = Semver.parse("1.0.0"), Semver.parse("1.0.0+build.5")
    other = Semver.parse("1.0.0+a")
    assert plain is not None
    assert built is not None
    assert other is not None
    assert plain == built == other
    assert not plain < built
    assert not built < plain
    assert hash(plain) == hash(built)
    assert str(built) == "1.0.0+build.5"


def test_numeric_identifiers_with_a_leading_zero_do_not_make_two_orders() -> None:
    # '01' is no numeric identifier; it once compared as 1 one way and as text the other.
    assert Semver.parse("1.0.0-01") is None
    one, alpha = Semver.parse("1.0.0-1"), Semver.parse("1.0.0-0a")
    assert one is not None
    assert alpha is not None
    assert one < alpha
    assert not alpha < one


def test_a_release_built_from_a_prerelease_drops_the_build() -> None:
    from prepctl.core.release import Bump

    version = Semver.parse("2.0.0-rc.1+build.7")
    assert version is not None
    assert str(version.bumped(Bump.MAJOR)) == "2.0.0"


def test_a_version_longer_than_255_characters_is_refused_not_a_crash() -> None:
    longest = "1.0.0-" + "a" * 249
    assert Semver.parse(longest) is not None
    assert Semver.parse(longest + "a") is None
    assert Semver.parse("9" * 5000 + ".0.0") is None  # more digits than int() converts
    schema = _version_schema()
    assert not jsonschema_rs.validator_for(schema).is_valid("9" * 5000 + ".0.0")


# semver.org rule 11, spelled out step by step, as the reference the order is tested against.
def _rule_11(left: str, right: str) -> int:
    def split(text: str) -> tuple[list[int], list[str] | None]:
        text = text.partition("+")[0]  # 10: build metadata has no say in precedence
        core, dash, pre = text.partition("-")
        return [int(part) for part in core.split(".")], pre.split(".") if dash else None

    (left_core, left_pre), (right_core, right_pre) = split(left), split(right)
    if left_core != right_core:  # 11.2: major, minor, patch, numerically
        return -1 if left_core < right_core else 1
    if left_pre is None or right_pre is None:  # 11.3: a pre-release comes before its release
        return (left_pre is None) - (right_pre is None)
    for a, b in zip(left_pre, right_pre, strict=False):  # 11.4: identifier by identifier
        if a == b:
            continue
        if a.isdigit() and b.isdigit():  # 11.4.1: numerically
            return -1 if int(a) < int(b) else 1
        if a.isdigit() != b.isdigit():  # 11.4.3: numeric before alphanumeric
            return -1 if a.isdigit() else 1
        return -1 if a < b else 1  # 11.4.2: ASCII order
    return (len(left_pre) > len(right_pre)) - (len(left_pre) < len(right_pre))  # 11.4.4


_NUMBER = st.one_of(st.just("0"), st.from_regex(r"\A[1-9][0-9]{0,3}\Z"))
_ALPHANUMERIC = st.from_regex(r"\A[0-9]{0,2}[a-zA-Z-][0-9a-zA-Z-]{0,3}\Z")
_IDENTIFIER = st.one_of(_NUMBER, _ALPHANUMERIC, st.sampled_from(["alpha", "beta", "rc", "0", "1"]))
_BUILD = st.from_regex(r"\A[0-9a-zA-Z-]{1,4}(\.[0-9a-zA-Z-]{1,4}){0,2}\Z")


@st.composite
def versions(draw: st.DrawFn) -> str:
    core = ".".join(draw(st.lists(st.sampled_from(["0", "1", "2", "10"]), min_size=3, max_size=3)))
    pre = draw(st.one_of(st.none(), st.lists(_IDENTIFIER, min_size=1, max_size=4)))
    build = draw(st.one_of(st.none(), _BUILD))
    return core + (f"-{'.'.join(pre)}" if pre else "") + (f"+{build}" if build else "")


@given(versions(), versions())
def test_the_order_is_semver_orgs(left: str, right: str) -> None:
    a, b = Semver.parse(left), Semver.parse(right)
    assert a is not None, left
    assert b is not None, right
    expected = _rule_11(left, right)
    assert (a < b, a == b, a > b) == (expected < 0, expected == 0, expected > 0)
    assert (a <= b, a >= b) == (expected <= 0, expected >= 0)


@given(st.lists(versions(), min_size=2, max_size=8))
def test_sorting_agrees_with_semver_org(texts: list[str]) -> None:
    parsed = [Semver.parse(text) for text in texts]
    assert all(version is not None for version in parsed)
    ours = [str(v) for v in sorted(parsed)]  # type: ignore[type-var]
    reference = sorted(texts, key=cmp_to_key(_rule_11))
    assert [_rule_11(a, b) for a, b in zip(ours, reference, strict=True)] == [0] * len(texts)


def test_the_specifications_example_order() -> None:
    ordered = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "2.0.0",
        "2.1.0",
        "2.1.1",
    ]
    parsed = [Semver.parse(text) for text in ordered]
    assert all(a < b for a, b in pairwise(parsed))  # type: ignore[operator]
