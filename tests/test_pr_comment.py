"""The pull-request comment fits GitHub's limit: summary first, then the rows that matter most,
cut between Markdown elements, never inside one, the same way every time."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache

import pytest
from helpers import FIXTURES, FRAMEWORK, Run
from markdown_it import MarkdownIt

from prepctl.core import diff, document, source
from prepctl.core.classify import Impact
from prepctl.core.diff import DiffResult
from prepctl.reporters.diff import markdown

RunCli = Callable[..., Run]
OLD = FIXTURES / "openai-pf-beta-2023"
LIMIT = 65_536
NOTE = "**This report is cut short**"


@cache
def big() -> DiffResult:
    """A diff whose whole Markdown report is longer than a comment can be."""
    base = document.load(source.read_directory(OLD))
    head = document.load(source.read_directory(FRAMEWORK))
    return diff.diff(base, head, fail_on=diff.FailOn.NONE)


def comment(limit: int, full_report: str | None = None) -> str:
    stream = io.StringIO()
    markdown.report(big(), stream, False, max_chars=limit, full_report=full_report)
    return stream.getvalue()


def whole() -> str:
    return comment(0)


def test_the_whole_report_is_longer_than_a_comment() -> None:
    assert len(whole()) > LIMIT
    assert NOTE not in whole()


def test_the_command_cuts_to_githubs_limit_by_default(run_cli: RunCli) -> None:
    result = run_cli("diff", str(OLD), str(FRAMEWORK), "--fail-on", "none", "-f", "markdown")
    assert result.code == 0, result.err
    assert len(result.out) <= LIMIT  # code points, as GitHub counts
    assert len(result.out.encode()) <= 4 * LIMIT  # and within the byte reading of the limit
    assert NOTE in result.out
    full = run_cli(
        "diff", str(OLD), str(FRAMEWORK), "--fail-on", "none", "-f", "md", "--max-chars", "0"
    )
    assert len(full.out) > LIMIT
    assert NOTE not in full.out
    summary = full.out[: full.out.index("\n\n**")]
    assert result.out.startswith(summary)


def _tables_and_details(text: str) -> tuple[int, int, int, int]:
    html = MarkdownIt("commonmark").enable("table").render(text)
    separators = sum(1 for line in text.splitlines() if re.fullmatch(r"\|(---\|)+", line))
    return html.count("<table>"), separators, text.count("<details>"), text.count("</details>")


# Whole, cut at GitHub's limit, at the limit the workflow uses, and ever shorter.
LIMITS = [LIMIT, 65_000, 50_000, 30_000, 20_000, 12_000, 6_000, 3_000, 1_500]


@pytest.mark.parametrize("limit", LIMITS)
def test_a_cut_report_fits_and_breaks_no_element(limit: int) -> None:
    text = comment(limit)
    assert len(text) <= limit
    assert text == comment(limit)  # deterministic
    tables, separators, opened, closed = _tables_and_details(text)
    assert tables == separators  # every table has its header, and nothing else looks like one
    assert opened == closed
    full = set(whole().splitlines())
    note = text.index("\n---\n\n" + NOTE)
    for line in text[:note].splitlines():  # whole rows and lines of the report, nothing else
        assert line in full or line.startswith("<details><summary>"), line
    assert text.startswith(whole()[: whole().index("\n\n**")])  # the summary, whole and first


@pytest.mark.parametrize("limit", LIMITS)
def test_rows_that_matter_more_are_kept_longer(limit: int) -> None:
    text = comment(limit)
    result = big()
    present = [c for c in result.changes if f"`{c.address}` |" in text.split("<details>")[0]]
    ranks = {c.address: _rank(c) for c in result.changes}
    shown = {ranks[c.address] for c in present}
    hidden = {
        ranks[c.address]
        for c in result.changes
        if c.impact in (Impact.WEAKENING, Impact.NEEDS_REVIEW, Impact.STRENGTHENING)
        and c not in present
    }
    if shown and hidden:
        assert max(shown) <= min(hidden)  # no row shown while one that matters more is not
    if "<details>" in text:
        assert not hidden  # the list of all changes comes after every table row


def _rank(change: diff.Change) -> int:
    if change.impact is Impact.WEAKENING:
        return 0 if change.justified_by is None else 1
    return 2 if change.impact is Impact.NEEDS_REVIEW else 3


def test_the_note_says_what_was_left_out_and_where_the_rest_is() -> None:
    text = comment(20_000, "https://github.com/o/r/actions/runs/123")
    note = text.splitlines()[-1]
    assert note.startswith(NOTE + " to 20,000 characters")
    assert f"the whole report has {len(whole()):,}" in note
    total = len(big().changes)
    assert f"of {total} rows of the list of all changes" in note
    assert note.endswith("The whole report: <https://github.com/o/r/actions/runs/123>")
    assert "<details><summary>" not in text or f"of {total} changes</summary>" in text
    without = comment(20_000).splitlines()[-1]
    assert without.endswith(
        "`prepctl diff` with `-f markdown --max-chars 0` writes the whole report."
    )


def test_a_report_that_fits_is_not_touched() -> None:
    assert comment(len(whole())) == whole()
    assert NOTE in comment(len(whole()) - 1)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "https://x.test/a b", "https://x.test/<script>", "ftp://x.test/", ""],
)
def test_the_full_report_must_be_a_web_address(run_cli: RunCli, url: str) -> None:
    result = run_cli("diff", str(OLD), str(FRAMEWORK), "-f", "markdown", "--full-report", url)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("prepctl: invalid value for '--full-report'")


def test_a_limit_too_small_for_the_summary_is_one_line(run_cli: RunCli) -> None:
    result = run_cli(
        "diff", str(OLD), str(FRAMEWORK), "--fail-on", "none", "-f", "md", "--max-chars", "300"
    )
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("prepctl: --max-chars 300 leaves no room for the report's summary")
    assert result.err.count("\n") == 1
    negative = run_cli("diff", str(OLD), str(FRAMEWORK), "--max-chars", "-1")
    assert negative.code == 2
