"""Material modifications: a weakened or removed commitment, and what each claimed profile then
requires and by when (``prepctl release`` and ``prepctl diff``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import jsonschema
import pytest
from conftest import GIT_ENV, GitRepo, Run
from test_diff import edit, write_framework
from test_release import RECORD, framework

from prepctl import compliance, schemas

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
    text = run_cli("diff", "framework-v1.0.0")
    assert "MATERIAL MODIFICATION: 1 weakening" in text.out
    assert f"  {WEAKENED}: no justification recorded\n" in text.out
    assert (
        "  ca-sb53: publish the modified framework with a justification within 30 days of "
        "publication [§22757.12(b)(2)]\n"
    ) in text.out
    markdown = run_cli("diff", "framework-v1.0.0", "-f", "markdown")
    assert "**Material modification**" in markdown.out
    assert "| `ca-sb53` | publish the modified framework with a justification within 30" in (
        markdown.out
    )


def test_diff_json_carries_the_obligations(run_cli: RunCli, repo: GitRepo) -> None:
    drop_monitoring(repo, justified=True)
    result = run_cli("diff", "framework-v1.0.0", "-f", "json")
    report = json.loads(result.out)
    jsonschema.Draft202012Validator(schemas.bundle("diff-report")).validate(report)
    material = report["material_modification"]
    assert material["material"] is True
    assert [(o["profile"], o["requirement"], o["due"]) for o in material["obligations"]] == [
        ("ca-sb53", "material-change", None),
        ("eu-gpai-cop", "update-record", None),
        ("eu-gpai-cop", "regulator-access", None),
        ("seoul-2024", "none", None),
    ]


def test_diff_json_without_a_weakening(run_cli: RunCli, repo: GitRepo) -> None:
    result = run_cli("diff", "framework-v1.0.0", "-f", "json")
    assert json.loads(result.out)["material_modification"] == {
        "material": False,
        "obligations": [],
    }


def test_business_days_skip_weekends() -> None:
    friday = date(2026, 12, 4)
    assert compliance.add_business_days(friday, 1) == date(2026, 12, 7)
    assert compliance.add_business_days(friday, 5) == date(2026, 12, 11)
    assert compliance.add_business_days(friday, 0) == friday
