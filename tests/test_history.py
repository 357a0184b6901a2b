"""``prepctl log``: the semantic history of an address across a real repository's commits.

One repository is built for the module: the minimal framework through some forty commits with
fixed dates, including a change record, a file rename, a move between categories, a merge, a
broken commit and filler edits. Each test reads it and never changes it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import GitRepo, Run
from helpers.frameworks import edit, write_framework

from prepctl.core import address, history
from prepctl.core.diff import Kind
from prepctl.reporters.diff.json_report import change_object

THRESHOLD = "/categories/cyber/thresholds/high"

RECORD = """\
id: drop-monitoring
title: Drop usage monitoring at cyber High
covers:
  - /categories/cyber/thresholds/high
rationale: Weights security now covers the same misuse.
approved-by:
  - safety-board
approved-on: 2026-01-07
"""

CTF = """\
  - id: ctf
    name: Capture the flag
    measures: The share of professional challenges the model solves.
    method: automated
    thresholds:
      - high
    trigger:
      value: 0.4
      unit: fraction of challenges solved
"""


def day(number: int) -> str:
    return (
        f"2026-01-{number:02d}T12:00:00+00:00"
        if number <= 31
        else f"2026-02-{number - 31:02d}T12:00:00+00:00"
    )


class Story:
    """The repository and the commit ids of its chapters."""

    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self.commits: dict[str, str] = {}
        self.day = 0

    def commit(self, name: str) -> str:
        self.day += 1
        self.commits[name] = self.repo.commit(name, day(self.day))
        return self.commits[name]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    path = tmp_path_factory.mktemp("history") / "repo"
    path.mkdir()
    repo = GitRepo(path)
    repo.git("init", "-q", "-b", "main")
    story = Story(repo)
    (path / "README.md").write_text("notes\n")
    story.commit("readme")
    folder = write_framework(path)
    story.commit("framework")
    edit(folder, "categories/cyber.yaml", "automates end-to-end", "automates most end-to-end")
    story.commit("cyber high capability")
    edit(folder, "categories/bio.yaml", "Uplift towards", "Uplift toward")
    story.commit("bio summary")
    edit(folder, "categories/cyber.yaml", "value: 0.5", "value: 0.4")
    story.commit("ctf trigger")
    repo.git("mv", "framework/categories/bio.yaml", "framework/categories/biology.yaml")
    story.commit("rename bio file")
    edit(
        folder,
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    (folder / "changes").mkdir()
    (folder / "changes" / "drop-monitoring.yaml").write_text(RECORD)
    story.commit("drop monitoring")
    cyber = (folder / "categories" / "cyber.yaml").read_text()
    (folder / "categories" / "cyber.yaml").write_text(cyber[: cyber.index("evaluations:")])
    biology = folder / "categories" / "biology.yaml"
    biology.write_text(biology.read_text() + CTF)
    story.commit("move ctf")
    edit(folder, "categories/biology.yaml", "value: 0.4", "value: 0.3")
    story.commit("ctf trigger again")
    (path / "docs").mkdir()
    (path / "docs" / "notes.md").write_text("not the framework\n")
    story.commit("notes")
    repo.git("checkout", "-q", "-b", "side")
    edit(folder, "categories/cyber.yaml", "until verified defenders", "until vetted defenders")
    story.commit("side: response")
    repo.git("checkout", "-q", "main")
    edit(folder, "safeguards/weights-security.yaml", "every year", "every six months")
    story.commit("weights audit")
    story.day += 1
    repo.git("merge", "-q", "--no-ff", "side", "-m", "merge side")
    story.commits["merge"] = repo.git("rev-parse", "HEAD")
    broken = folder / "safeguards" / "usage-monitoring.yaml"
    good = broken.read_text()
    broken.write_text(good + "measures: [\n")
    story.commit("broken")
    broken.write_text(good.replace("every quarter", "every month"))
    story.commit("fixed")
    for number in range(24):
        old, new = "for tests.", "for tests, revised."
        edit(folder, "framework.yaml", *((old, new) if number % 2 == 0 else (new, old)))
        story.commit(f"filler {number}")
    return story


@pytest.fixture
def at_story(story: Story, monkeypatch: pytest.MonkeyPatch) -> Story:
    monkeypatch.chdir(story.repo.path)
    return story


def shas(log: history.Log) -> list[str]:
    return [entry.step.commit for entry in log.entries]


def test_log_of_a_threshold_lists_exactly_the_commits_that_changed_it(at_story: Story) -> None:
    log = history.log(THRESHOLD)
    commits = at_story.commits
    assert shas(log) == [
        commits["merge"],
        commits["drop monitoring"],
        commits["cyber high capability"],
        commits["framework"],
    ]
    merge, drop, wording, created = log.entries
    assert [c.address for c in merge.changes] == [f"{THRESHOLD}/response"]
    assert [(c.kind, c.impact.value) for c in drop.changes] == [(Kind.REMOVED, "weakening")]
    assert drop.changes[0].justified_by == "drop-monitoring"
    (note,) = drop.records
    assert note.rationale == "Weights security now covers the same misuse."
    assert note.approved_by == ("safety-board",)
    assert [c.impact.value for c in wording.changes] == ["needs-review"]
    assert created.step.created
    assert [(c.kind, c.address) for c in created.changes] == [(Kind.ADDED, "/categories/cyber")]
    assert [entry.step.date for entry in log.entries][-1] == day(2)


def test_a_move_is_one_change_and_history_continues_under_the_old_address(
    at_story: Story,
) -> None:
    log = history.log("/categories/bio/evaluations/ctf")
    commits = at_story.commits
    assert shas(log) == [
        commits["ctf trigger again"],
        commits["move ctf"],
        commits["ctf trigger"],
        commits["framework"],
    ]
    moved = log.entries[1]
    assert [(c.kind, c.address, c.base_address) for c in moved.changes] == [
        (Kind.MOVED, "/categories/bio/evaluations/ctf", "/categories/cyber/evaluations/ctf")
    ]
    assert moved.followed == "/categories/cyber/evaluations/ctf"
    assert [entry.address for entry in log.entries] == [
        "/categories/bio/evaluations/ctf",
        "/categories/bio/evaluations/ctf",
        "/categories/cyber/evaluations/ctf",
        "/categories/cyber/evaluations/ctf",
    ]
    # The old address alone has its history up to the move.
    old = history.log("/categories/cyber/evaluations/ctf")
    assert shas(old) == [commits["move ctf"], commits["ctf trigger"], commits["framework"]]


def test_a_file_rename_and_files_outside_the_framework_are_no_change(at_story: Story) -> None:
    walked = shas(history.log(address.ROOT))
    commits = at_story.commits
    for name in ("readme", "rename bio file", "notes", "broken", "side: response"):
        assert commits[name] not in walked, name
    assert walked[-1] == commits["framework"]
    assert walked[:2] == [commits["filler 23"], commits["filler 22"]]
    assert len(walked) == 10 + 24


def test_a_merge_is_compared_with_its_first_parent(at_story: Story) -> None:
    log = history.log("/safeguards/weights-security")
    assert shas(log) == [
        at_story.commits["weights audit"],
        at_story.commits["framework"],
    ]


def test_an_unreadable_commit_is_skipped_with_a_warning_and_bridged(at_story: Story) -> None:
    log = history.log("/safeguards/usage-monitoring/verification")
    short = log.entries[0].step.short
    assert shas(log)[0] == at_story.commits["fixed"]
    assert log.entries[0].step.commit.startswith(short)
    (warning,) = log.warnings
    broken = at_story.commits["broken"]
    assert warning.startswith(f"skipped {broken[: len(short)]}")
    assert "framework/safeguards/usage-monitoring.yaml" in warning


def test_comparing_changed_files_only_agrees_with_whole_documents(at_story: Story) -> None:
    fast = history.timeline(None, partial=True)
    whole = history.timeline(None, partial=False)
    assert [step.commit for step in fast.steps] == [step.commit for step in whole.steps]
    for quick, full in zip(fast.steps, whole.steps, strict=True):
        assert [change_object(c) for c in quick.changes] == [
            change_object(c) for c in full.changes
        ], quick.commit
        assert quick.records == full.records


def _every_commit_compared(where: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The history of an address from a walk that compares every commit."""
    found = []
    current = where
    for step in reversed(history.timeline(None).steps):
        matched = [change for change in step.changes if history.concerns(change, current)]
        if not matched:
            continue
        found.append((step.commit, current, [change_object(change) for change in matched]))
        for change in matched:
            if change.kind is Kind.MOVED and address.is_within(current, change.address):
                assert change.base_address is not None
                current = change.base_address + current[len(change.address) :]
    return found


