"""``prepctl compare``: frameworks side by side by concept, from the real lab encodings."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import FIXTURES, FRAMEWORK, GitRepo, Run
from helpers.render import HOSTILE_NAME, SCRIPT, assert_inert, hostile_framework, parse_html

RunCli = Callable[..., Run]
LABS = [FIXTURES / name for name in ("openai-pf-v2-2025", "anthropic-rsp-3.4", "gdm-fsf-3.1")]
SCHEMA = Path(__file__).parent.parent / "schemas" / "compare-report.schema.json"


def _yaml(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def _categories(folder: Path) -> list[dict[str, Any]]:
    return [_yaml(path) for path in sorted((folder / "categories").glob("*.yaml"))]


def _report(run_cli: RunCli, *sources: Path | str) -> dict[str, Any]:
    result = run_cli("compare", *map(str, sources), "-f", "json")
    assert result.code == 0, result.err
    report: dict[str, Any] = json.loads(result.out)
    return report


def _row(report: dict[str, Any], concept: str, key: str) -> dict[str, Any]:
    found = next(c for c in report["concepts"] if c["id"] == concept)
    return next(row for row in found["rows"] if row["key"] == key)


def test_json_validates_against_the_published_schema(run_cli: RunCli) -> None:
    report = _report(run_cli, *LABS, FRAMEWORK)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(report)
    printed = run_cli("schema", "compare-report")
    assert printed.code == 0
    assert json.loads(printed.out)["title"].startswith("Comparison report")
    assert [side["name"] for side in report["frameworks"]] == [
        _yaml(folder / "framework.yaml")["name"] for folder in (*LABS, FRAMEWORK)
    ]


def test_each_category_sits_in_the_rows_of_the_hazards_it_covers(run_cli: RunCli) -> None:
    report = _report(run_cli, *LABS, FRAMEWORK)
    checked = 0
    for index, folder in enumerate((*LABS, FRAMEWORK)):
        for category in _categories(folder):
            for hazard in category.get("covers") or []:
                cell = _row(report, "hazards", f"hazard/{hazard}")["cells"][index]
                assert any(line.startswith(category["name"]) for line in cell["lines"])
                checked += 1
    assert checked > 10


def test_thresholds_levels_and_bars_appear_where_the_fixtures_put_them(run_cli: RunCli) -> None:
    report = _report(run_cli, *LABS)
    for index, folder in enumerate(LABS):
        levels = {
            level["id"]: level["name"] for level in _yaml(folder / "framework.yaml")["levels"]
        }
        shown = _row(report, "levels", "levels")["cells"][index]["lines"]
        assert [line.split(". ", 1)[1] for line in shown] == list(levels.values())
        for category in _categories(folder):
            group = (category.get("covers") or ["-"])[0]
            for threshold in category.get("thresholds", []):
                cell = _row(report, "thresholds", f"threshold/{group}")["cells"][index]
                assert f"{threshold['name']} → {levels[threshold['level']]}" in cell["lines"]
                actor = (threshold.get("bar") or {}).get("actor")
                if actor:
                    bar = _row(report, "thresholds", f"bar/{group}/actor")["cells"][index]
                    assert f"{threshold['name']}: {actor.replace('-', ' ')}" in bar["lines"]


def test_the_schema_decides_which_framework_is_stricter(run_cli: RunCli) -> None:
    """The effective-compute multiple is stricter lower (x-prepctl-stricter), a review
    interval shorter, exceptions fewer: the marks follow the values, whoever holds them."""
    report = _report(run_cli, *LABS)
    exceptions = _row(report, "levels", "exceptions")
    counts = [len(_yaml(folder / "framework.yaml").get("exceptions", [])) for folder in LABS]
    marked = [cell["stricter"] for cell in exceptions["cells"]]
    assert marked == [count == min(counts) for count in counts]
    assert exceptions["stricter_when"] == "stricter: fewer"
    # A weaker force is all a framework can state beyond the default: lacking one is no gap.
    gaps = [gap["key"] for c in report["concepts"] for gap in c["gaps"]]
    assert not [key for key in gaps if key.endswith("/force")]
    hazards = _row(report, "hazards", "hazard/nuclear")
    assert hazards["stricter_when"] == "stricter: research < tracked"
    for cell in hazards["cells"]:
        assert cell["stricter"] == any("(tracked)" in line for line in cell["lines"])


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the shipped framework: the first says which hazard its mental-health
    category covers, the second does not, and has no interval for the framework's review."""
    first, second = tmp_path / "a" / "framework", tmp_path / "b" / "framework"
    shutil.copytree(FRAMEWORK, first)
    shutil.copytree(FRAMEWORK, second)
    manifest = second / "framework.yaml"
    data = _yaml(manifest)
    del data["governance"]["review"]["interval"]
    manifest.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    _cover(first / "categories" / "mental-health.yaml", "mental-health")
    _uncover(second / "categories" / "mental-health.yaml")
    return first, second


