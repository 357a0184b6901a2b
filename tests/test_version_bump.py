"""The ``version-bump`` rule: active only with ``lint --against REF``; the version, the
effective date and the changelog must move as the changes since REF require."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from helpers import GitRepo, Run
from helpers.frameworks import edit, write_framework

from prepctl import rules
from prepctl.core import document, source, source_git
from prepctl.rules import version_bump

RunCli = Callable[..., Run]


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    write_framework(git_repo.path)
    git_repo.commit("framework", "2026-01-01T12:00:00+00:00")
    monkeypatch.chdir(git_repo.path)
    return git_repo


def folder(repo: GitRepo) -> Path:
    return repo.path / "framework"


def bumps(run_cli: RunCli, *arguments: str) -> list[tuple[str, str]]:
    result = run_cli("lint", "-f", "json", "--today", "2026-03-01", *arguments)
    assert result.code in (0, 1), result.err
    return [
        (finding["address"], finding["message"])
        for finding in json.loads(result.out)["findings"]
        if finding["rule"] == "version-bump"
    ]


def weaken(repo: GitRepo) -> None:
    edit(
        folder(repo),
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )


def test_silent_without_against(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    assert bumps(run_cli) == []


def test_a_weakening_needs_a_major_version(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    assert bumps(run_cli, "--against", "HEAD") == [
        (
            "/version",
            "version 1.0.0 was not bumped as the changes since HEAD:framework require: "
            "1 weakening needs a major version (2.0.0 or later); `prepctl release` sets it",
        )
    ]
    edit(folder(repo), "framework.yaml", "version: 1.0.0", "version: 1.1.0")
    edit(folder(repo), "framework.yaml", "effective: 2026-01-01", "effective: 2026-02-01")
    assert [where for where, _ in bumps(run_cli, "--against", "HEAD")] == ["/version"]
    edit(folder(repo), "framework.yaml", "version: 1.1.0", "version: 2.0.0")
    assert bumps(run_cli, "--against", "HEAD") == []


def test_location_of_the_finding(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    result = run_cli("lint", "--against", "HEAD", "--today", "2026-03-01")
    assert result.code == 1
    assert (
        "framework/framework.yaml:4:10: error[version-bump] /version: version 1.0.0" in result.out
    )


@pytest.mark.parametrize(
    ("change", "enough", "too_small"),
    [
        (("categories/bio.yaml", "Uplift towards", "Uplift toward"), "1.0.1", "1.0.0"),
        (
            (
                "categories/cyber.yaml",
                "  - id: ctf\n",
                "  - id: ranges\n    name: Ranges\n    measures: Range exercises.\n    method: automated\n  - id: ctf\n",
            ),
            "1.1.0",
            "1.0.5",
        ),
    ],
    ids=["wording-patch", "addition-minor"],
)
def test_required_bump(
    run_cli: RunCli,
    repo: GitRepo,
    change: tuple[str, str, str],
    enough: str,
    too_small: str,
) -> None:
    edit(folder(repo), *change)
    edit(folder(repo), "framework.yaml", "effective: 2026-01-01", "effective: 2026-02-01")
    edit(folder(repo), "framework.yaml", "version: 1.0.0", f"version: {too_small}")
    assert [where for where, _ in bumps(run_cli, "--against", "HEAD")] == ["/version"]
    edit(folder(repo), "framework.yaml", f"version: {too_small}", f"version: {enough}")
    assert bumps(run_cli, "--against", "HEAD") == []


def test_no_change_needs_no_bump(run_cli: RunCli, repo: GitRepo) -> None:
    assert bumps(run_cli, "--against", "HEAD") == []


def test_effective_date_must_move_with_the_version(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    edit(folder(repo), "framework.yaml", "version: 1.0.0", "version: 2.0.0")
    assert bumps(run_cli, "--against", "HEAD") == [
        (
            "/effective",
            "effective date 2026-01-01 did not move forward with version 2.0.0 (it was "
            "2026-01-01 for 1.0.0 at HEAD:framework); the EU Code of Practice asks for a "
            "changelog, version and date with every update",
        )
    ]


def test_a_changelog_needs_a_section_for_the_new_version(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    edit(folder(repo), "framework.yaml", "version: 1.0.0", "version: 2.0.0")
    edit(folder(repo), "framework.yaml", "effective: 2026-01-01", "effective: 2026-02-01")
    assert bumps(run_cli, "--against", "HEAD") == []  # no CHANGELOG.md: nothing to check
    notes = folder(repo) / "CHANGELOG.md"
    notes.write_text("# Changelog\n\n## [1.0.0] - 2026-01-01\n\nFirst.\n")
    assert bumps(run_cli, "--against", "HEAD") == [
        (
            "/version",
            "framework/CHANGELOG.md has no section for version 2.0.0; the EU Code of Practice "
            "asks for a changelog, version and date with every update (`prepctl release` writes it)",
        )
    ]
    notes.write_text("# Changelog\n\n## [2.0.0] - 2026-02-01\n\nSecond.\n\n## [1.0.0]\n")
    assert bumps(run_cli, "--against", "HEAD") == []


def test_a_version_going_backwards(run_cli: RunCli, repo: GitRepo) -> None:
    edit(folder(repo), "framework.yaml", "version: 1.0.0", "version: 0.9.0")
    assert bumps(run_cli, "--against", "HEAD") == [
        ("/version", "version 0.9.0 is older than 1.0.0 at HEAD:framework")
    ]


def test_against_a_git_source(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    repo.commit("weaken", "2026-01-02T12:00:00+00:00")
    result = run_cli("lint", "HEAD", "--against", "HEAD~1", "-f", "json", "--today", "2026-03-01")
    rules_found = {finding["rule"] for finding in json.loads(result.out)["findings"]}
    assert "version-bump" in rules_found


def test_against_errors(run_cli: RunCli, repo: GitRepo) -> None:
    result = run_cli("lint", "--against", "mian")
    assert result.code == 2
    assert "cannot read framework at ref 'mian'" in result.err
    result = run_cli("lint", "framework", "framework", "--against", "HEAD")
    assert result.code == 2
    assert "--against compares one framework" in result.err


def test_rule_is_documented_and_ignores_a_missing_base(tmp_path: Path) -> None:
    assert "version-bump" in rules.RULES
    (info,) = [rule for rule in rules.describe() if rule.id == "version-bump"]
    assert info.documentation.count("```yaml") == 2
    doc = document.load(source.read_directory(write_framework(tmp_path)))
    context = rules.Context(today=date(2026, 3, 1))
    assert list(version_bump.check(doc, context)) == []


def test_lint_without_against_never_imports_gitpython(tmp_path: Path) -> None:
    framework = write_framework(tmp_path)
    code = (
        "import sys\n"
        "from prepctl.cli import main\n"
        f"main(['lint', {str(framework)!r}, '--today', '2026-03-01'])\n"
        "print('git' in sys.modules, 'prepctl.core.history' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines()[-1] == "False False", result.stderr


def test_snapshots_carry_the_changelog(repo: GitRepo) -> None:
    assert source.read_directory(folder(repo)).changelog is None
    (folder(repo) / "CHANGELOG.md").write_text("# Changelog\n")
    on_disk = source.read_directory(folder(repo))
    assert on_disk.changelog == b"# Changelog\n"
    assert "CHANGELOG.md" not in on_disk.files
    repo.commit("changelog", "2026-01-02T12:00:00+00:00")
    from_git = source_git.read_snapshot("HEAD", cwd=repo.path)
    assert from_git.changelog == b"# Changelog\n"
    assert source_git.read_snapshot("HEAD~1", cwd=repo.path).changelog is None
    assert [file.relative for file in document.load(from_git).files] == [
        file.relative for file in document.load(on_disk).files
    ]
