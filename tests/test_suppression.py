"""Comments and positions inside scalars, read from raw text; inline suppressions."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml as pyyaml  # only as an oracle: it writes scalars in every style for the tests
from helpers import Run
from helpers.rule_cases import RULE_CASES, build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepctl.core import document, source, suppression
from prepctl.core.source_text import SourceText
from prepctl.io import yaml as yamlio
from prepctl.lint import engine as lint


def comments(text: str) -> list[tuple[int, int, str]]:
    parsed = yamlio.parse(text.encode(), "t.yaml")
    return [(c.line, c.column, c.text.strip()) for c in SourceText(text).comments(parsed)]


def test_comments_outside_scalars_are_found() -> None:
    text = (
        "# top\n"
        "a: plain text # trailing\n"
        "b: c#d\n"
        "list: [x, 'y # no', \"z # no\"]  # after flow\n"
        "  # indented alone\n"
        "e: 1\n"
    )
    assert comments(text) == [
        (1, 1, "top"),
        (2, 15, "trailing"),
        (4, 32, "after flow"),
        (5, 3, "indented alone"),
    ]


def test_a_hash_inside_a_block_scalar_is_text() -> None:
    text = (
        "lit: |  # header comment\n"
        "  # text, not a comment\n"
        "    # more-indented text\n"
        "\n"
        "  last line # still text\n"
        "# a comment after the block\n"
        "fold: >-\n"
        "  folded # text\n"
        "  # text too\n"
        "key: value\n"
    )
    assert yamlio.parse(text.encode(), "t").data["lit"].startswith("# text, not a comment")
    assert comments(text) == [(1, 9, "header comment"), (6, 1, "a comment after the block")]


def test_a_hash_inside_a_multi_line_quoted_scalar_is_text() -> None:
    text = 'a: \'first line\n  # second, inside the quotes\'\nb: "x \\" # y\n  # z" # real\n'
    assert comments(text) == [(4, 8, "real")]


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [
        ("k: plain words\n  continued here\n", 12, (2, 3)),  # 'continued'
        ("k: >-\n  folded words\n  next line\n", 13, (3, 3)),  # 'next'
        ("k: |\n  literal\n    indented more\n", 10, (3, 5)),  # 'indented'
        ("k: 'it''s here'\n", 5, (1, 11)),  # 'here'
        ('k: "two\n  lines"\n', 4, (2, 3)),  # 'lines'
        ("k: !!str tagged word\n", 7, (1, 17)),  # 'word'
        ("k: >-\r\n  windows\r\n  lines\r\n", 8, (3, 3)),  # 'lines'
        ("k: |+\n  kept\n\n\nnext: 1\n", 4, (2, 7)),  # the first kept line break
    ],
)
def test_position_inside_a_scalar(text: str, index: int, expected: tuple[int, int]) -> None:
    parsed = yamlio.parse(text.encode(), "t")
    source_text = SourceText(text)
    value = parsed.data["k"]
    assert source_text.position_in_scalar(parsed.values[("k",)], value, index) == expected


def test_escapes_make_positions_unknown() -> None:
    text = 'k: "tab\\there"\n'
    parsed = yamlio.parse(text.encode(), "t")
    assert SourceText(text).position_in_scalar(parsed.values[("k",)], parsed.data["k"], 5) is None


WORDS = st.lists(
    st.sampled_from(["must", "may", "#", "a#b", "it's", "x: y", "- z", "'q'", "long-word"]),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=WORDS,
    style=st.sampled_from([None, "|", ">", "'", '"']),
    indent=st.sampled_from([0, 4]),
    breaks=st.booleans(),
)
def test_every_character_of_a_scalar_is_found_where_it_is_written(
    words: list[str], style: str | None, indent: int, breaks: bool
) -> None:
    value = ("\n" if breaks else " ").join(words)
    data = {"k": value} if not indent else {"outer": [{"k": value}]}
    text = pyyaml.dump(data, default_style=style, width=20, allow_unicode=True)
    parsed = yamlio.parse(text.encode(), "t")
    path: tuple[str | int, ...] = ("k",) if not indent else ("outer", 0, "k")
    assert (parsed.data["k"] if not indent else parsed.data["outer"][0]["k"]) == value
    source_text = SourceText(text)
    matched = source_text.scalar_offsets(source_text.offset(*parsed.values[path]), value)
    if matched is None:
        assert style == '"'  # only escapes may defeat the match
        return
    for index, offset in enumerate(matched[0]):
        if not value[index].isspace():
            assert text[offset] == value[index]
    assert source_text.comments(parsed) == []  # a '#' in the text is never a comment


# -- suppressions ------------------------------------------------------------------------------

MANIFEST = b"""\
schema-version: 2
name: Test
publisher: Lab
version: 1.0.0
effective: 2026-01-01
summary: A framework.
levels:
  - id: high
    name: High
    meaning: High.
    response: The lab will stop.
