"""``prepctl review``: a review that changed nothing, recorded as a change record of kind
review, with the reviewed items' review dates moved to it; counted by lint, shown by log,
changelog and render, and never a justification."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import GIT_ENV, GitRepo, Run
from helpers.frameworks import edit, framework, write_framework

from prepctl.core import validate
from prepctl.io import yaml as yamlio

RunCli = Callable[..., Run]
CLAIMS = "compliance:\n  claims:\n    - ca-sb53\n"
LATE = "2027-06-01"  # a year and a half after the small framework's reviews (2026-01-01)


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The small framework, claiming SB 53, committed."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    folder = write_framework(git_repo.path)
    edit(
        folder,
        "framework.yaml",
        "    last-reviewed: 2026-01-01\n",
        "    # The board's yearly review.\n    last-reviewed: 2026-01-01  # kept by prepctl review\n",
    )
    with (folder / "framework.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(CLAIMS)
    git_repo.commit("framework", "2026-01-01T12:00:00+00:00")
    monkeypatch.chdir(git_repo.path)
    return git_repo


def _findings(run_cli: RunCli, today: str) -> list[tuple[str, str]]:
    result = run_cli("lint", "-f", "json", "--today", today)
    report = json.loads(result.out)
    return [
        (finding["rule"], finding["address"])
        for finding in report["findings"]
        if finding["rule"] in ("stale-review", "profile-review-overdue")
    ]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_recorded_review_is_counted_by_lint(run_cli: RunCli, repo: GitRepo) -> None:
    assert sorted(_findings(run_cli, LATE)) == [
        ("profile-review-overdue", "/governance/review/last-reviewed"),
        ("stale-review", "/categories/bio"),
        ("stale-review", "/categories/cyber"),
        ("stale-review", "/governance/review"),
    ]
    result = run_cli(
        "review", "--by", "safety-board", "--date", "2027-05-20", "--note", "Still sound."
    )
    assert result.code == 0, result.err
    target = framework(repo) / "changes" / "review-2027-05-20.yaml"
    assert result.out.splitlines() == [
        f"wrote {target} (a review of the whole framework by safety-board on 2027-05-20)",
        "  set /governance/review/last-reviewed to 2027-05-20",
        "  set /categories/bio/last-reviewed to 2027-05-20",
        "  set /categories/cyber/last-reviewed to 2027-05-20",
    ]
    assert _findings(run_cli, LATE) == []
    assert "changes/" not in run_cli("lint", "--today", LATE).out  # the record is valid
    record = yamlio.parse(target.read_bytes(), str(target)).data
    assert record == {
        "id": "review-2027-05-20",
        "kind": "review",
        "title": "Review of the whole framework",
        "covers": ["/"],
        "rationale": "Still sound.",
        "approved-by": ["safety-board"],
        "approved-on": "2027-05-20",
    }
    assert validate.is_valid("change-record", record)
    assert run_cli("fmt", "--check", str(target)).code == 0


def test_the_files_are_edited_in_place_with_comments_kept(run_cli: RunCli, repo: GitRepo) -> None:
    before = _files(framework(repo))
    assert run_cli("review", "--by", "safety-board", "--date", "2027-05-20").code == 0
    after = _files(framework(repo))
    manifest = before["framework.yaml"].replace(
        b"    last-reviewed: 2026-01-01  # kept", b"    last-reviewed: 2027-05-20  # kept"
    )
    assert after["framework.yaml"] == manifest
    assert b"    # The board's yearly review.\n" in after["framework.yaml"]
    for name in ("categories/bio.yaml", "categories/cyber.yaml"):
        assert after[name] == before[name].replace(
            b"last-reviewed: 2026-01-01", b"last-reviewed: 2027-05-20"
        )
    assert set(after) - set(before) == {"changes/review-2027-05-20.yaml"}


def test_a_scope_dates_only_the_items_within_it(run_cli: RunCli, repo: GitRepo) -> None:
    before = _files(framework(repo))
    result = run_cli(
        "review", "--by", "safety-board", "--scope", "/categories/cyber", "--date", "2027-05-20"
    )
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:] == ["  set /categories/cyber/last-reviewed to 2027-05-20"]
    after = _files(framework(repo))
    assert after["framework.yaml"] == before["framework.yaml"]
    assert after["categories/bio.yaml"] == before["categories/bio.yaml"]
    assert sorted(_findings(run_cli, LATE)) == [
        ("profile-review-overdue", "/governance/review/last-reviewed"),
        ("stale-review", "/categories/bio"),
        ("stale-review", "/governance/review"),
    ]
    part = run_cli(
        "review",
        "--by",
        "leadership",
        "--scope",
        "/categories/bio/thresholds/high",
        "--date",
        "2027-05-21",
    )
    assert part.code == 0, part.err
    assert part.out.splitlines()[1:] == [
        "  no review date lies within the scope: only the record is written"
    ]


def test_a_review_date_is_never_moved_back(run_cli: RunCli, repo: GitRepo) -> None:
    before = _files(framework(repo))
    result = run_cli("review", "--by", "safety-board", "--date", "2025-12-01")
    assert result.code == 0, result.err
    assert result.out.splitlines()[1] == (
        "  kept /governance/review/last-reviewed: 2026-01-01 is not before the review"
    )
    after = _files(framework(repo))
    assert {name for name in after if after[name] != before.get(name)} == {
        "changes/review-2025-12-01.yaml"
    }


def test_a_review_never_justifies_a_weakening(run_cli: RunCli, repo: GitRepo) -> None:
    edit(
        framework(repo),
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    result = run_cli("review", "--by", "safety-board", "--scope", "/categories/cyber")
    assert result.code == 0, result.err
    diff = run_cli("diff", "-f", "json")
    assert diff.code == 1, diff.out
    report = json.loads(diff.out)
    weakened = [c for c in report["changes"] if c["impact"] == "weakening"]
    assert [(c["address"], c["justified_by"]) for c in weakened] == [
        ("/categories/cyber/thresholds/high/safeguards/usage-monitoring", None)
    ]


def test_log_changelog_and_render_show_the_review(run_cli: RunCli, repo: GitRepo) -> None:
    assert (
        run_cli("review", "--by", "safety-board", "--date", "2027-05-20", "--note", "Sound.").code
        == 0
    )
    repo.commit("yearly review", "2027-05-20T12:00:00+00:00")
    assert (
        run_cli(
            "review",
            "--by",
            "leadership",
            "--scope",
            "/categories/bio/thresholds/high",
            "--date",
            "2027-05-21",
        ).code
        == 0
    )
    repo.commit("bio threshold review", "2027-05-21T12:00:00+00:00")

    log = run_cli("log", "/categories/cyber")
    assert log.code == 0, log.err
    lines = log.out.splitlines()
    assert lines[0].startswith("2027-05-20  ")
    assert (
        lines[1]
        == "  ✓ reviewed  / by safety-board on 2027-05-20, nothing changed (review-2027-05-20)"
    )
    assert lines[-1].endswith(", 1 review")
    threshold = json.loads(run_cli("log", "/categories/bio/thresholds/high", "-f", "json").out)
    reviews = [(e["short"], [r["id"] for r in e["reviews"]]) for e in threshold["entries"]]
    assert [ids for _, ids in reviews] == [["review-2027-05-21"], ["review-2027-05-20"], []]
    assert threshold["entries"][0]["changes"] == []

    changelog = run_cli("changelog")
    assert changelog.code == 0, changelog.err
    text = changelog.out
    reviews_at = text.index("### Reviews")
    assert text[reviews_at:].splitlines()[2:6] == [
        "- Review `review-2027-05-20` (*Review of the whole framework*) of the whole framework by",
        "  safety-board on 2027-05-20: Sound.",
        "- Review `review-2027-05-21` (*Review of /categories/bio/thresholds/high*) of",
        "  `/categories/bio/thresholds/high` by leadership on 2027-05-21: The review found nothing to change.",
    ]
    assert "Other change records" not in text

    rendered = run_cli("render", "-f", "markdown")
    assert rendered.code == 0, rendered.err
    assert "A review that changed nothing, held by" in rendered.out


def test_a_failed_write_changes_nothing(
    run_cli: RunCli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _files(framework(repo))
    real = os.replace
    calls: list[str] = []

    def failing(source: Any, target: Any) -> None:
        calls.append(str(target))
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    result = run_cli("review", "--by", "safety-board", "--date", "2027-05-20")
    monkeypatch.setattr(os, "replace", real)
    assert result.code == 2
    assert result.err.endswith("No space left on device; the review was undone\n")
    assert _files(framework(repo)) == before
    assert not [p for p in framework(repo).rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--by", "safety-bord"],
            "--by: 'safety-bord' is not in /governance/bodies; did you mean 'safety-board'?",
        ),
        (
            ["--by", "nobody-at-all"],
            "--by: 'nobody-at-all' is not in /governance/bodies (known: safety-board, leadership)",
        ),
        (
            ["--by", "safety-board", "--date", "2027-02-29"],
            "invalid value for '--date': '2027-02-29' is not a date written as YYYY-MM-DD (February 2027 has 28 days)",
        ),
        (
            ["--by", "safety-board", "--date", "yesterday"],
            "invalid value for '--date': 'yesterday' is not a date written as YYYY-MM-DD",
        ),
        (
            ["--by", "safety-board", "--scope", "/categories/cybr"],
            "--scope: /categories/cybr is not in the framework (did you mean /categories/cyber?)",
        ),
        (
            ["--by", "safety-board", "--scope", "/nowhere"],
            "--scope: /nowhere is not in the framework",
        ),
        (
            ["--by", "safety-board", "--scope", "categories"],
            "--scope: 'categories' is not an address",
        ),
        (["--by", "safety-board", "--note", "  "], "--note: must not be blank"),
        ([], "name the body that held the review: --by BODY"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    run_cli: RunCli, repo: GitRepo, args: list[str], message: str
) -> None:
    before = _files(framework(repo))
    result = run_cli("review", *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("prepctl: " + message), result.err
    assert result.err.count("\n") == 1
    assert _files(framework(repo)) == before


def test_an_id_already_taken_is_refused(run_cli: RunCli, repo: GitRepo) -> None:
    assert run_cli("review", "--by", "safety-board", "--date", "2027-05-20").code == 0
    again = run_cli("review", "--by", "safety-board", "--date", "2027-05-20")
    assert again.code == 0, again.err
    assert (framework(repo) / "changes" / "review-2027-05-20-2.yaml").is_file()
    taken = run_cli("review", "--by", "safety-board", "--id", "review-2027-05-20")
    assert (taken.code, taken.err) == (
        2,
        "prepctl: --id: change record 'review-2027-05-20' already exists; choose another\n",
    )


def test_only_a_review_covers_the_whole_framework(tmp_path: Path, run_cli: RunCli) -> None:
    folder = write_framework(tmp_path)
    (folder / "changes").mkdir()
    (folder / "changes" / "all.yaml").write_text(
        "id: all\ntitle: Everything\ncovers:\n  - /\nrationale: Because.\n"
        "approved-by:\n  - safety-board\napproved-on: 2026-02-01\n"
    )
    (folder / "changes" / "bare.yaml").write_text(
        "id: bare\ntitle: No reason\ncovers:\n  - /categories/cyber\n"
        "approved-by:\n  - safety-board\napproved-on: 2026-02-01\n"
    )
    result = run_cli("lint", str(folder), "--today", "2026-02-01")
    assert (
        "changes/all.yaml:4:5: error[schema] /changes/all/covers/~1: must be an address of a "
        "part of the framework, such as /categories/cyber (only a review covers /, the whole "
        "framework), got '/'"
    ) in result.out
    assert (
        "changes/bare.yaml:1:1: error[schema] /changes/bare: missing required key 'rationale'"
        in result.out
    )
    record = run_cli(
        "record",
        "--id",
        "x",
        "--title",
        "x",
        "--covers",
        "/",
        "--rationale",
        "r",
        "--approved-by",
        "safety-board",
        "--framework",
        str(folder),
    )
    assert record.code == 2
    assert record.err.startswith("prepctl: --covers: / is the whole framework; ")


def test_the_calendar_counts_the_next_review_from_it(run_cli: RunCli, repo: GitRepo) -> None:
    def reviews() -> list[tuple[str, str, bool]]:
        result = run_cli("obligations", "-f", "json", "--today", LATE)
        assert result.code == 0, result.err
        return [
            (duty["due"], duty["source"]["address"] or duty["source"]["profile"], duty["overdue"])
            for duty in json.loads(result.out)["duties"]
            if duty["kind"] == "review"
        ]

    assert ("2027-01-01", "/governance/review", True) in reviews()
    assert run_cli("review", "--by", "safety-board", "--date", "2027-05-20").code == 0
    assert sorted(reviews()) == [
        ("2028-05-19", "/categories/bio", False),
        ("2028-05-19", "/categories/cyber", False),
        ("2028-05-19", "/governance/review", False),
        ("2028-05-19", "ca-sb53", False),
    ]
