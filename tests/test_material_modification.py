"""Material modifications: a weakened or removed commitment, and what each claimed profile then
requires and by when (``prepctl release`` and ``prepctl diff``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from helpers import GIT_ENV, GitRepo, Run
from helpers.frameworks import RECORD, edit, framework, load, write_framework

from prepctl.core import compliance, diff, document
from prepctl.core.effective import reference_date
from prepctl.io import schemas

RunCli = Callable[..., Run]
CLAIMS = "compliance:\n  claims:\n    - ca-sb53\n    - eu-gpai-cop\n    - seoul-2024\n"


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The minimal framework claiming three profiles, released as framework-v1.0.0."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    folder = write_framework(git_repo.path)
    with (folder / "framework.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(CLAIMS)
    git_repo.commit("framework", "2026-01-01T12:00:00+00:00")
    git_repo.git("tag", "-a", "framework-v1.0.0", "-m", "first")
    monkeypatch.chdir(git_repo.path)
    return git_repo


def drop_monitoring(repo: GitRepo, *, justified: bool) -> None:
    edit(
        framework(repo),
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    if justified:
        (framework(repo) / "changes").mkdir()
        (framework(repo) / "changes" / "drop-monitoring.yaml").write_text(RECORD)


WEAKENED = "/categories/cyber/thresholds/high/safeguards/usage-monitoring"


def test_a_weakening_release_prints_each_profiles_deadline(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=True)
    result = run_cli("release", "--dry-run", "--date", "2026-12-01")
    assert result.code == 0, result.err
    assert "  MATERIAL MODIFICATION: 1 weakening (a weakened or removed commitment)\n" in result.out
    assert (
        f"    {WEAKENED}: justified by change record framework/changes/drop-monitoring.yaml: "
        "Weights security now covers the same misuse. (approved: safety-board)\n"
    ) in result.out
    assert (
        "    ca-sb53: publish the modified framework with a justification by 2026-12-31 "
        "(30 days after the effective date 2026-12-01) [§22757.12(b)(2)]\n"
    ) in result.out
    assert (
        "    eu-gpai-cop: changelog, version number and date required for this update "
        "[Measure 1.3]\n"
    ) in result.out
    assert (
        "    eu-gpai-cop: give the AI Office access (unredacted) within 5 business days of "
        "confirmation, by 2026-12-08 if confirmed on 2026-12-01 [Measure 1.4]\n"
    ) in result.out
    assert "    seoul-2024: nothing due\n" in result.out


def test_the_release_itself_prints_it_too(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=False)
    result = run_cli("release", "--date", "2026-12-01")
    assert result.code == 0, result.err
    assert f"    {WEAKENED}: no justification recorded\n" in result.out
    assert "by 2026-12-31 (30 days after the effective date 2026-12-01)" in result.out


def test_a_release_without_a_weakening_is_not_material(run_cli: RunCli, repo: GitRepo) -> None:
    edit(framework(repo), "framework.yaml", "A small framework for tests.", "A small framework.")
    result = run_cli("release", "--dry-run", "--date", "2026-12-01")
    assert result.code == 0, result.err
    assert "MATERIAL MODIFICATION" not in result.out
    assert "ca-sb53" not in result.out
    assert "eu-gpai-cop" not in result.out


def test_diff_text_and_markdown_show_the_section(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=False)
    text = run_cli("diff", "framework-v1.0.0", "--today", "2026-12-01")
    assert "MATERIAL MODIFICATION: 1 weakening" in text.out
    assert f"  {WEAKENED}: no justification recorded\n" in text.out
    assert (
        "  ca-sb53: publish the modified framework with a justification by 2026-12-31 (30 days "
        "after the --today date 2026-12-01) [§22757.12(b)(2)]\n"
    ) in text.out
    markdown = run_cli("diff", "framework-v1.0.0", "--today", "2026-12-01", "-f", "markdown")
    assert "**Material modification**" in markdown.out
    assert "| `ca-sb53` | publish the modified framework with a justification by 2026-12-31" in (
        markdown.out
    )


def test_diff_json_carries_the_obligations(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=True)
    result = run_cli("diff", "framework-v1.0.0", "--today", "2026-12-01", "-f", "json")
    report = json.loads(result.out)
    jsonschema.Draft202012Validator(schemas.bundle("diff-report")).validate(report)
    material = report["material_modification"]
    assert material["material"] is True
    assert material["weakenings"] == [
        {
            "address": WEAKENED,
            "record": "framework/changes/drop-monitoring.yaml",
            "rationale": "Weights security now covers the same misuse.",
            "approved_by": ["safety-board"],
        }
    ]
    assert [(o["profile"], o["requirement"], o["due"]) for o in material["obligations"]] == [
        ("ca-sb53", "material-change", "2026-12-31"),
        ("eu-gpai-cop", "update-record", None),
        ("eu-gpai-cop", "regulator-access", "2026-12-08"),
        ("seoul-2024", "none", None),
    ]


def test_without_a_date_the_obligations_are_undated(tmp_path: Path) -> None:
    base = write_framework(tmp_path / "base")
    edit(base, "framework.yaml", "levels:", CLAIMS + "levels:")
    head = write_framework(tmp_path / "head")
    edit(head, "framework.yaml", "levels:", CLAIMS + "levels:")
    edit(
        head,
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    new = load(head)
    result = diff.diff(load(base), new)
    material = compliance.material_modification(result, new)
    assert [o.due for o in material.obligations] == [None, None, None, None]
    assert material.obligations[0].text == (
        "publish the modified framework with a justification within 30 days of the modification "
        "[§22757.12(b)(2)]"
    )
    dated = compliance.material_modification(result, new, effective=date(2026, 12, 1))
    assert [o.due for o in dated.obligations] == ["2026-12-31", None, "2026-12-08", None]


def test_diff_json_without_a_weakening(run_cli: RunCli, repo: GitRepo) -> None:
    result = run_cli("diff", "framework-v1.0.0", "-f", "json")
    assert json.loads(result.out)["material_modification"] == {
        "material": False,
        "weakenings": [],
        "obligations": [],
    }


def test_business_days_skip_weekends() -> None:
    friday = date(2026, 12, 4)
    assert compliance.add_business_days(friday, 1) == date(2026, 12, 7)
    assert compliance.add_business_days(friday, 5) == date(2026, 12, 11)
    assert compliance.add_business_days(friday, 0) == friday


# Deadlines in prepctl diff: --today, HEAD's own effective date, own profiles -----------------

CA_FROM_MARCH_2 = (
    "  ca-sb53: publish the modified framework with a justification by 2026-04-01 (30 days "
    "after the --today date 2026-03-02) [§22757.12(b)(2)]\n"
)
# Monday 2026-03-02 plus 5 business days is Monday 2026-03-09 (5 calendar days: Saturday 7th).
EU_FROM_MARCH_2 = (
    "  eu-gpai-cop: give the AI Office access (unredacted) within 5 business days of "
    "confirmation, by 2026-03-09 if confirmed on 2026-03-02 [Measure 1.4]\n"
)


def dues(run_cli: RunCli, *args: str) -> list[tuple[str, str, str | None]]:
    result = run_cli("diff", *args, "-f", "json")
    assert result.err == ""
    report = json.loads(result.out)
    jsonschema.Draft202012Validator(schemas.bundle("diff-report")).validate(report)
    return [
        (o["profile"], o["requirement"], o["due"])
        for o in report["material_modification"]["obligations"]
    ]


def test_diff_today_dates_every_deadline(run_cli: RunCli, repo: GitRepo) -> None:
    # BASE and HEAD share the effective date 2026-01-01: HEAD has none of its own yet.
    drop_monitoring(repo, justified=True)
    text = run_cli("diff", "framework-v1.0.0", "--today", "2026-03-02")
    assert text.code == 0, text.err
    assert CA_FROM_MARCH_2 in text.out
    assert EU_FROM_MARCH_2 in text.out
    assert "2026-01-31" not in text.out  # never counted from the shared date
    assert dues(run_cli, "framework-v1.0.0", "--today", "2026-03-02") == [
        ("ca-sb53", "material-change", "2026-04-01"),
        ("eu-gpai-cop", "update-record", None),
        ("eu-gpai-cop", "regulator-access", "2026-03-09"),
        ("seoul-2024", "none", None),
    ]
    markdown = run_cli("diff", "framework-v1.0.0", "--today", "2026-03-02", "-f", "markdown")
    assert "| `ca-sb53` | publish the modified framework with a justification by 2026-04-01" in (
        markdown.out
    )
    assert "confirmed on 2026-03-02 \\[Measure 1.4\\] | `2026-03-09` |\n" in markdown.out
    github = run_cli("diff", "framework-v1.0.0", "--today", "2026-03-02", "-f", "github")
    assert github.out.endswith(
        "::warning title=material modification%3A 1 weakening::ca-sb53: publish the modified "
        "framework with a justification by 2026-04-01 (30 days after the --today date "
        "2026-03-02) [§22757.12(b)(2)]%0Aeu-gpai-cop: changelog, version number and date "
        "required for this update [Measure 1.3]%0Aeu-gpai-cop: give the AI Office access "
        "(unredacted) within 5 business days of confirmation, by 2026-03-09 if confirmed on "
        "2026-03-02 [Measure 1.4]%0Aseoul-2024: nothing due\n"
    )


def test_diff_without_today_counts_from_the_clock(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=False)
    before = date.today()
    found = dues(run_cli, "framework-v1.0.0")
    text = run_cli("diff", "framework-v1.0.0").out
    after = date.today()
    assert any(f"(30 days after today's date {d.isoformat()})" in text for d in (before, after))
    assert found[0][:2] == ("ca-sb53", "material-change")
    assert found[0][2] in {(d + timedelta(days=30)).isoformat() for d in (before, after)}


def test_heads_own_effective_date_wins_over_today(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=True)
    edit(framework(repo), "framework.yaml", "effective: 2026-01-01", "effective: 2026-06-05")
    result = run_cli("diff", "framework-v1.0.0", "--today", "2026-03-02")
    assert result.code == 0, result.err
    assert (
        "  ca-sb53: publish the modified framework with a justification by 2026-07-05 (30 days "
        "after the effective date 2026-06-05) [§22757.12(b)(2)]\n"
    ) in result.out
    # Friday 2026-06-05 plus 5 business days is Friday 2026-06-12.
    assert "by 2026-06-12 if confirmed on 2026-06-05 [Measure 1.4]\n" in result.out
    assert "2026-03-02" not in result.out
    assert dues(run_cli, "framework-v1.0.0", "--today", "2026-03-02")[0][2] == "2026-07-05"


@pytest.mark.parametrize(
    ("base_date", "head_date", "expected"),
    [
        ("2026-01-01", "2026-01-01", "2026-03-02"),  # not HEAD's own: --today
        ("2026-01-01", "2026-06-05", "2026-06-05"),  # HEAD's own
        ("2026-01-01", "2025-12-01", "2025-12-01"),  # HEAD's own, even if earlier
        ("2026-01-01", "'2026-02-30'", "2026-03-02"),  # not a calendar date: --today
        ("'soon'", "2026-06-05", "2026-06-05"),
    ],
)
def test_reference_date_rule(tmp_path: Path, base_date: str, head_date: str, expected: str) -> None:
    def version(name: str, effective: str) -> document.Document:
        folder = write_framework(tmp_path / name)
        edit(folder, "framework.yaml", "effective: 2026-01-01", f"effective: {effective}")
        return load(folder)

    base, head = version("base", base_date), version("head", head_date)
    found = reference_date(base, head, date(2026, 3, 2))
    assert found == date.fromisoformat(expected)


@pytest.mark.parametrize("value", ["2026-13-01", "20260302", "tomorrow", "2026-3-2", "2026\n03"])
def test_diff_bad_today_is_one_line_and_exit_two(
    run_cli: RunCli, repo: GitRepo, value: str
) -> None:
    drop_monitoring(repo, justified=False)
    result = run_cli("diff", "framework-v1.0.0", "--today", value)
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1
    assert result.err.startswith("prepctl: invalid value for '--today': '")
    assert result.err.endswith("' is not a date written as YYYY-MM-DD\n")
    assert "Traceback" not in result.err


POLICY = """\
id: example-policy
name: Example Lab update policy
kind: policy
jurisdiction: Example Lab
source:
  citation: Example Lab policy P-2
  url: https://example.org/policies/p-2
