"""Changelog sections: derived from the diff and the change records, grouped by category and
impact (weakening first), written into CHANGELOG.md above the last release, and
``prepctl changelog`` between two versions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import GIT_ENV, GitRepo, Run
from helpers.frameworks import edit, write_framework

from prepctl.core import changelog, diff, document, release, source

RunCli = Callable[..., Run]

RECORD = """\
id: drop-monitoring
title: Drop usage monitoring at cyber High
covers:
  - /categories/cyber/thresholds/high
  - /categories/cyber/evaluations
rationale: Weights security now covers the same misuse.
approved-by:
  - safety-board
approved-on: 2026-02-01
effective: 2026-03-01
"""

UNUSED = """\
id: nothing-changed
title: A record for a change that was undone
covers:
  - /safeguards/weights-security
rationale: The change was reverted before the release.
approved-by:
  - leadership
approved-on: 2026-02-03
"""


def load(folder: Path) -> document.Document:
    return document.load(source.read_directory(folder))


def edited(tmp_path: Path) -> tuple[document.Document, document.Document]:
    base = write_framework(tmp_path / "base")
    head = write_framework(tmp_path / "head")
    edit(
        head, "framework.yaml", "The model must not be deployed", "The model should not be deployed"
    )
    edit(
        head,
        "framework.yaml",
        "A small framework for tests.",
        "A small *framework* <b>for</b> tests.",
    )
    edit(head, "framework.yaml", "version: 1.0.0", "version: 2.0.0")
    edit(
        head,
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    edit(
        head,
        "categories/cyber.yaml",
        "  - id: ctf\n",
        "  - id: ranges\n    name: Ranges\n    measures: Range exercises.\n    method: automated\n  - id: ctf\n",
    )
    edit(head, "categories/bio.yaml", "Uplift towards", "Uplift toward")
    (head / "changes").mkdir()
    (head / "changes" / "drop-monitoring.yaml").write_text(RECORD)
    (head / "changes" / "nothing-changed.yaml").write_text(UNUSED)
    return load(base), load(head)


def test_section_groups_by_category_and_impact_weakening_first(tmp_path: Path) -> None:
    base, head = edited(tmp_path)
    result = diff.diff(base, head)
    notes = release.notes_since(base, head)
    text = changelog.render(
        changelog.Section(changelog.heading("2.0.0", "2026-03-01"), "Intro.", result, notes)
    )
    assert text == (
        "## [2.0.0] - 2026-03-01\n"
        "\n"
        "Intro.\n"
        "\n"
        "### Framework\n"
        "\n"
        "#### Weakening\n"
        "\n"
        '- `/levels/high/response` modified: "…must not be deployed until…" → "…should not be deployed\n'
        "  until…\" ('must not' → 'should not': force lowered from binding to advisory (force ladder)).\n"
        "  **No change record** justifies this weakening.\n"
        "\n"
        "#### Editorial\n"
        "\n"
        '- `/summary` modified: "…framework for tests." → "…\\*framework\\* \\<b\\>for\\</b\\> tests." (editorial\n'
        "  text).\n"
        "\n"
        "### Biological and chemical\n"
        "\n"
        "#### Editorial\n"
        "\n"
        '- `/categories/bio/summary` modified: "…towards biological and chemical…" → "…toward biological and\n'
        '  chemical…" (editorial text).\n'
        "\n"
        "### Cybersecurity\n"
        "\n"
        "#### Weakening\n"
        "\n"
        "- `/categories/cyber/thresholds/high/safeguards/usage-monitoring` removed: safeguards no longer\n"
        "  includes usage-monitoring (more is stricter).\n"
        "  Change record `drop-monitoring` (*Drop usage monitoring at cyber High*, approved by safety-board\n"
        "  on 2026-02-01; effective 2026-03-01): Weights security now covers the same misuse.\n"
        "\n"
        "#### Strengthening\n"
        "\n"
        "- `/categories/cyber/evaluations/ranges` added: added to evaluations (more is stricter).\n"
        "  Change record `drop-monitoring`, above.\n"
        "\n"
        "### Other change records\n"
        "\n"
        "- Change record `nothing-changed` (*A record for a change that was undone*, approved by leadership\n"
        "  on 2026-02-03): The change was reverted before the release.\n"
    )


def test_release_fields_are_not_listed(tmp_path: Path) -> None:
    base = write_framework(tmp_path / "base")
    head = write_framework(tmp_path / "head")
    edit(head, "framework.yaml", "version: 1.0.0", "version: 1.0.1")
    edit(head, "framework.yaml", "effective: 2026-01-01", "effective: 2026-02-01")
    result = diff.diff(load(base), load(head))
    assert len(result.changes) == 2
    assert changelog.content_changes(result) == []
    text = changelog.render(changelog.Section("[1.0.1] - 2026-02-01", "Nothing.", result, ()))
    assert text == "## [1.0.1] - 2026-02-01\n\nNothing.\n"


def test_insert_into_a_new_file() -> None:
    text = changelog.insert(None, "## [1.0.0] - 2026-01-01\n\nFirst.\n")
    assert text == changelog.HEADER + "\n## [1.0.0] - 2026-01-01\n\nFirst.\n"


def test_insert_above_the_last_release_and_below_unreleased() -> None:
    existing = "# Changelog\n\n## [Unreleased]\n\nNotes.\n\n## [1.0.0] - 2026-01-01\n\nFirst.\n"
    text = changelog.insert(existing, "## [1.1.0] - 2026-02-01\n\nSecond.\n")
    assert text == (
        "# Changelog\n\n## [Unreleased]\n\nNotes.\n\n"
        "## [1.1.0] - 2026-02-01\n\nSecond.\n\n"
        "## [1.0.0] - 2026-01-01\n\nFirst.\n"
    )
    plain = changelog.insert("# Changelog\nIntro.", "## [1.0.0]\n\nFirst.\n")
    assert plain == "# Changelog\nIntro.\n\n## [1.0.0]\n\nFirst.\n"


@pytest.mark.parametrize(
    ("text", "version", "body"),
    [
        ("## [2.0.0] - 2026-03-01\n\nA.\n\n## [1.0.0]\nB.\n", "2.0.0", "A."),
        ("## [2.0.0] - 2026-03-01\n\nA.\n\n## [1.0.0]\nB.\n", "1.0.0", "B."),
        ("## v2.0.0 (2026-03-01)\nA.\n", "2.0.0", "A."),
        ("## [2.0.0]\n", "2.0.0", ""),
        ("## [2.0.10]\nA.\n", "2.0.1", None),
        ("```\n## [2.0.0]\n```\n", "2.0.0", None),
        ("### [2.0.0]\n", "2.0.0", None),
    ],
)
def test_section_text(text: str, version: str, body: str | None) -> None:
    assert changelog.section_text(text, version) == body
    assert changelog.has_section(text, version) is (body is not None)


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    write_framework(git_repo.path)
    git_repo.commit("framework", "2026-01-01T12:00:00+00:00")
    git_repo.git("tag", "-a", "framework-v1.0.0", "-m", "first")
    monkeypatch.chdir(git_repo.path)
    folder = git_repo.path / "framework"
    edit(
        folder,
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    (folder / "changes").mkdir()
    (folder / "changes" / "drop-monitoring.yaml").write_text(RECORD)
    git_repo.commit("SECRET COMMIT MESSAGE", "2026-02-01T12:00:00+00:00")
    return git_repo


def test_changelog_command_unreleased_then_released(run_cli: RunCli, repo: GitRepo) -> None:
    result = run_cli("changelog")
    assert result.code == 0, result.err
    assert result.out.startswith(
        "## [Unreleased]\n\nChanges since 1.0.0 (framework-v1.0.0), not yet released; they need a "
        "major version: 1 weakening,\nwith 1 change record.\n\n### Cybersecurity\n"
    )
    assert "SECRET" not in result.out
    assert run_cli("release", "--date", "2026-03-01").code == 0
    prepared = run_cli("changelog")
    assert prepared.code == 0, prepared.err
    written = (repo.path / "framework" / "CHANGELOG.md").read_text()
    assert prepared.out == written[written.index("## [2.0.0]") :]
    repo.commit("release", "2026-03-01T12:00:00+00:00")
    repo.git("tag", "-a", "framework-v2.0.0", "-m", "second")
    between = run_cli("changelog", "framework-v1.0.0..framework-v2.0.0")
    assert between.code == 0, between.err
    assert between.out == prepared.out  # the archived records are read back
    open_ended = run_cli("changelog", "framework-v1.0.0..")
    assert open_ended.out == prepared.out
    nothing = run_cli("changelog")
    assert nothing.out == (
        "## [Unreleased]\n\nChanges since 2.0.0 (framework-v2.0.0), not yet released; no changes.\n"
    )


def test_changelog_command_errors(run_cli: RunCli, repo: GitRepo) -> None:
    result = run_cli("changelog", "framework-v9..HEAD")
    assert result.code == 2
    assert "cannot read framework at ref 'framework-v9'" in result.err
    result = run_cli("changelog", "a...b")
    assert result.code == 2
    assert "symmetric ranges" in result.err


def test_changelog_without_a_release_lists_every_record(run_cli: RunCli, repo: GitRepo) -> None:
    repo.git("tag", "-d", "framework-v1.0.0")
    result = run_cli("changelog")
    assert result.code == 0, result.err
    assert result.out.startswith("## [1.0.0] - 2026-01-01\n\nFirst release of the framework")
    assert "### Change records\n\n- Change record `drop-monitoring`" in result.out