@pytest.mark.parametrize(
    "where",
    [
        THRESHOLD,
        "/categories/bio/evaluations/ctf",
        "/safeguards/usage-monitoring/verification",
        "/summary",
        "/levels/high",
        "/categories",
        "/categories/bio",
        "/changes/drop-monitoring",
        address.ROOT,
    ],
)
def test_comparing_only_commits_that_touch_the_address_misses_nothing(
    at_story: Story, where: str
) -> None:
    log = history.log(where)
    assert [
        (entry.step.commit, entry.address, [change_object(c) for c in entry.changes])
        for entry in log.entries
    ] == _every_commit_compared(where)


def test_a_range_limits_the_commits(at_story: Story) -> None:
    commits = at_story.commits
    log = history.log(THRESHOLD, revision_range=f"{commits['ctf trigger']}..{commits['fixed']}")
    assert shas(log) == [commits["merge"], commits["drop monitoring"]]
    single = history.log(THRESHOLD, revision_range=commits["cyber high capability"])
    assert shas(single) == [commits["cyber high capability"], commits["framework"]]


def test_a_few_rev_parse_one_git_log_and_one_cat_file_not_one_process_per_commit(
    at_story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    spawned: list[list[str]] = []

    class Counting(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, command: list[str], *args: Any, **kwargs: Any) -> None:
            spawned.append(list(command))
            super().__init__(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Counting)
    log = history.log(address.ROOT)
    assert len(log.entries) > 30
    # The verb follows git's own options (--no-pager, -c NAME=VALUE).
    verbs = sorted(
        next(arg for arg in command[1:] if not arg.startswith("-") and "=" not in arg)
        for command in spawned
    )
    # rev-parse: the repository, its top folder, the commit HEAD names.
    assert verbs == ["cat-file", "log", "rev-parse", "rev-parse", "rev-parse"], spawned


def test_log_does_not_import_gitpython(story: Story) -> None:
    code = (
        "import sys\n"
        "from prepctl.core import history\n"
        "assert len(history.log('').entries) > 30\n"
        "print(sorted(name for name in sys.modules if name == 'git' or name.startswith('git.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=story.repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_a_ref_git_refuses_is_worded_as_everywhere_else(at_story: Story) -> None:
    """A range's refs are resolved as reading one version resolves them, in the same words."""
    from prepctl.core import source_git
    from prepctl.io.git import history as git_history
    from prepctl.io.git import repo as git_repo

    with (
        pytest.raises(git_repo.RefNotFound) as caught,
        git_history.open_history("mian", source_git.LAYOUT),
    ):
        pass
    assert caught.value.suggestion == "main"
    tree = at_story.repo.git("rev-parse", "HEAD^{tree}")
    with pytest.raises(git_repo.GitError, match="it names a tree, not a commit"):
        history.log(THRESHOLD, revision_range=tree)


def test_json_changes_are_shaped_as_in_diff(run_cli: Callable[..., Run], at_story: Story) -> None:
    result = run_cli("log", THRESHOLD, "-f", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["address"] == THRESHOLD
    entries = document["entries"]
    assert [entry["commit"] for entry in entries] == shas(history.log(THRESHOLD))
    drop = entries[1]
    assert drop["date"] == day(7)
    assert drop["author"] == "Test Author"
    (change,) = drop["changes"]
    assert set(change) == set(change_object(history.log(THRESHOLD).entries[1].changes[0]))
    assert change["address"] == f"{THRESHOLD}/safeguards/usage-monitoring"
    assert change["impact"] == "weakening"
    assert change["justified_by"] == "drop-monitoring"
    base, _, place = change["base_location"].partition(":")
    assert at_story.commits["rename bio file"].startswith(base)
    assert place == "framework/categories/cyber.yaml:11:9"
    assert drop["records"][0]["rationale"] == "Weights security now covers the same misuse."


def test_text_report(run_cli: Callable[..., Run], at_story: Story) -> None:
    result = run_cli("log", f"{THRESHOLD}/safeguards", "--color", "never")
    assert result.code == 0, result.err
    created, drop = (e.step.short for e in reversed(history.log(THRESHOLD).entries[1:4:2]))
    assert result.out == (
        f"2026-01-07  {drop}  Test Author\n"
        "  ▼ weakening      removed   /categories/cyber/thresholds/high/safeguards/usage-monitoring\n"
        "                             safeguards no longer includes usage-monitoring (more is stricter)\n"
        "                             justified by drop-monitoring (approved: safety-board on 2026-01-07)\n"
        "                             rationale: Weights security now covers the same misuse.\n"
        f"2026-01-02  {created}  Test Author\n"
        "  ▲ strengthening  added     /categories/cyber\n"
        "                             added to categories (more is stricter)\n"
        "\n"
        "2 commits changed /categories/cyber/thresholds/high/safeguards: 2 changes "
        "(1 weakening, 1 strengthening)\n"
    )


def test_whole_framework_text_condenses_its_creation(
    run_cli: Callable[..., Run], at_story: Story
) -> None:
    result = run_cli("log", "--color", "never")
    assert result.code == 0, result.err
    assert "  + framework created (categories: 2, levels: 2, safeguards: 2)\n" in result.out
    last = result.out.splitlines()[-1]
    assert last.startswith("34 commits changed the framework, created in ")
    assert result.err.startswith("prepctl: warning: skipped ")


def test_an_address_that_never_existed(run_cli: Callable[..., Run], at_story: Story) -> None:
    result = run_cli("log", "/categories/cyber/thresholds/hihg")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "prepctl: no history for /categories/cyber/thresholds/hihg: it is not in the framework "
        "and no commit changed it (did you mean /categories/cyber/thresholds/high?)\n"
    )
    result = run_cli("log", "/categories/nothing-like-it", "-f", "json")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "prepctl: no history for /categories/nothing-like-it: it is not in the framework and "
        "no commit changed it\n"
    )


@pytest.mark.parametrize(
    ("revision_range", "message"),
    [
        (
            "..",
            "prepctl: no commit in the range '..' changed the framework ('..' alone means "
            "HEAD..HEAD, which holds no commits: give A..B, A.. or ..B)\n",
        ),
        ("HEAD..HEAD", "prepctl: no commit in the range 'HEAD..HEAD' changed the framework\n"),
        ("HEAD..", "prepctl: no commit in the range 'HEAD..' changed the framework\n"),
    ],
)
def test_a_range_without_commits_says_so(
    run_cli: Callable[..., Run], at_story: Story, revision_range: str, message: str
) -> None:
    result = run_cli("log", "--range", revision_range)
    assert (result.code, result.out, result.err) == (2, "", message)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--range", "mian..HEAD"], "no such branch, tag or commit (did you mean 'main'?)"),
        (["--range", "HEAD...main"], "symmetric ranges"),
        (["--range", "--all"], "could be read as an option"),
        (["categories/cyber"], "'categories/cyber' is not an address: addresses start with '/'"),
        (["/categories//cyber"], "empty segment"),
        (["/a~b"], "'~' must be written '~0'"),
        (["-f", "yaml"], "unknown format 'yaml'"),
    ],
)
def test_errors_exit_two_without_a_traceback(
    run_cli: Callable[..., Run], at_story: Story, arguments: list[str], message: str
) -> None:
    result = run_cli("log", *arguments)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) <= 4  # click: usage, hint, blank, error