date: 2026-01-01
requirements:
  - id: P1
    section: P-2 §1
    title: update gate
    summary: Say who approves each update of the framework.
material-change:
  publish-within-days: 10
  section: P-2 §2
regulator-access:
  recipient: the Example Lab board
  within-business-days: 3
  section: P-2 §3
"""


def claim_own_policy(repo: GitRepo) -> None:
    """HEAD also claims example-policy, a profile only the configuration knows."""
    edit(
        framework(repo),
        "framework.yaml",
        "    - seoul-2024\n",
        "    - seoul-2024\n    - example-policy\n",
    )
    (repo.path / "policies").mkdir()
    (repo.path / "policies" / "example.yaml").write_text(POLICY, encoding="utf-8")
    (repo.path / "pyproject.toml").write_text(
        '[tool.prepctl.compliance]\nprofiles = ["policies/example.yaml"]\n', encoding="utf-8"
    )


# From Friday 2026-03-06: 10 days is Monday 16th; 3 business days are the 9th, 10th and 11th.
OWN_OBLIGATIONS = (
    "  example-policy: publish the modified framework by 2026-03-16 (10 days after the "
    "--today date 2026-03-06) [P-2 §2]\n"
    "  example-policy: give the Example Lab board access within 3 business days of "
    "confirmation, by 2026-03-11 if confirmed on 2026-03-06 [P-2 §3]\n"
)


def test_diff_reads_own_profiles_from_the_configuration(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=True)
    claim_own_policy(repo)
    result = run_cli("diff", "framework-v1.0.0", "--today", "2026-03-06")
    assert result.code == 0, result.err
    assert OWN_OBLIGATIONS in result.out
    assert ("example-policy", "regulator-access", "2026-03-11") in dues(
        run_cli, "framework-v1.0.0", "--today", "2026-03-06"
    )
    # lint, from the same place, knows the profile through the same configuration.
    lint = run_cli("lint", "--today", "2026-03-06")
    assert "example-policy" in lint.out  # its requirement P1 is not covered
    assert "not a known compliance profile" not in lint.out
    # Without the configuration, neither knows it.
    (repo.path / "pyproject.toml").unlink()
    unknown = run_cli("diff", "framework-v1.0.0", "--today", "2026-03-06")
    assert "  ca-sb53: publish the modified framework" in unknown.out
    assert "  example-policy: " not in unknown.out
    assert "claims 'example-policy', which is not a known compliance profile" in (
        run_cli("lint", "--today", "2026-03-06").out
    )


def test_diff_of_two_git_versions_reads_the_configuration_from_here(
    run_cli: RunCli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop_monitoring(repo, justified=True)
    claim_own_policy(repo)
    repo.commit("drop monitoring, claim the policy")
    monkeypatch.chdir(repo.path / "policies")  # a folder below the configuration
    result = run_cli("diff", "framework-v1.0.0", "HEAD", "--today", "2026-03-06")
    assert result.code == 0, result.err
    assert OWN_OBLIGATIONS in result.out


def test_diff_reports_a_broken_configuration_on_one_line(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=True)
    (repo.path / ".prepctl.toml").write_text('[compliance]\nprofiles = ["gone.yaml"]\n')
    result = run_cli("diff", "framework-v1.0.0")
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1
    assert "profiles in [compliance]: no file 'gone.yaml'" in result.err


def test_a_law_not_yet_in_force_asks_nothing_yet() -> None:
    ny = compliance.Catalogue().require("ny-raise")
    assert ny.in_force == "2027-01-01"
    assert compliance.obligations(ny, date(2026, 12, 31)) == [
        compliance.Obligation("ny-raise", "none", "nothing due yet: in force from 2027-01-01", None)
    ]
    (publish,) = [o for o in compliance.obligations(ny, date(2027, 1, 1)) if o.due]
    assert publish.due == "2027-01-31"
    assert compliance.obligations(ny, None)[0].requirement == "material-change"
