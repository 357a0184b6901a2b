"""``prepctl init``: a new framework repository that lints, hooks and checks at once, written
whole or not at all."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from helpers import ROOT, Run

from prepctl import __version__, scaffold
from prepctl.errors import PrepctlError
from prepctl.io import staging as init_command
from prepctl.io import yaml as yamlio

EXPECTED = [
    ".gitattributes",
    ".github/CODEOWNERS",
    ".github/prepctl-requirements.txt",
    ".github/workflows/prepctl.yml",
    ".pre-commit-config.yaml",
    ".prepctl/schemas/category.schema.json",
    ".prepctl/schemas/change-record.schema.json",
    ".prepctl/schemas/framework.schema.json",
    ".prepctl/schemas/safeguard.schema.json",
    "framework/categories/cybersecurity.yaml",
    "framework/changes/.gitkeep",
    "framework/framework.yaml",
    "framework/safeguards/development-halt.yaml",
    "framework/safeguards/misuse-safeguards.yaml",
    "framework/safeguards/weights-security.yaml",
]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def scaffolded(tmp_path: Path, run_cli: Callable[..., Run]) -> Path:
    target = tmp_path / "new-framework"
    result = run_cli("init", str(target))
    assert result.code == 0, result.err
    return target


def test_init_writes_every_file_and_says_what_next(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    target = tmp_path / "new"
    result = run_cli("init", str(target))
    assert result.code == 0
    assert result.err == ""
    assert sorted(tree(target)) == EXPECTED
    assert f"wrote {len(EXPECTED)} files in {target}:\n" in result.out
    assert "  framework/framework.yaml\n" in result.out
    assert "  git init\n" in result.out  # not inside a repository
    assert 'git config diff.prepctl.command "prepctl git-diff-driver"' in result.out


def test_the_scaffold_lints_clean(scaffolded: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("lint", str(scaffolded))
    assert (result.code, result.out) == (0, "no findings in 5 files\n"), result.out + result.err


def test_the_scaffold_stays_clean_for_its_review_interval(
    scaffolded: Path, run_cli: Callable[..., Run]
) -> None:
    later = date.fromordinal(date.today().toordinal() + 364).isoformat()
    result = run_cli("lint", str(scaffolded), "--today", later)
    assert result.code == 0, result.out


def test_the_scaffold_is_in_canonical_layout(scaffolded: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli("fmt", "--check", str(scaffolded / "framework"))
    assert result.code == 0, result.out + result.err


def test_placeholders_are_filled(scaffolded: Path) -> None:
    files = tree(scaffolded)
    assert not [name for name, content in files.items() if b"@@" in content]
    manifest = yamlio.parse(files["framework/framework.yaml"], "framework.yaml").data
    assert manifest["effective"] == date.today().isoformat()
    assert manifest["governance"]["review"]["last-reviewed"] == date.today().isoformat()
    # The version that wrote the scaffold, named where the user pins prepctl (never as a
    # requirement on a name nobody owns on PyPI).
    assert f"written by prepctl {__version__}".encode() in files[".github/prepctl-requirements.txt"]
    assert b"prepctl==" not in files[".github/workflows/prepctl.yml"]


def test_modelines_point_at_the_written_schemas_which_are_prepctl_schema_output(
    scaffolded: Path, run_cli: Callable[..., Run]
) -> None:
    expected = {"categories": "category", "safeguards": "safeguard", "changes": "change-record"}
    yaml_files = sorted((scaffolded / "framework").rglob("*.yaml"))
    assert len(yaml_files) == 5
    for path in yaml_files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        name = expected.get(path.parent.name, "framework")
        assert target == (scaffolded / ".prepctl" / "schemas" / f"{name}.schema.json").resolve()
        printed = run_cli("schema", name)
        assert printed.code == 0
        assert target.read_text(encoding="utf-8") == printed.out
        # What an editor does with the modeline: validate the file against that schema alone.
        schema = json.loads(target.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert not [ref for ref in _refs(schema) if not ref.startswith("#")], "self-contained"
        validator = jsonschema.Draft202012Validator(schema)
        data = yamlio.parse(path.read_bytes(), str(path)).data
        assert list(validator.iter_errors(data)) == []


def test_an_editor_schema_reports_a_broken_file(scaffolded: Path) -> None:
    schema = json.loads((scaffolded / ".prepctl/schemas/category.schema.json").read_text())
    path = scaffolded / "framework/categories/cybersecurity.yaml"
    data = yamlio.parse(path.read_bytes(), str(path)).data
    data["status"] = "trackd"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert [list(e.absolute_path) for e in errors] == [["status"]]


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_the_workflow_is_a_valid_github_workflow(scaffolded: Path) -> None:
    workflow = scaffolded / ".github/workflows/prepctl.yml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_asks_for_the_least_permissions(scaffolded: Path) -> None:
    workflow = yamlio.parse((scaffolded / ".github/workflows/prepctl.yml").read_bytes(), "wf").data
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["lint"]["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }
    assert jobs["diff"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert jobs["publish"]["permissions"] == {"contents": "read"}
    steps = {step.get("name"): step for job in jobs.values() for step in job["steps"]}
    assert "sarif:prepctl-lint.sarif" in steps["Lint"]["run"]
    assert steps["Upload findings to code scanning"]["uses"].startswith(
        "github/codeql-action/upload-sarif@"
    )
    diff_run = steps["Classify the changes against the base branch"]["run"]
    assert 'prepctl diff --against "origin/$GITHUB_BASE_REF"' in diff_run
    assert "-f markdown:prepctl-diff.md" in diff_run
    assert "prepctl render -o site/index.html" in steps["Render the published document"]["run"]


def test_the_pre_commit_config_is_valid_for_pre_commit(scaffolded: Path) -> None:
    pytest.importorskip("pre_commit", reason="PRE-COMMIT IS NOT INSTALLED: pip install -e '.[dev]'")
    config = scaffolded / ".pre-commit-config.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = yamlio.parse(config.read_bytes(), "config").data["repos"][0]["hooks"]
    assert [hook["id"] for hook in hooks] == ["prepctl-lint", "prepctl-fmt-check", "prepctl-diff"]


OLD_PRE_COMMIT = """\
import sys
import pre_commit.constants
pre_commit.constants.VERSION = "3.1.1"  # the last version that refuses stages: [pre-push]
from pre_commit import clientlib
try:
    getattr(clientlib, sys.argv[1])(sys.argv[2])