def test_outside_a_repository(
    run_cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_framework(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_cli("log")
    assert result.code == 2
    assert "is not inside a git repository" in result.err


def test_help_says_merges_follow_the_first_parent(run_cli: Callable[..., Run]) -> None:
    result = run_cli("log", "--help")
    assert result.code == 0
    assert "first parent" in " ".join(result.out.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [("/", ""), ("", ""), ("/categories/cyber/", "/categories/cyber"), ("/a~1b", "/a~1b")],
)
def test_parse_address(text: str, expected: str) -> None:
    assert address.parse(text) == expected


def test_log_does_not_need_the_working_tree_framework(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", str(story.repo.path), str(clone)], check=True, capture_output=True
    )
    shutil.rmtree(clone / "framework")
    monkeypatch.chdir(clone)
    assert shas(history.log(THRESHOLD))[0] == story.commits["merge"]


def test_log_from_a_folder_inside_the_repository(
    story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(story.repo.path)
    from_top = shas(history.log(THRESHOLD))
    for inside in ("framework", "framework/categories", "docs"):
        monkeypatch.chdir(story.repo.path / inside)
        assert shas(history.log(THRESHOLD)) == from_top, inside


def test_log_command_runs_as_a_program(story: Story) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "prepctl", "log", THRESHOLD, "-f", "json"],
        cwd=story.repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["entries"]) == 4


# Unusual names and contents git can hold ------------------------------------------------------


def _framework_in(repo: GitRepo, folder: str) -> Path:
    """A small framework in ``folder`` of the repository, committed after an unrelated file, then
    one edit to it committed: two commits that touch the framework."""
    (repo.path / "README").write_text("readme\n")
    repo.commit("readme")
    target = write_framework(repo.path / folder)
    repo.commit("framework")
    edit(target, "framework.yaml", "version: 1.0.0", "version: 1.0.1")
    repo.commit("bump")
    return target


@pytest.mark.parametrize("folder", ["sub/pol icy\nx", "caf\udce9"], ids=["newline", "not-utf-8"])
def test_log_of_a_framework_in_an_oddly_named_folder(
    git_repo: GitRepo, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    try:
        target = _framework_in(git_repo, folder)
    except (UnicodeEncodeError, OSError):
        pytest.skip("the file system cannot hold this name")
    monkeypatch.chdir(target)
    whole = run_cli("log", "-f", "json")
    assert whole.code == 0, whole.err
    assert len(json.loads(whole.out)["entries"]) == 2
    ranged = run_cli("log", "--range", "HEAD~1..HEAD", "-f", "json")
    assert ranged.code == 0, ranged.err
    (entry,) = json.loads(ranged.out)["entries"]
    assert [change["address"] for change in entry["changes"]] == ["/version"]


def test_a_record_separator_in_an_author_or_a_path_is_read_as_text(
    git_repo: GitRepo, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _framework_in(git_repo, "fw")
    (target / "notes\x1e0123456789abcdef0123456789abcdef01234567\x1fx.txt").write_text("n\n")
    git_repo.git("add", "-A")
    git_repo.git("-c", "user.name=Eve\x1eMallory", "commit", "-q", "-m", "notes")
    monkeypatch.chdir(target)
    result = run_cli("log", "-f", "json")
    assert result.code == 0, result.err
    assert len(json.loads(result.out)["entries"]) == 2


def test_a_version_over_the_size_limit_is_skipped_without_being_read_whole(
    git_repo: GitRepo, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _framework_in(git_repo, "fw")
    big = target / "categories" / "big.yaml"
    big.write_bytes(b"# " + b"x" * (17 * 1024 * 1024) + b"\n")
    git_repo.commit("too large")
    big.unlink()
    git_repo.commit("gone again")
    monkeypatch.chdir(target)
    result = run_cli("log", "-f", "json")
    assert result.code == 0, result.err
    assert "over the limit of 16,777,216" in result.err


def test_a_submodule_in_a_collection_folder_is_named_so_whichever_way_it_is_read(
    git_repo: GitRepo, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _framework_in(git_repo, "fw")
    commit = "0123456789abcdef0123456789abcdef01234567"  # not in this repository
    where = "fw/framework/categories/sm.yaml"
    git_repo.git("update-index", "--add", "--cacheinfo", f"160000,{commit},{where}")
    git_repo.git("commit", "-q", "-m", "a submodule")
    edit(target, "framework.yaml", "version: 1.0.1", "version: 1.0.2")
    git_repo.git("commit", "-q", "-am", "bump")
    monkeypatch.chdir(target)
    for arguments in ([], ["--range", "HEAD~1..HEAD"]):
        result = run_cli("log", *arguments)
        assert result.code == 0, result.err
        assert "sm.yaml:1:1: is a submodule, but a YAML file was expected" in result.err, arguments
        assert "missing from the repository" not in result.err


def test_archived_change_records_are_records_in_the_history(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release moves a record to changes/archive/VERSION/: the move is no change, and a record
    committed straight into the archive justifies what its commit changed."""
    folder = write_framework(git_repo.path)
    git_repo.commit("framework", day(1))
    edit(
        folder,
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    (folder / "changes").mkdir()
    (folder / "changes" / "drop-monitoring.yaml").write_text(RECORD)
    recorded = git_repo.commit("drop monitoring", day(2))
    archive = folder / "changes" / "archive" / "2.0.0"
    archive.mkdir(parents=True)
    git_repo.git("mv", "framework/changes/drop-monitoring.yaml", str(archive))
    git_repo.commit("release", day(3))
    edit(folder, "categories/cyber.yaml", "must not be deployed", "should not be deployed")
    (archive / "loosen-response.yaml").write_text(
        RECORD.replace("drop-monitoring", "loosen-response")
    )
    loosened = git_repo.commit("loosen and archive at once", day(4))
    monkeypatch.chdir(git_repo.path)

    fast = history.timeline(None, partial=True)
    whole = history.timeline(None, partial=False)
    assert [step.commit for step in fast.steps] == [step.commit for step in whole.steps]
    for quick, full in zip(fast.steps, whole.steps, strict=True):
        assert [change_object(c) for c in quick.changes] == [change_object(c) for c in full.changes]
        assert quick.records == full.records
    # The release commit moved a record and changed nothing.
    assert [step.commit for step in fast.steps][1:] == [recorded, loosened]
    justified = {
        (step.commit, change.address): change.justified_by
        for step in fast.steps[1:]
        for change in step.changes
    }
    assert justified == {
        (recorded, f"{THRESHOLD}/safeguards/usage-monitoring"): "drop-monitoring",
        (loosened, f"{THRESHOLD}/response"): "loosen-response",
    }
    (note,) = fast.steps[2].records
    assert note.file is not None
    assert note.file.endswith(":framework/changes/archive/2.0.0/loosen-response.yaml")
