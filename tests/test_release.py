"""``prepctl release``: the next version from what changed, the changelog from change records,
records archived, the manifest edited in place, writes all or nothing, and tagging."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import GIT_ENV, GitRepo, Run
from helpers.frameworks import RECORD, edit, framework, write_framework

from prepctl.core import release
from prepctl.core.release import Bump, Semver
from prepctl.errors import PrepctlError

EVALUATION = """\
  - id: ranges
    name: Cyber ranges
    measures: Whether the model completes end-to-end range exercises.
    method: automated
    thresholds:
      - high
"""

RunCli = Callable[..., Run]


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The minimal framework, committed and released as framework-v1.0.0."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    write_framework(git_repo.path)
    git_repo.commit("framework", "2026-01-01T12:00:00+00:00")
    git_repo.git("tag", "-a", "framework-v1.0.0", "-m", "first")
    monkeypatch.chdir(git_repo.path)
    return git_repo


def weaken(repo: GitRepo) -> None:
    edit(
        framework(repo),
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    (framework(repo) / "changes").mkdir()
    (framework(repo) / "changes" / "drop-monitoring.yaml").write_text(RECORD)


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def manifest(repo: GitRepo) -> str:
    return (framework(repo) / "framework.yaml").read_text()


def test_a_weakening_makes_a_major_release(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    result = run_cli("release", "--date", "2026-03-01")
    assert result.code == 0, result.err
    assert result.out == (
        "framework 1.0.0 → 2.0.0 (major: 1 weakening since framework-v1.0.0)\n"
        "  folded 1 change record into the 2.0.0 section of framework/CHANGELOG.md\n"
        "  set version 2.0.0 and effective date 2026-03-01 in framework/framework.yaml\n"
        "  moved the 1 change record to framework/changes/archive/2.0.0/\n"
        "  MATERIAL MODIFICATION: 1 weakening (a weakened or removed commitment)\n"
        "    /categories/cyber/thresholds/high/safeguards/usage-monitoring: justified by change "
        "record framework/changes/drop-monitoring.yaml: Weights security now covers the same "
        "misuse. (approved: safety-board)\n"
        "next: commit these files, then tag the release:\n"
        "  git tag -a framework-v2.0.0 -m 'Test Framework 2.0.0'\n"
        "  (or, once committed: prepctl release --tag)\n"
    )
    assert "version: 2.0.0\neffective: 2026-03-01\n" in manifest(repo)
    changelog = (framework(repo) / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog\n")
    section = changelog[changelog.index("## [2.0.0]") :]
    assert section == (
        "## [2.0.0] - 2026-03-01\n"
        "\n"
        "A major release after 1.0.0 (framework-v1.0.0): 1 weakening, with 1 change record.\n"
        "\n"
        "### Cybersecurity\n"
        "\n"
        "#### Weakening\n"
        "\n"
        "- `/categories/cyber/thresholds/high/safeguards/usage-monitoring` removed: safeguards no longer\n"
        "  includes usage-monitoring (more is stricter).\n"
        "  Change record `drop-monitoring` (*Drop usage monitoring at cyber High*, approved by safety-board\n"
        "  on 2026-02-01): Weights security now covers the same misuse.\n"
    )
    assert not (framework(repo) / "changes" / "drop-monitoring.yaml").exists()
    archived = framework(repo) / "changes" / "archive" / "2.0.0" / "drop-monitoring.yaml"
    assert archived.read_text() == RECORD


def test_the_release_lints_clean_and_its_commit_weakens_nothing(
    run_cli: RunCli, repo: GitRepo
) -> None:
    weaken(repo)
    repo.commit("drop monitoring", "2026-02-02T12:00:00+00:00")
    before = run_cli("lint", "-f", "json", "--today", "2026-03-01")
    assert run_cli("release", "--date", "2026-03-01").code == 0
    after = run_cli("lint", "--against", "framework-v1.0.0", "-f", "json", "--today", "2026-03-01")
    # The minimal framework has findings of its own (no Critical thresholds); the release adds
    # none, and the version bump is what the changes require.
    assert json.loads(after.out)["findings"] == json.loads(before.out)["findings"]
    assert "version-bump" not in after.out
    repo.commit("release 2.0.0", "2026-03-01T12:00:00+00:00")
    result = run_cli("diff", "HEAD~1", "HEAD", "-f", "json", "--fail-on", "weakening")
    assert result.code == 0, result.out
    changes = json.loads(result.out)["changes"]
    assert [(c["address"], c["impact"]) for c in changes] == [
        ("/effective", "neutral"),
        ("/version", "neutral"),
    ]


def test_an_addition_makes_a_minor_release(run_cli: RunCli, repo: GitRepo) -> None:
    cyber = framework(repo) / "categories" / "cyber.yaml"
    cyber.write_text(cyber.read_text() + EVALUATION)
    result = run_cli("release", "--date", "2026-03-01")
    assert result.code == 0, result.err
    assert result.out.startswith(
        "framework 1.0.0 → 1.1.0 (minor: 1 strengthening since framework-v1.0.0)\n"
    )
    assert "version: 1.1.0\n" in manifest(repo)
    changelog = (framework(repo) / "CHANGELOG.md").read_text()
    assert "#### Strengthening\n\n- `/categories/cyber/evaluations/ranges` added" in changelog


def test_wording_only_makes_a_patch_release(run_cli: RunCli, repo: GitRepo) -> None:
    edit(framework(repo), "categories/bio.yaml", "Uplift towards", "Uplift toward")
    result = run_cli("release", "--date", "2026-03-01")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        "framework 1.0.0 → 1.0.1 (patch: 1 editorial or neutral change since framework-v1.0.0)"
    )
    assert "version: 1.0.1\n" in manifest(repo)
    assert "  folded 0 change records into" in result.out
    assert "moved" not in result.out


def test_dry_run_writes_nothing(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    before = files(repo.path)
    result = run_cli("release", "--dry-run", "--date", "2026-03-01")
    assert result.code == 0, result.err
    assert result.out == (
        "framework 1.0.0 → 2.0.0 (major: 1 weakening since framework-v1.0.0)\n"
        "  will fold 1 change record into the 2.0.0 section of framework/CHANGELOG.md\n"
        "  will set version 2.0.0 and effective date 2026-03-01 in framework/framework.yaml\n"
        "  will move the 1 change record to framework/changes/archive/2.0.0/\n"
        "  MATERIAL MODIFICATION: 1 weakening (a weakened or removed commitment)\n"
        "    /categories/cyber/thresholds/high/safeguards/usage-monitoring: justified by change "
        "record framework/changes/drop-monitoring.yaml: Weights security now covers the same "
        "misuse. (approved: safety-board)\n"
        "  then: commit, and git tag -a framework-v2.0.0 -m 'Test Framework 2.0.0' "
        "(or prepctl release --tag)\n"
    )
    assert files(repo.path) == before


def test_needs_review_asks_for_bump(run_cli: RunCli, repo: GitRepo) -> None:
    edit(
        framework(repo),
        "categories/cyber.yaml",
        "automates end-to-end",
        "automates most end-to-end",
    )
    before = files(repo.path)
    result = run_cli("release", "--date", "2026-03-01")
    assert result.code == 1
    assert result.err == (
        "prepctl: 1 change needs review before the version can be chosen: "
        '/categories/cyber/thresholds/high/capability: "…automates end-to-end operations '
        'against…" → "…automates most end-to-end operations against…" (substantive text). '
        "Decide what they are and rerun with --bump major|minor|patch\n"
    )
    assert files(repo.path) == before
    result = run_cli("release", "--date", "2026-03-01", "--bump", "minor")
    assert result.code == 0, result.err
    assert "version: 1.1.0\n" in manifest(repo)
    assert "#### Needs review" in (framework(repo) / "CHANGELOG.md").read_text()


def test_bump_never_below_what_the_changes_require(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    result = run_cli("release", "--bump", "patch", "--date", "2026-03-01")
    assert result.code == 2
    assert (
        "--bump patch is too small: 1 weakening since framework-v1.0.0 needs a major" in result.err
    )
    result = run_cli("release", "--bump", "major", "--date", "2026-03-01")
    assert result.code == 0


def test_a_larger_bump_may_be_chosen(run_cli: RunCli, repo: GitRepo) -> None:
    edit(framework(repo), "categories/bio.yaml", "Uplift towards", "Uplift toward")
    result = run_cli("release", "--bump", "major", "--date", "2026-03-01", "--dry-run")
    assert result.out.splitlines()[0] == (
        "framework 1.0.0 → 2.0.0 (major: --bump major; the changes need patch: "
        "1 editorial or neutral change since framework-v1.0.0)"
    )


def test_first_release_keeps_the_version_and_lists_every_record(
    run_cli: RunCli, repo: GitRepo
) -> None:
    repo.git("tag", "-d", "framework-v1.0.0")
    weaken(repo)
    result = run_cli("release", "--date", "2026-03-01")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        "framework 1.0.0 (first release: no framework-v* tag is reachable from HEAD, so "
        "version 1.0.0 is released as it is and the changelog lists every change record)"
    )
    changelog = (framework(repo) / "CHANGELOG.md").read_text()
    assert changelog.endswith(
        "## [1.0.0] - 2026-03-01\n\n"
        "First release of the framework with 2 categories and 2 safeguards: version 1.0.0 as a whole, with\n"
        "every change record written so far.\n\n"
        "### Change records\n\n"
        "- Change record `drop-monitoring` (*Drop usage monitoring at cyber High*, approved by safety-board\n"
        "  on 2026-02-01): Weights security now covers the same misuse.\n"
    )


def test_nothing_to_release(run_cli: RunCli, repo: GitRepo) -> None:
    result = run_cli("release")
    assert (result.code, result.err) == (
        1,
        "prepctl: nothing to release: no changes since framework-v1.0.0\n",
    )


def test_a_prepared_release_is_not_prepared_twice(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    assert run_cli("release", "--date", "2026-03-01").code == 0
    before = files(repo.path)
    result = run_cli("release", "--date", "2026-03-02")
    assert result.code == 1
    assert "already has a section for 2.0.0" in result.err
    assert files(repo.path) == before


def test_effective_date_must_move_forward(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    result = run_cli("release", "--date", "2026-01-01")
    assert result.code == 2
    assert result.err == (
        "prepctl: the effective date 2026-01-01 is not after 2026-01-01, when 1.0.0 took "
        "effect; give a later one with --date YYYY-MM-DD\n"
    )
    bad = run_cli("release", "--date", "2026-1-5")
    assert (bad.code, bad.err) == (
        2,
        "prepctl: invalid value for '--date': '2026-1-5' is not a date written as YYYY-MM-DD\n",
    )
    impossible = run_cli("release", "--date", "2027-02-30")
    assert (impossible.code, impossible.out, impossible.err) == (
        2,
        "",
        "prepctl: invalid value for '--date': '2027-02-30' is not a date written as YYYY-MM-DD "
        "(February 2027 has 28 days)\n",
    )


def test_manifest_keeps_comments_and_layout(run_cli: RunCli, repo: GitRepo) -> None:
    path = framework(repo) / "framework.yaml"
    commented = path.read_bytes().replace(
        b"version: 1.0.0\neffective: 2026-01-01\n",
        b"# The version is set by prepctl release.\nversion: '1.0.0'   # semver\n"
        b'effective:   "2026-01-01" # first\n',
    )
    path.write_bytes(commented)
    repo.commit("comments", "2026-01-02T12:00:00+00:00")
    repo.git("tag", "-f", "-a", "framework-v1.0.0", "-m", "first")
    edit(framework(repo), "categories/bio.yaml", "Uplift towards", "Uplift toward")
    assert run_cli("release", "--date", "2026-03-01").code == 0
    assert path.read_bytes() == commented.replace(b"'1.0.0'", b"'1.0.1'").replace(
        b'"2026-01-01"', b'"2026-03-01"'
    )


def test_set_scalars_keeps_every_other_byte() -> None:
    raw = "\ufeffname: x # c\r\nversion: 1.0.0\r\neffective: 2026-01-01\r\n".encode()
    updated = release.set_scalars(raw, "m.yaml", {"version": "2.0.0", "effective": "2026-02-02"})
    assert updated == "\ufeffname: x # c\r\nversion: 2.0.0\r\neffective: 2026-02-02\r\n".encode()
    with pytest.raises(PrepctlError, match="cannot update version in place"):
        release.set_scalars(b"version: !!str 1.0.0\n", "m.yaml", {"version": "2.0.0"})
    with pytest.raises(PrepctlError, match=re.escape("no 'version: ...' line")):
        release.set_scalars(b"name: x\n", "m.yaml", {"version": "2.0.0"})


def test_a_failed_write_leaves_nothing_half_done(
    run_cli: RunCli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    weaken(repo)
    before = files(repo.path)
    real = os.replace
    calls: list[str] = []

    def failing(source: str | Path, target: str | Path) -> None:
        calls.append(str(target))
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    result = run_cli("release", "--date", "2026-03-01")
    assert result.code == 2
    assert "No space left on device; the release was undone" in result.err
    assert len(calls) == 3
    assert files(repo.path) == before


def test_tag_requires_a_committed_release(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    assert run_cli("release", "--date", "2026-03-01").code == 0
    result = run_cli("release", "--tag")
    assert result.code == 1
    assert result.err.startswith("prepctl: uncommitted changes in the framework folder (")
    assert "commit the release first, then rerun 'prepctl release --tag'" in result.err
    head = repo.commit("release 2.0.0", "2026-03-01T12:00:00+00:00")
    result = run_cli("release", "--tag", "--dry-run")
    assert result.out == f"would tag {head[:12]} as framework-v2.0.0 (version 2.0.0)\n"
    assert repo.git("tag", "--list") == "framework-v1.0.0"
    result = run_cli("release", "--tag")
    assert result.code == 0, result.err
    assert result.out.startswith(f"tagged {head[:12]} as framework-v2.0.0")
    assert repo.git("rev-parse", "framework-v2.0.0^{commit}") == head
    assert repo.git("cat-file", "-t", "framework-v2.0.0") == "tag"
    message = repo.git("tag", "-l", "--format=%(contents)", "framework-v2.0.0")
    assert message.startswith("Test Framework 2.0.0, effective 2026-03-01\n\nA major release")
    assert "Change record `drop-monitoring`" in message
    again = run_cli("release", "--tag")
    assert again.code == 1
    assert "nothing to tag: version 2.0.0 is not ahead of framework-v2.0.0" in again.err


def test_tag_refuses_a_version_too_small_for_the_changes(run_cli: RunCli, repo: GitRepo) -> None:
    weaken(repo)
    edit(framework(repo), "framework.yaml", "version: 1.0.0", "version: 1.1.0")
    repo.commit("sneaky minor", "2026-02-02T12:00:00+00:00")
    result = run_cli("release", "--tag")
    assert result.code == 1
    assert "version 1.1.0 is too small: 1 weakening since framework-v1.0.0 needs a major" in (
        result.err
    )
    assert run_cli("release", "--tag", "--date", "2026-03-01").code == 2  # --tag writes nothing


def test_tag_prefix_from_configuration(run_cli: RunCli, repo: GitRepo) -> None:
    (repo.path / "pyproject.toml").write_text('[tool.prepctl.release]\ntag-prefix = "policy/v"\n')
    repo.git("tag", "policy/v1.2.0")
    repo.git("tag", "policy/v1.10.0")
    repo.git("tag", "policy/vnext")
    edit(framework(repo), "framework.yaml", "version: 1.0.0", "version: 1.10.0")
    edit(framework(repo), "categories/bio.yaml", "Uplift towards", "Uplift toward")
    result = run_cli("release", "--dry-run", "--date", "2026-03-01")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        "framework 1.10.0 → 1.10.1 (patch: 1 editorial or neutral change since policy/v1.10.0)"
    )
    assert "git tag -a policy/v1.10.1" in result.out


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('tag-prefix = "bad prefix"', "tag-prefix in [tool.prepctl.release] must start a git tag"),
        ('tag-prefix = "a..b"', "must start a git tag name"),
        ("tag-prefix = 3", "tag-prefix in [tool.prepctl.release] must be text, got 3"),
        (
            'tag-prefx = "v"',
            "unknown key 'tag-prefx' in [tool.prepctl.release] (did you mean 'tag-prefix'?)",
        ),
    ],
)
def test_tag_prefix_is_checked(run_cli: RunCli, repo: GitRepo, table: str, message: str) -> None:
    (repo.path / "pyproject.toml").write_text(f"[tool.prepctl.release]\n{table}\n")
    result = run_cli("release", "--dry-run")
    assert result.code == 2
    assert message in result.err


def test_tag_prefix_default_and_dotfile(tmp_path: Path) -> None:
    from prepctl.lint import config

    assert config.DEFAULT.tag_prefix == "framework-v"
    (tmp_path / ".prepctl.toml").write_text('[release]\ntag-prefix = "fw-"\n')
    assert config.load(tmp_path / ".prepctl.toml").tag_prefix == "fw-"


def test_release_tags_are_sorted_by_version(repo: GitRepo) -> None:
    for name in ("framework-v1.10.0", "framework-v1.9.0", "framework-v2.0.0-rc.1", "framework-vX"):
        repo.git("tag", name)
    assert release.release_tags("framework-v", cwd=repo.path) == [
        ("framework-v1.0.0", "1.0.0"),
        ("framework-v1.9.0", "1.9.0"),
        ("framework-v1.10.0", "1.10.0"),
        ("framework-v2.0.0-rc.1", "2.0.0-rc.1"),
    ]
    repo.git("checkout", "-q", "-b", "other")
    edit(framework(repo), "categories/bio.yaml", "Uplift towards", "Uplift toward")
    repo.commit("other", "2026-01-03T12:00:00+00:00")
    repo.git("tag", "framework-v3.0.0")
    repo.git("checkout", "-q", "main")
    assert release.release_tags("framework-v", cwd=repo.path, merged="HEAD")[-1][0] == (
        "framework-v2.0.0-rc.1"
    )


def test_outside_a_repository(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_framework(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_cli("release", "--dry-run")
    assert result.code == 2
    assert "is not inside a git repository" in result.err


@pytest.mark.parametrize(
    ("version", "bump", "expected"),
    [
        ("1.2.3", Bump.MAJOR, "2.0.0"),
        ("1.2.3", Bump.MINOR, "1.3.0"),
        ("1.2.3", Bump.PATCH, "1.2.4"),
        ("2.0.0-rc.1", Bump.MAJOR, "2.0.0"),
        ("1.3.0-rc.1", Bump.MINOR, "1.3.0"),
        ("1.2.4-rc.1", Bump.PATCH, "1.2.4"),
    ],
)
def test_semver_bumps(version: str, bump: Bump, expected: str) -> None:
    parsed = Semver.parse(version)
    assert parsed is not None
    assert str(parsed.bumped(bump)) == expected


def test_semver_order() -> None:
    ordered = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0",
        "1.2.0",
        "1.10.0",
    ]
    versions = [Semver.parse(text) for text in ordered]
    assert all(v is not None for v in versions)
    assert [str(v) for v in sorted(versions, reverse=True)][::-1] == ordered  # type: ignore[type-var]
    assert Semver.parse("01.0.0") is None
    assert Semver.parse(1) is None


def _released_twice(run_cli: RunCli, repo: GitRepo) -> None:
    """framework-v1.0.0, then a justified weakening released (and tagged) as framework-v2.0.0:
    its record now lives in changes/archive/2.0.0/."""
    weaken(repo)
    repo.commit("drop monitoring", "2026-02-02T12:00:00+00:00")
    assert run_cli("release", "--date", "2026-03-01").code == 0
    repo.commit("release 2.0.0", "2026-03-01T12:00:00+00:00")
    assert run_cli("release", "--tag").code == 0


def test_an_archived_record_keeps_justifying_between_the_releases_that_span_it(
    run_cli: RunCli, repo: GitRepo, tmp_path: Path
) -> None:
    _released_twice(run_cli, repo)
    archived = "framework-v2.0.0:framework/changes/archive/2.0.0/drop-monitoring.yaml"
    result = run_cli("diff", "framework-v1.0.0", "framework-v2.0.0", "-f", "json")
    assert result.code == 0, result.out
    weakenings = [c for c in json.loads(result.out)["changes"] if c["impact"] == "weakening"]
    assert [(c["address"], c["justified_by"]) for c in weakenings] == [
        ("/categories/cyber/thresholds/high/safeguards/usage-monitoring", "drop-monitoring")
    ]
    text = run_cli("diff", "framework-v1.0.0", "framework-v2.0.0")
    assert text.code == 0, text.out
    assert f"justified by {archived}" in text.out
    assert "NOT JUSTIFIED" not in text.out
    assert "no justification recorded" not in text.out
    assert f"justified by change record {archived}: Weights security" in text.out
    # Between the working tree and the last release the record explains nothing new.
    assert run_cli("diff", "framework-v2.0.0").out.startswith("no changes")

    redline = tmp_path / "redline.html"
    rendered = run_cli("render", "--against", "framework-v1.0.0", "-o", str(redline))
    assert rendered.code == 0, rendered.err
    html = redline.read_text()
    assert "without a change record" not in html
    assert "No change record" not in html
    assert "Weights security now covers the same misuse." in html

    public = tmp_path / "public"
    assert run_cli("site", "-o", str(public)).code == 0
    for page in [public / "index.html", *public.glob("*/redline.html")]:
        assert "without a change record" not in page.read_text(), page
        assert "No change record" not in page.read_text(), page


def test_an_archived_record_justifies_nothing_after_its_release(
    run_cli: RunCli, repo: GitRepo
) -> None:
    _released_twice(run_cli, repo)
    # A later weakening under the address the archived record covers: the record was already
    # in framework-v2.0.0, so it explains nothing that happened since.
    edit(framework(repo), "categories/cyber.yaml", "must not be deployed", "should not be deployed")
    result = run_cli("diff", "framework-v2.0.0", "-f", "json")
    assert result.code == 1, result.out
    (change,) = [c for c in json.loads(result.out)["changes"] if c["impact"] == "weakening"]
    assert change["justified_by"] is None


def test_archived_records_are_linted_and_their_ids_stay_taken(
    run_cli: RunCli, repo: GitRepo
) -> None:
    _released_twice(run_cli, repo)
    archived = framework(repo) / "changes" / "archive" / "2.0.0" / "drop-monitoring.yaml"
    archived.write_text(RECORD.replace("approved-on: 2026-02-01", "approved-on: soon"))
    (framework(repo) / "changes" / "drop-monitoring.yaml").write_text(RECORD)
    result = run_cli("lint", "-f", "json", "--today", "2026-03-01")
    assert result.code == 1, result.err
    found = {(f["rule"], f["file"], f["line"]) for f in json.loads(result.out)["findings"]}
    assert ("schema", "framework/changes/archive/2.0.0/drop-monitoring.yaml", 8) in found
    assert ("unique-ids", "framework/changes/drop-monitoring.yaml", 1) in found


def test_a_first_release_moves_only_records_not_yet_archived(
    run_cli: RunCli, repo: GitRepo
) -> None:
    """With no release tag (a clone without tags, records archived by hand) every record is
    listed, but one already in the archive stays where it is."""
    repo.git("tag", "-d", "framework-v1.0.0")
    weaken(repo)
    older = framework(repo) / "changes" / "archive" / "0.9.0" / "older.yaml"
    older.parent.mkdir(parents=True)
    older.write_text(RECORD.replace("drop-monitoring", "older"))
    result = run_cli("release", "--date", "2026-03-01")
    assert result.code == 0, result.err
    assert "moved the 1 change record to framework/changes/archive/1.0.0/" in result.out
    assert older.read_text() == RECORD.replace("drop-monitoring", "older")
    archive = framework(repo) / "changes" / "archive"
    assert sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*.yaml")) == [
        "0.9.0/older.yaml",
        "1.0.0/drop-monitoring.yaml",
    ]
    changelog = (framework(repo) / "CHANGELOG.md").read_text()
    assert "Change record `older`" in changelog
    assert "Change record `drop-monitoring`" in changelog
