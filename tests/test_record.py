"""``prepctl record``: change records written for the author, checked, never overwritten."""

from __future__ import annotations

import datetime
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import GitRepo
from helpers.frameworks import edit, write_framework

from prepctl.core import changes, validate
from prepctl.io import yaml as yamlio

BASIC = [
    "record",
    "--id",
    "2026-11-bio-monitoring",
    "--title",
    "Drop monitoring from bio High",
    "--covers",
    "/categories/bio/thresholds/high/safeguards/usage-monitoring",
    "--rationale",
    "Replaced by classifiers: they catch the same misuse sooner.",
    "--approved-by",
    "safety-board",
    "--approved-by",
    "leadership",
    "--approved-on",
    "2026-11-02",
    "--effective",
    "2026-12-01",
]


@pytest.fixture
def framework(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_framework(tmp_path)
    monkeypatch.chdir(tmp_path)
    return folder


def test_writes_a_valid_record(run_cli: Any, framework: Path) -> None:
    result = run_cli(*BASIC)
    assert result.code == 0, result.err
    target = framework / "changes" / "2026-11-bio-monitoring.yaml"
    assert result.out == f"wrote {target} (covers 1 address)\n"
    assert target.read_text() == (
        "id: 2026-11-bio-monitoring\n"
        "title: Drop monitoring from bio High\n"
        "covers:\n"
        "  - /categories/bio/thresholds/high/safeguards/usage-monitoring\n"
        "rationale: >-\n"
        "  Replaced by classifiers: they catch the same misuse sooner.\n"
        "approved-by:\n"
        "  - safety-board\n"
        "  - leadership\n"
        "approved-on: 2026-11-02\n"
        "effective: 2026-12-01\n"
    )
    data = yamlio.parse(target.read_bytes(), str(target)).data
    assert validate.is_valid("change-record", data)
    assert run_cli("lint", str(framework)).out.count("changes/2026-11") == 0


def test_approved_on_defaults_to_today(run_cli: Any, framework: Path) -> None:
    args = [a for a in BASIC if a not in ("--approved-on", "2026-11-02")]
    assert run_cli(*args).code == 0
    text = (framework / "changes" / "2026-11-bio-monitoring.yaml").read_text()
    assert f"approved-on: {datetime.date.today().isoformat()}\n" in text


def test_never_overwrites(run_cli: Any, framework: Path) -> None:
    assert run_cli(*BASIC).code == 0
    target = framework / "changes" / "2026-11-bio-monitoring.yaml"
    before = target.read_bytes()
    result = run_cli(*[a if a != "leadership" else "safety-board" for a in BASIC])
    assert result.code == 2
    assert result.err == (
        f"prepctl: {target} already exists; choose another --id or edit that record\n"
    )
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("leadership", "leadershp"),
            "prepctl: --approved-by: 'leadershp' is not in "
            "/governance/bodies; did you mean 'leadership'?\n",
        ),
        (
            ("leadership", "nobody-at-all"),
            "prepctl: --approved-by: 'nobody-at-all' is not in "
            "/governance/bodies (known: safety-board, leadership)\n",
        ),
        (
            ("2026-11-bio-monitoring", "Bio_Monitoring"),
            "prepctl: --id: must be a lower-case "
            "kebab-case id: letters, digits and single hyphens, such as 'weights-security' or "
            "'asl-3', got 'Bio_Monitoring'\n",
        ),
        (
            ("2026-11-02", "2026-13-02"),
            "prepctl: --approved-on: must be a calendar date written "
            "as YYYY-MM-DD, got '2026-13-02'\n",
        ),
        (
            ("2026-11-02", "2026-02-30"),
            "prepctl: --approved-on: must be a calendar date written "
            "as YYYY-MM-DD, got '2026-02-30' (February 2026 has 28 days)\n",
        ),
        (
            ("2026-12-01", "2027-02-29"),
            "prepctl: --effective: must be a calendar date written "
            "as YYYY-MM-DD, got '2027-02-29' (February 2027 has 28 days)\n",
        ),
        (
            ("/categories/bio/thresholds/high/safeguards/usage-monitoring", "categories/bio"),
            "prepctl: --covers: ",
        ),
        (("Drop monitoring from bio High", ""), "prepctl: --title: must not be empty\n"),
    ],
)
def test_refuses_invalid_records(
    run_cli: Any, framework: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    result = run_cli(*[new if a == old else a for a in BASIC])
    assert result.code == 2
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1
    assert not (framework / "changes").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--against", "main"], "--against only applies with --from-diff"),
    ],
)
def test_usage_errors(run_cli: Any, framework: Path, args: list[str], message: str) -> None:
    result = run_cli(*BASIC, *args)
    assert result.code == 2
    assert message in result.err