except (clientlib.InvalidConfigError, clientlib.InvalidManifestError) as exc:
    print(exc)
"""


@pytest.mark.parametrize(
    ("loader", "config"),
    [("load_manifest", ".pre-commit-hooks.yaml"), ("load_config", "scaffold")],
)
def test_pre_commit_before_3_2_is_told_to_upgrade(
    loader: str, config: str, scaffolded: Path
) -> None:
    """pre-commit 3.1 rejects `stages: [pre-push]` with a puzzling message; both files ask for
    the version that understands it, so an older pre-commit says to upgrade instead."""
    pytest.importorskip("pre_commit", reason="PRE-COMMIT IS NOT INSTALLED: pip install -e '.[dev]'")
    path = ROOT / config if config != "scaffold" else scaffolded / ".pre-commit-config.yaml"
    result = subprocess.run(
        [sys.executable, "-c", OLD_PRE_COMMIT, loader, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "pre-commit version 3.2.0 is required but version 3.1.1 is installed" in result.stdout


def test_the_hook_ids_match_the_published_hooks() -> None:
    published = yamlio.parse((ROOT / ".pre-commit-hooks.yaml").read_bytes(), "hooks").data
    by_id = {hook["id"]: hook for hook in published}
    scaffold_config = scaffold.files(today=date.today(), version="0")[".pre-commit-config.yaml"]
    for hook in yamlio.parse(scaffold_config, "config").data["repos"][0]["hooks"]:
        mine = by_id[hook["id"]]
        for key in ("entry", "files", "args", "pass_filenames", "stages"):
            assert hook.get(key) == mine.get(key), (hook["id"], key)


def test_init_in_the_current_folder(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # inside a repository: no `git init` advice
    result = run_cli("init")
    assert result.code == 0, result.err
    assert result.out.startswith(f"wrote {len(EXPECTED)} files in .:\n")
    assert "git init" not in result.out
    assert "  cd " not in result.out
    assert (tmp_path / "framework/framework.yaml").is_file()


def test_conflicts_are_all_listed_and_nothing_is_written(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    target = tmp_path / "existing"
    (target / "framework").mkdir(parents=True)
    (target / "framework/framework.yaml").write_text("mine\n")
    (target / ".pre-commit-config.yaml").write_text("repos: []\n")
    (target / "README.md").write_text("hello\n")
    before = tree(target)
    result = run_cli("init", str(target))
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        f"  {target}/.pre-commit-config.yaml\n"
        f"  {target}/framework/framework.yaml\n"
        "prepctl: 2 files already exist (listed above); nothing was written. "
        "Use --force to overwrite them\n"
    )
    assert tree(target) == before
    assert sorted(p.name for p in target.iterdir()) == [
        ".pre-commit-config.yaml",
        "README.md",
        "framework",
    ]


def test_force_overwrites_the_conflicts_and_keeps_other_files(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    target = tmp_path / "existing"
    (target / "framework").mkdir(parents=True)
    (target / "framework/framework.yaml").write_text("mine\n")
    (target / "README.md").write_text("hello\n")
    result = run_cli("init", str(target), "--force")
    assert result.code == 0, result.err
    assert "  framework/framework.yaml  (overwritten)\n" in result.out
    assert (target / "README.md").read_text() == "hello\n"
    assert (target / "framework/framework.yaml").read_text().startswith("# yaml-language-server:")
    assert run_cli("lint", str(target)).code == 0


def test_init_twice_with_force_gives_the_same_files(
    scaffolded: Path, run_cli: Callable[..., Run]
) -> None:
    first = tree(scaffolded)
    assert run_cli("init", str(scaffolded), "--force").code == 0
    assert tree(scaffolded) == first


@pytest.mark.parametrize("force", [False, True])
def test_a_folder_where_a_file_goes_is_refused(
    tmp_path: Path, run_cli: Callable[..., Run], force: bool
) -> None:
    (tmp_path / ".gitattributes").mkdir()
    result = run_cli("init", str(tmp_path), *(["--force"] if force else []))
    assert result.code == 2
    assert result.err == (
        f"prepctl: {tmp_path}/.gitattributes: is a folder, but the scaffold writes a file there\n"
    )
    assert tree(tmp_path) == {}


def test_a_file_where_a_folder_goes_is_refused(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    (tmp_path / ".github").write_text("not a folder\n")
    result = run_cli("init", str(tmp_path), "--force")
    assert result.code == 2
    assert (
        result.err
        == f"prepctl: {tmp_path}/.github: is a file, but the scaffold needs a folder there\n"
    )
    assert tree(tmp_path) == {".github": b"not a folder\n"}


def test_a_symbolic_link_is_never_written_through(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    target = tmp_path / "repo"
    target.mkdir()
    (target / ".gitattributes").symlink_to(outside)
    result = run_cli("init", str(target), "--force")
    assert result.code == 2
    assert "is a symbolic link" in result.err
    assert outside.read_text() == "precious\n"
    assert [p.name for p in target.iterdir()] == [".gitattributes"]


def test_dir_that_is_a_file_is_refused(tmp_path: Path, run_cli: Callable[..., Run]) -> None:
    (tmp_path / "file").write_text("x\n")
    result = run_cli("init", str(tmp_path / "file"))
    assert (result.code, result.err) == (
        2,
        f"prepctl: {tmp_path}/file: exists and is not a folder\n",
    )


def test_a_failed_write_leaves_the_folder_as_it_was(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "repo"
    target.mkdir()
    (target / ".pre-commit-config.yaml").write_text("repos: []\n")
    before = tree(target)
    real = init_command.write_atomic
    calls: list[Path] = []

    def failing(path: Path, content: str | bytes) -> None:
        calls.append(path)
        if len(calls) == 9:
            raise PrepctlError(f"cannot write {path}: No space left on device")
        real(path, content)

    monkeypatch.setattr(init_command, "write_atomic", failing)
    result = run_cli("init", str(target), "--force")
    assert result.code == 2
    assert "No space left on device" in result.err
    assert tree(target) == before
    assert sorted(p.name for p in target.rglob("*")) == [".pre-commit-config.yaml"]


def test_the_wheel_carries_the_scaffold_dotfiles_included(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    template = ROOT / "prepctl" / "scaffold" / "template"
    for path in template.rglob("*"):
        if path.is_file():
            assert f"prepctl/scaffold/template/{path.relative_to(template).as_posix()}" in names


def test_a_record_written_in_a_scaffold_points_editors_at_its_schema(
    scaffolded: Path, run_cli: Callable[..., Run]
) -> None:
    result = run_cli(
        "record",
        "--framework",
        str(scaffolded / "framework"),
        "--id",
        "2026-12-first",
        "--title",
        "First change",
        "--covers",
        "/version",
        "--rationale",
        "A first release.",
        "--approved-by",
        "preparedness-team",
    )
    assert result.code == 0, result.err
    (written,) = (scaffolded / "framework" / "changes").glob("2026-12-first.yaml")
    first = written.read_text().splitlines()[0]
    assert first == (
        "# yaml-language-server: $schema=../../.prepctl/schemas/change-record.schema.json"
    )
    assert (written.parent / first.partition("$schema=")[2]).is_file()


# -- killed mid-way ---------------------------------------------------------------------------

STAGING = r"\.prepctl-init\.[a-z0-9_]{8}"


def _init_process(target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "prepctl", "init", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _killed_runs(target: Path, prepare: Callable[[], None]) -> Iterator[None]:
    """Run ``prepctl init TARGET`` again and again, each time killed with SIGKILL a little later
    (from well before its first write to after its end), yielding after each kill."""
    prepare()
    started = time.monotonic()
    _init_process(target).wait()
    whole = time.monotonic() - started
    for step in range(14):
        shutil.rmtree(target.parent)
        target.parent.mkdir()
        prepare()
        process = _init_process(target)
        time.sleep(whole * (0.45 + 0.05 * step))
        process.kill()
        process.wait()
        yield


def test_init_killed_in_a_new_folder_leaves_the_whole_scaffold_or_none(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    target = tmp_path / "parent" / "repo"
    target.parent.mkdir()
    reference = tmp_path / "reference"
    assert run_cli("init", str(reference)).code == 0
    outcomes = set()
    for _ in _killed_runs(target, lambda: None):
        others = [p.name for p in target.parent.iterdir() if p != target]
        assert all(re.fullmatch(r"\.repo" + STAGING, name) for name in others), others
        outcomes.add(target.exists())
        if target.exists():
            assert tree(target) == tree(reference)
        else:
            assert run_cli("init", str(target)).code == 0  # and the leftovers go
            assert [p.name for p in target.parent.iterdir()] == ["repo"]
            assert tree(target) == tree(reference)
    assert False in outcomes  # some runs were killed before they were done


def test_init_killed_in_an_existing_folder_is_finished_or_undone_by_the_next_run(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    target = tmp_path / "parent" / "repo"
    target.parent.mkdir()
    reference = tmp_path / "reference"
    assert run_cli("init", str(reference)).code == 0
    complete = {**tree(reference), "notes.txt": b"mine\n"}

    def prepare() -> None:
        target.mkdir()
        (target / "notes.txt").write_text("mine\n")

    for _ in _killed_runs(target, prepare):
        staged = [p for p in target.iterdir() if re.fullmatch(STAGING, p.name)]
        visible = {k: v for k, v in tree(target).items() if not re.match(STAGING, k)}
        partial = visible not in ({"notes.txt": b"mine\n"}, complete)
        if partial:  # killed while moving files: the complete staging folder is still there
            assert [(s / ".prepctl-init").read_bytes() for s in staged] == [b"complete\n"]
        result = run_cli("init", str(target))
        assert result.code in (0, 2), result.err
        assert tree(target) == complete  # finished, or written anew (exit 0), or already whole
        assert sorted(p.name for p in target.iterdir()) == sorted(
            {name.split("/")[0] for name in complete}
        )


def test_an_interrupted_init_takes_back_what_it_moved(
    tmp_path: Path, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "repo"
    target.mkdir()
    (target / ".gitattributes").write_text("* text=auto\n")
    before = tree(target)
    real = os.replace
    calls: list[str] = []

    def interrupted(source: str | Path, destination: str | Path) -> None:
        if ".prepctl-init." not in str(destination):  # a move from staging into place
            calls.append(str(destination))
            if len(calls) == 5:
                raise KeyboardInterrupt
        real(source, destination)

    monkeypatch.setattr(init_command.os, "replace", interrupted)
    result = run_cli("init", str(target), "--force")
    assert result.code == 130
    assert result.err.strip() == "prepctl: interrupted"
    assert len(calls) > 5  # the five moves, then the restore of .gitattributes
    assert tree(target) == before
    assert sorted(p.name for p in target.iterdir()) == [".gitattributes"]