def _cover(path: Path, hazard: str) -> None:
    category = _yaml(path)
    category["covers"] = [hazard]
    path.write_text(yaml.safe_dump(category, sort_keys=False, allow_unicode=True))


def _uncover(path: Path) -> None:
    category = _yaml(path)
    category.pop("covers", None)
    path.write_text(yaml.safe_dump(category, sort_keys=False, allow_unicode=True))


def test_gaps_on_a_constructed_pair(run_cli: RunCli, tmp_path: Path) -> None:
    first, second = _pair(tmp_path)
    report = _report(run_cli, first, second)
    gaps = {(gap["framework"], gap["key"]) for c in report["concepts"] for gap in c["gaps"]}
    assert (1, "hazard/mental-health") in gaps
    assert (1, "review/interval") in gaps
    assert not [gap for gap in gaps if gap[0] == 0]
    moved = _row(report, "hazards", "hazard/-")
    assert moved["gap_when_missing"] is False
    assert any(line.startswith("Mental") for line in moved["cells"][1]["lines"])


def test_text_fits_the_columns_and_lists_the_gaps(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for columns in ("120", "70"):
        monkeypatch.setenv("COLUMNS", columns)
        result = run_cli("compare", *map(str, LABS))
        assert result.code == 0, result.err
        assert max(len(line) for line in result.out.splitlines()) <= int(columns)
        for folder in LABS:
            title = _yaml(folder / "framework.yaml")
            assert f"{title['publisher']} {title['version']} lacks:" in result.out
        assert "HAZARDS COVERED" in result.out
        assert "GOVERNANCE" in result.out


def test_markdown_escapes_hostile_text(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("compare", str(hostile_framework(tmp_path)), str(FRAMEWORK), "-f", "md")
    assert result.code == 0, result.err
    assert SCRIPT not in result.out
    assert "&lt;script&gt;" in result.out
    assert result.out.startswith("# Frameworks compared")


def test_html_page_escapes_hostile_text(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "compare.html"
    result = run_cli(
        "compare", str(hostile_framework(tmp_path)), str(FRAMEWORK), "-f", "html", "-o", str(out)
    )
    assert result.code == 0, result.err
    page = out.read_text()
    assert "<script" not in page.lower().replace("&lt;script", "")
    dom = parse_html(page)
    assert_inert(dom)
    assert HOSTILE_NAME in dom.text()
    assert "Content-Security-Policy" in page
    assert "http" not in page.split("<body>")[1].lower()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_html_page_in_a_browser(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "compare.html"
    hostile = hostile_framework(tmp_path)
    assert run_cli("compare", str(hostile), *map(str, LABS), "-f", "html", "-o", str(out)).code == 0
    completed = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            out.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    dom = parse_html(completed.stdout)
    assert_inert(dom)
    assert HOSTILE_NAME in dom.text()
    assert "Refused to" not in completed.stderr
    assert "Uncaught" not in completed.stderr


def test_a_git_ref_is_a_source(
    run_cli: RunCli, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FRAMEWORK, git_repo.path / "framework")
    _cover(git_repo.path / "framework" / "categories" / "mental-health.yaml", "mental-health")
    git_repo.git("add", "-A")
    git_repo.commit("first")
    _uncover(git_repo.path / "framework" / "categories" / "mental-health.yaml")
    monkeypatch.chdir(git_repo.path)
    report = _report(run_cli, "HEAD", "framework")
    assert report["frameworks"][0]["source"].startswith("HEAD")
    gaps = {(gap["framework"], gap["key"]) for c in report["concepts"] for gap in c["gaps"]}
    assert (1, "hazard/mental-health") in gaps


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no-such-folder", str(FRAMEWORK)], "'no-such-folder' is not a framework folder"),
        ([str(FRAMEWORK)], "compare needs at least two frameworks"),
        ([str(FRAMEWORK), str(FRAMEWORK)], "every SOURCE names the same one"),
        ([str(FRAMEWORK), *map(str, LABS[:1]), "-f", "html"], "the html page goes to a file"),
        ([str(FRAMEWORK), *map(str, LABS[:1]), "-f", "pdf"], "unknown format 'pdf'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("compare", *arguments)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert message in result.err, result.err