def test_covers_or_from_diff_is_required(run_cli: Any, framework: Path) -> None:
    args = [a for a in BASIC if a not in ("--covers", BASIC[BASIC.index("--covers") + 1])]
    result = run_cli(*args)
    assert result.code == 2
    assert "name what the record covers: --covers ADDRESS or --from-diff" in result.err


def test_from_diff_covers_each_unjustified_weakening(
    run_cli: Any, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_framework(git_repo.path)
    git_repo.commit("first")
    edit(folder, "categories/cyber.yaml", "      - weights-security\n", "")
    edit(folder, "categories/cyber.yaml", "value: 0.5", "value: 0.7")
    edit(folder, "framework.yaml", "name: Test Framework", "name: The Test Framework")
    monkeypatch.chdir(git_repo.path)
    assert run_cli("diff").code == 1
    result = run_cli(
        "record", "--id", "2026-02-cyber", "--title", "Relax cyber", "--from-diff",
        "--rationale", "Evidence shows the old trigger fired on noise.",
        "--approved-by", "leadership", "--approved-on", "2026-02-01",
    )  # fmt: skip
    assert result.code == 0, result.err
    text = (folder / "changes" / "2026-02-cyber.yaml").read_text()
    assert "covers:\n  - /categories/cyber/evaluations/ctf/trigger/value\n" in text
    assert "  - /categories/cyber/thresholds/high/safeguards/weights-security\n" in text
    assert "/name" not in text  # editorial: nothing to justify
    # The removed safeguard is not in the working tree, but it is in the base: no note about
    # a record prepctl wrote itself.
    assert result.err == ""
    assert run_cli("diff").code == 0
    again = run_cli(
        "record", "--id", "2026-02-more", "--title", "More", "--from-diff", "--against", "HEAD",
        "--rationale", "Nothing.", "--approved-by", "leadership",
    )  # fmt: skip
    assert again.code == 2
    assert again.err == (
        "prepctl: nothing to record: no weakening between HEAD:framework and framework "
        "lacks a change record\n"
    )


@pytest.mark.parametrize(
    "data",
    [
        {"id": "2026", "title": "true", "covers": ["/a"], "rationale": "x: y # z"},
        {"id": "0x1f", "title": "- dash", "covers": ["/a/b"], "rationale": "  padded  "},
        {"id": "a", "title": 'say "hi"', "covers": ["/a"], "rationale": "line one\nline two"},
        {"id": "a", "title": "null", "covers": ["/a"], "rationale": "word " * 60 + "end"},
        {"id": "a", "title": "Zürich: ünïcode", "covers": ["/a"], "rationale": "tab\there"},
    ],
)
def test_rendered_records_read_back_exactly(data: dict[str, Any]) -> None:
    full = {**data, "approved-by": ["b"], "approved-on": "2026-01-01"}
    text = changes.render(full)
    assert yamlio.parse(text.encode(), "x").data == full
    assert all(len(line) <= 100 for line in text.splitlines())


def test_minimal_covers() -> None:
    assert changes.minimal_covers(["/a/b", "/a", "/c/#2/d", "/c/x", "/a/b/c", "/#1"]) == [
        "/a",
        "/c",
    ]


AWKWARD_TEXTS = [
    "Semi; colon",
    "Key: value",
    "# not a comment",
    "Trailing # hash",
    "yes",
    "null",
    "12:30",
    "1e3",
    "- dash",
    "[bracket] and {brace}",
    "100% & more!",
    "@mention `tick` *star*",
    'it\'s "quoted"',
    "Zürich, ünïcode — dash",
    "ends with colon:",
    "  padded  ",
]


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_a_written_record_is_already_in_the_canonical_layout(
    run_cli: Any, framework: Path, text: str
) -> None:
    """What `record` writes passes `fmt --check` (the pre-commit hook) as it is, and reads back
    as exactly what was given."""
    args = [text if a == "Drop monitoring from bio High" else a for a in BASIC]
    args = [f"Why: {text}" if a.startswith("Replaced by classifiers") else a for a in args]
    result = run_cli(*args)
    assert result.code == 0, result.err
    target = framework / "changes" / "2026-11-bio-monitoring.yaml"
    data = yamlio.parse(target.read_bytes(), str(target)).data
    assert (data["title"], data["rationale"]) == (text, f"Why: {text}")
    check = run_cli("fmt", "--check", str(target))
    assert check.code == 0, check.out + check.err


@pytest.mark.parametrize("rationale", [" ", "   ", "\t", " \n "])
def test_a_blank_rationale_is_refused(run_cli: Any, framework: Path, rationale: str) -> None:
    args = [rationale if a.startswith("Replaced by classifiers") else a for a in BASIC]
    result = run_cli(*args)
    assert result.code == 2
    assert result.err == "prepctl: --rationale: must not be blank\n"
    assert not (framework / "changes").exists()


def test_the_schema_refuses_a_blank_rationale_written_by_hand(
    run_cli: Any, framework: Path
) -> None:
    assert run_cli(*BASIC).code == 0
    target = framework / "changes" / "2026-11-bio-monitoring.yaml"
    text = target.read_text()
    start = text.index("rationale:")
    end = text.index("approved-by:")
    target.write_text(text[:start] + 'rationale: "  "\n' + text[end:])
    result = run_cli("lint", str(framework), "-f", "json")
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert [(f["rule"], f["address"], f["line"]) for f in findings if f["rule"] == "schema"] == [
        ("schema", "/changes/2026-11-bio-monitoring/rationale", 5)
    ]


def test_a_covered_address_in_neither_version_is_refused_with_a_suggestion(
    run_cli: Any, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_framework(git_repo.path)
    git_repo.commit("first")
    monkeypatch.chdir(git_repo.path)
    args = [
        "/categories/cybr/thresholds/high" if a.startswith("/categories/bio/thresholds") else a
        for a in BASIC
    ]
    result = run_cli(*args)
    assert result.code == 2
    assert result.err == (
        "prepctl: --covers: /categories/cybr/thresholds/high is in neither HEAD:framework nor "
        "framework (did you mean /categories/cyber/thresholds/high?)\n"
    )
    assert not (folder / "changes").exists()


def test_a_covered_address_only_the_base_has_is_a_removal_and_accepted(
    run_cli: Any, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_framework(git_repo.path)
    git_repo.commit("first")
    edit(folder, "categories/bio.yaml", "      - usage-monitoring\n", "")
    monkeypatch.chdir(git_repo.path)
    result = run_cli(*BASIC)
    assert result.code == 0, result.err
    assert result.err == ""
    assert run_cli("diff").code == 0


def test_outside_git_covered_addresses_are_checked_in_the_working_tree(
    run_cli: Any, framework: Path
) -> None:
    args = ["/safeguards/usage-monitorin" if a.startswith("/categories/bio") else a for a in BASIC]
    result = run_cli(*args)
    assert result.code == 2
    assert result.err == (
        "prepctl: --covers: /safeguards/usage-monitorin is not in framework (did you mean "
        "/safeguards/usage-monitoring?)\n"
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--id", "x\n", "prepctl: --id: must be a lower-case kebab-case id"),
        ("--id", "abc\n", "prepctl: --id: must be a lower-case kebab-case id"),
        ("--id", "\udcff", "prepctl: --id: not UTF-8 text (byte 0xff at character 1)"),
        ("--title", "T\udcff", "prepctl: --title: not UTF-8 text (byte 0xff at character 2)"),
        ("--rationale", "\udcc3x", "prepctl: --rationale: not UTF-8 text (byte 0xc3 at"),
    ],
)
def test_unusable_text_is_one_line_and_nothing_is_written(
    run_cli: Any, framework: Path, option: str, value: str, message: str
) -> None:
    args = list(BASIC)
    args[args.index(option) + 1] = value
    result = run_cli(*args)
    assert result.code == 2, result.err
    assert result.err.startswith(message), result.err
    assert result.err.count("\n") == 1
    assert not (framework / "changes").exists()


def _changes_a_file(changes_folder: Path) -> None:
    changes_folder.write_text("not a folder\n")


def _changes_a_dangling_link(changes_folder: Path) -> None:
    changes_folder.symlink_to(changes_folder.parent / "nowhere")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_changes_a_file, "is not a folder"),
        (_changes_a_dangling_link, "is a symbolic link to nothing"),
    ],
)
def test_a_changes_folder_that_is_not_a_folder_is_one_line(
    run_cli: Any, framework: Path, make: Any, message: str
) -> None:
    changes_folder = framework / "changes"
    make(changes_folder)
    result = run_cli(*BASIC)
    assert result.code == 2, result.err
    assert result.err.startswith(f"prepctl: {changes_folder} {message}"), result.err
    assert result.err.count("\n") == 1