governance:
  bodies:
    - id: board
      name: Board
      kind: decision-maker
      responsibilities:
        - id: decide
          text: The board will decide.
  decisions:
    - id: deploy
      description: Deployment.
      decided-by: [board]
  review:
    last-reviewed: 2026-01-01
"""

SAFEGUARD = """\
id: guard
name: Guard
kind: security
summary: |
{summary}
measures:
  - id: m
    text: The lab will guard.
"""


def lint_safeguard(summary: str) -> lint.LintResult:
    files = {
        "framework.yaml": MANIFEST,
        "safeguards/guard.yaml": SAFEGUARD.format(summary=summary).encode(),
    }
    return lint.lint(document.load(source.Snapshot("fw", files)), today=date(2026, 2, 1))


def test_a_suppression_written_inside_a_block_scalar_is_text() -> None:
    # The summary's first line looks like a suppression of the finding on the next line, but it
    # is part of a literal block, so unused-safeguard still stands at 'id: guard'.
    result = lint_safeguard("  # prepctl: ignore[unused-safeguard] inside the text")
    assert [(f.rule, f.line) for f in result.findings] == [("unused-safeguard", 1)]
    assert result.suppressed == []


def test_a_real_suppression_on_the_line_above() -> None:
    files = {
        "framework.yaml": MANIFEST,
        "safeguards/guard.yaml": (
            "# prepctl: ignore[unused-safeguard] required by every deployment\n"
            + SAFEGUARD.format(summary="  text")
        ).encode(),
    }
    result = lint.lint(document.load(source.Snapshot("fw", files)), today=date(2026, 2, 1))
    assert result.findings == []
    assert [(f.rule, f.line) for f in result.suppressed] == [("unused-safeguard", 2)]


def test_targets_of_trailing_standalone_and_stacked_comments() -> None:
    text = (
        "id: guard  # prepctl: ignore[a] trailing\n"
        "# prepctl: ignore[b] stacked first\n"
        "# prepctl: ignore[c] stacked second\n"
        "name: Guard\n"
        "# prepctl: ignore[d] above a blank line\n"
        "\n"
        "kind: security  #  prepctl:ignore[ e , f ]  -- spaced\n"
        "# an ordinary comment\n"
    )
    files = {"framework.yaml": text.encode()}
    loaded = document.load(source.Snapshot("fw", files))
    found = [
        (s.line, s.column, s.target, s.rules, s.reason, s.address) for s in suppression.read(loaded)
    ]
    assert found == [
        (1, 12, 1, ("a",), "trailing", "/id"),
        (2, 1, 4, ("b",), "stacked first", "/name"),
        (3, 1, 4, ("c",), "stacked second", "/name"),
        (5, 1, 6, ("d",), "above a blank line", "/name"),
        (7, 17, 7, ("e", "f"), "spaced", "/kind"),
    ]


def test_suppressed_findings_are_counted_not_dropped(
    run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = build(RULE_CASES / "unused-safeguard" / "pass-suppressed", tmp_path / "fw")
    result = run_cli("lint", "--today", "2026-11-01", str(folder))
    assert result.code == 0
    assert result.out == "no findings in 7 files · 1 suppressed\n"
    report = run_cli("lint", "--today", "2026-11-01", "-f", "json", str(folder))
    (suppressed,) = json.loads(report.out)["suppressed"]
    assert suppressed["rule"] == "unused-safeguard"
    assert suppressed["reason"] == "applied to every deployment, whatever the level"
    # Code scanning would open an alert for a suppressed result: SARIF lists them on request.
    sarif = run_cli(
        "lint", "--today", "2026-11-01", "-f", "sarif", "--sarif-suppressed", "include", str(folder)
    )
    (result_,) = json.loads(sarif.out)["runs"][0]["results"]
    assert result_["suppressions"] == [
        {"kind": "inSource", "justification": "applied to every deployment, whatever the level"}
    ]