def test_a_read_only_framework_is_one_line(framework: Path) -> None:
    """The framework folder on a read-only file system (root ignores permissions, so a
    read-only bind mount in a private mount namespace stands in for one)."""
    record = [sys.executable, "-m", "prepctl", *BASIC]
    if os.geteuid() != 0:
        framework.chmod(0o555)
        command = record
    else:
        unshare = shutil.which("unshare")
        if unshare is None:
            pytest.skip("needs unshare(1) to make a read-only folder for root")
        where = shlex.quote(str(framework))
        command = [
            unshare, "--mount", "--map-root-user", "sh", "-c",
            f"mount --bind {where} {where} && mount -o remount,bind,ro {where} && "
            'exec "$@"', "sh", *record,
        ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        framework.chmod(0o755)
    if "mount" in result.stderr and "prepctl" not in result.stderr:
        pytest.skip(f"cannot make a read-only mount here: {result.stderr.strip()}")
    assert result.returncode == 2, result.stderr
    problem = "Read-only file system" if os.geteuid() == 0 else "Permission denied"
    assert result.stderr == f"prepctl: cannot create {framework / 'changes'}: {problem}\n"
    assert not (framework / "changes").exists()


def test_an_id_an_archived_record_holds_is_taken(run_cli: Any, framework: Path) -> None:
    """Records are named by id wherever they live: a release's archive keeps its ids."""
    archived = framework / "changes" / "archive" / "1.0.0" / "2026-11-bio-monitoring.yaml"
    archived.parent.mkdir(parents=True)
    assert run_cli(*BASIC).code == 0
    (framework / "changes" / "2026-11-bio-monitoring.yaml").rename(archived)
    result = run_cli(*BASIC)
    assert result.code == 2
    assert result.err == (
        "prepctl: --id: change record '2026-11-bio-monitoring' already exists in "
        "framework/changes/archive/1.0.0/2026-11-bio-monitoring.yaml; choose another --id\n"
    )
    assert not (framework / "changes" / "2026-11-bio-monitoring.yaml").exists()
