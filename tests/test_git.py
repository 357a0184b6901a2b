"""Reading versions from git objects: refs, REF:PATH, errors, and the working tree untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import GIT_ENV, GitRepo
from helpers.frameworks import MINIMAL, edit, write_framework

from prepctl.core import document, release, source, source_git
from prepctl.errors import InputError, PrepctlError
from prepctl.io import yaml as yamlio
from prepctl.io import yaml_pieces
from prepctl.io.git import repo as git_repo


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    """Two commits: the minimal framework, then a relaxed trigger. Tagged v1 (annotated) and
    v2 (lightweight)."""
    folder = write_framework(git_repo.path)
    git_repo.commit("first")
    git_repo.git("tag", "-a", "v1", "-m", "first release")
    edit(folder, "categories/cyber.yaml", "value: 0.5", "value: 0.7")
    git_repo.commit("second")
    git_repo.git("tag", "v2")
    return git_repo


def read(repo: GitRepo, argument: str) -> source_git.GitSnapshot:
    return source_git.read_snapshot(argument, cwd=repo.path)


def _cyber(snapshot: source.Snapshot) -> bytes:
    return snapshot.files["categories/cyber.yaml"]


def test_reads_refs_of_every_kind(repo: GitRepo) -> None:
    first = repo.git("rev-parse", "HEAD~1")
    for argument in ("HEAD~1", "v1", first, first[:10], "main~1"):
        snapshot = read(repo, argument)
        assert b"value: 0.5" in _cyber(snapshot), argument
        assert snapshot.commit == first
    for argument in ("main", "HEAD", "v2"):
        assert b"value: 0.7" in _cyber(read(repo, argument)), argument


def test_reads_only_framework_files(repo: GitRepo) -> None:
    (repo.path / "framework" / "notes.txt").write_text("not yaml")
    (repo.path / "framework" / "categories" / "README.md").write_text("not yaml")
    repo.commit("extra files")
    assert sorted(read(repo, "HEAD").files) == sorted(MINIMAL)


def test_locations_name_the_ref(repo: GitRepo) -> None:
    snapshot = read(repo, "main")
    assert snapshot.label == "main:framework"
    doc = document.load(snapshot)
    assert (
        str(doc.location("/categories/cyber/status")) == "main:framework/categories/cyber.yaml:3:9"
    )


def test_working_tree_and_index_are_untouched(repo: GitRepo) -> None:
    cyber = repo.path / "framework" / "categories" / "cyber.yaml"
    cyber.write_text(cyber.read_text() + "# unstaged edit\n")
    staged = repo.path / "framework" / "safeguards" / "new.yaml"
    staged.write_text("id: new\n")
    repo.git("add", str(staged))
    status = repo.git("status", "--porcelain")
    index = (repo.path / ".git" / "index").read_bytes()
    read(repo, "HEAD~1")
    read(repo, "main")
    assert repo.git("status", "--porcelain") == status
    assert (repo.path / ".git" / "index").read_bytes() == index
    assert cyber.read_text().endswith("# unstaged edit\n")


def test_ref_and_path(git_repo: GitRepo) -> None:
    write_framework(git_repo.path / "policy" / "current")
    git_repo.commit("framework in a subfolder")
    snapshot = source_git.read_snapshot("HEAD:policy/current/framework/", cwd=git_repo.path)
    assert snapshot.label == "HEAD:policy/current/framework"
    assert sorted(snapshot.files) == sorted(MINIMAL)
    assert snapshot.display("framework.yaml") == "HEAD:policy/current/framework/framework.yaml"


def test_bare_ref_uses_the_working_tree_framework_folder(git_repo: GitRepo) -> None:
    write_framework(git_repo.path / "policy")
    git_repo.commit("framework under policy/")
    inside = git_repo.path / "policy" / "framework" / "categories"
    assert source_git.read_snapshot("HEAD", cwd=inside).label == "HEAD:policy/framework"
    # From the repository root no framework is found in the working tree: framework/ is tried.
    with pytest.raises(PrepctlError, match=r"no folder 'framework' there"):
        source_git.read_snapshot("HEAD", cwd=git_repo.path)


def test_framework_at_the_repository_root(git_repo: GitRepo) -> None:
    for relative, text in MINIMAL.items():
        (git_repo.path / relative).parent.mkdir(parents=True, exist_ok=True)
        (git_repo.path / relative).write_text(text)
    git_repo.commit("framework at the root")
    snapshot = source_git.read_snapshot("HEAD", cwd=git_repo.path)
    assert snapshot.label == "HEAD:."
    assert snapshot.display("framework.yaml") == "HEAD:framework.yaml"
    assert sorted(snapshot.files) == sorted(MINIMAL)


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (
            "mian",
            "cannot read framework at ref 'mian': no such branch, tag or commit "
            "(did you mean 'main'?)",
        ),
        ("zzzzzz", "cannot read framework at ref 'zzzzzz': no such branch, tag or commit"),
        ("HEAD~5", "cannot read framework at ref 'HEAD~5': no such branch, tag or commit"),
        ("main:nope", "cannot read framework at ref 'main': no folder 'nope' there"),
        (
            "main:framework/framework.yaml",
            "cannot read framework at ref 'main': 'framework/framework.yaml' is a file, not a "
            "folder",
        ),
        ("main:framework/categories", "main:framework/categories: not a framework folder"),
        ("main:../x", "'main:../x': PATH must lie inside the repository"),
        (":framework", "':framework' names no ref before ':'"),
        (
            "-x",
            "refusing to read ref '-x': a name beginning with '-' could be read as an option",
        ),
        (
            "--output=/tmp/x",
            "refusing to read ref '--output=/tmp/x': a name beginning with '-' could be read",
        ),
    ],
)
def test_unreadable_refs(repo: GitRepo, argument: str, message: str) -> None:
    with pytest.raises(PrepctlError) as raised:
        read(repo, argument)
    assert raised.value.message.startswith(message)


def test_ref_before_the_framework_existed(git_repo: GitRepo) -> None:
    (git_repo.path / "README.md").write_text("hello\n")
    git_repo.commit("no framework yet")
    write_framework(git_repo.path)
    git_repo.commit("framework")
    with pytest.raises(PrepctlError, match=r"^cannot read framework at ref 'HEAD~1': no folder"):
        source_git.read_snapshot("HEAD~1", cwd=git_repo.path)


def test_shallow_clone_lacking_the_base(repo: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    env = {**os.environ, **GIT_ENV}
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
        check=True,
        env=env,
        capture_output=True,
    )
    assert b"value: 0.7" in _cyber(source_git.read_snapshot("HEAD", cwd=clone))
    with pytest.raises(PrepctlError) as raised:
        source_git.read_snapshot("HEAD~1", cwd=clone)
    assert raised.value.message == (
        "cannot read framework at ref 'HEAD~1': the clone is shallow; fetch more history "
        "(git fetch --unshallow)"
    )
    with pytest.raises(PrepctlError) as raised:
        source_git.read_snapshot("v1", cwd=clone)
    assert raised.value.message == (
        "cannot read framework at ref 'v1': no such branch, tag or commit here; the clone is "
        "shallow; fetch more history (git fetch --unshallow)"
    )


def test_unborn_head(git_repo: GitRepo) -> None:
    write_framework(git_repo.path)
    with pytest.raises(PrepctlError) as raised:
        source_git.read_snapshot("HEAD", cwd=git_repo.path)
    assert raised.value.message == (
        "cannot read framework at ref 'HEAD': the repository has no commits yet"
    )


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(git_repo.NotARepository) as raised:
        source_git.read_snapshot("main", cwd=tmp_path)
    assert raised.value.message == (
        f"cannot read framework at ref 'main': {tmp_path} is not inside a git repository"
    )


def test_symbolic_links_are_not_followed(repo: GitRepo) -> None:
    link = repo.path / "framework" / "categories" / "link.yaml"
    link.symlink_to("../../../outside.yaml")
    repo.commit("a link")
    with pytest.raises(InputError, match=r"link\.yaml:1:1: is a symbolic link"):
        read(repo, "HEAD")


def test_parse_cache_parses_each_blob_once(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    parse = yamlio.parse

    def counting(raw: bytes, name: str) -> yamlio.YamlFile:
        calls.append(name)
        return parse(raw, name)

    monkeypatch.setattr(yaml_pieces, "_PARSED", {})
    monkeypatch.setattr(yaml_pieces.yamlio, "parse", counting)
    for argument in ("HEAD~1", "HEAD", "v2", "HEAD~1"):
        document.load(read(repo, argument), parse=yaml_pieces.parse_cached)
    document.load(source.read_directory(repo.path / "framework"), parse=yaml_pieces.parse_cached)
    # Five distinct blobs in the first version, one more (cyber.yaml) in the second.
    assert len(calls) == len(MINIMAL) + 1
    manifest = (repo.path / "framework" / "framework.yaml").read_bytes()
    assert git_repo.blob_sha(manifest) == repo.git("rev-parse", "HEAD:framework/framework.yaml")


# Through the command line -------------------------------------------------------------------


def test_diff_between_refs(run_cli: Any, repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.path)
    result = run_cli("diff", "HEAD~1", "main")
    assert result.code == 1
    assert result.out == (
        "Cybersecurity\n"
        "  ▼ weakening      modified  /categories/cyber/evaluations/ctf/trigger/value\n"
        "                             value raised 0.5 → 0.7 (lower is stricter)\n"
        "                             at main:framework/categories/cyber.yaml:22:14\n"
        "                             NOT JUSTIFIED: no change record covers this address\n"
        "\n"
        "MATERIAL MODIFICATION: 1 weakening (a weakened or removed commitment)\n"
        "  /categories/cyber/evaluations/ctf/trigger/value: no justification recorded\n"
        "\n"
        "1 change between HEAD~1:framework and main:framework: 1 weakening (1 unjustified)"
        " · exit 1 (--fail-on unjustified)\n"
    )
    assert run_cli("diff", "v2", "main").code == 0


def test_diff_defaults_to_head_against_the_working_tree(
    run_cli: Any, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.path / "framework" / "categories")
    assert run_cli("diff").out.startswith("no changes between HEAD:framework and ")
    edit(repo.path / "framework", "categories/bio.yaml", "status: tracked", "status: research")
    result = run_cli("diff", "-f", "json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["base"] == {"label": "HEAD:framework", "revision": repo.git("rev-parse", "HEAD")}
    assert report["head"]["revision"] is None
    assert [c["address"] for c in report["changes"]] == ["/categories/bio/status"]
    result = run_cli("diff", "--against", "HEAD~1", "-f", "json")
    assert len(json.loads(result.out)["changes"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["diff", "mian"],
            "prepctl: cannot read framework at ref 'mian': no such branch, tag or "
            "commit (did you mean 'main'?)\n",
        ),
        (
            ["diff", "--", "-x"],
            "prepctl: refusing to read ref '-x': a name beginning with '-' "
            "could be read as an option\n",
        ),
        (["diff", "--against", "-x"], "prepctl: refusing to read ref '-x'"),
        (
            ["lint", "mian"],
            "prepctl: 'mian' is not a framework folder or file (did you mean the "
            "git ref 'main'?)\n",
        ),
    ],
)
def test_git_errors_are_one_line_and_exit_two(
    run_cli: Any, repo: GitRepo, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(repo.path)
    result = run_cli(*args)
    assert result.code == 2
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1
    assert result.out == ""


def test_shallow_clone_through_the_command_line(
    run_cli: Any, repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
        check=True,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
    )
    monkeypatch.chdir(clone)
    result = run_cli("diff", "--against", "HEAD~1")
    assert result.code == 2
    assert result.err == (
        "prepctl: cannot read framework at ref 'HEAD~1': the clone is shallow; fetch more "
        "history (git fetch --unshallow)\n"
    )


def test_lint_reads_a_ref(run_cli: Any, repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo.path / "framework", "framework.yaml", "version: 1.0.0", "version: one")
    repo.commit("broken version")
    edit(repo.path / "framework", "framework.yaml", "version: one", "version: 1.0.0")
    monkeypatch.chdir(repo.path)
    result = run_cli("lint", "HEAD")
    assert result.code == 1
    assert "HEAD:framework/framework.yaml:4:10: error[schema] /version" in result.out


def test_lint_of_a_folder_never_loads_git_or_deepdiff(repo: GitRepo) -> None:
    code = (
        "import sys\n"
        "from prepctl.cli import main\n"
        f"main(['lint', {str(repo.path / 'framework')!r}])\n"
        "print('git' in sys.modules, 'deepdiff' in sys.modules, file=sys.stderr)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.stderr.strip().splitlines()[-1] == "False False"


def _prepctl(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\nfrom prepctl.cli import main\n"
        f"code = main({args!r})\n"
        "print('git' in sys.modules, file=sys.stderr)\nraise SystemExit(code)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def test_diff_of_folders_needs_no_git(tmp_path: Path) -> None:
    folder = write_framework(tmp_path)
    completed = _prepctl(["diff", str(folder), str(folder)], tmp_path)
    assert completed.returncode == 0
    assert completed.stderr.strip() == "False"


def test_missing_git_executable_is_one_line(repo: GitRepo, tmp_path: Path) -> None:
    nothing = tmp_path / "no-programs"
    nothing.mkdir()
    completed = _prepctl(["diff", "HEAD"], repo.path, PATH=str(nothing))
    assert completed.returncode == 2
    message, _ = completed.stderr.splitlines()
    assert message == (
        "prepctl: cannot read framework at ref 'HEAD': git is not installed (no git program "
        "on PATH)"
    )


def test_a_failing_git_command_is_one_line_not_a_traceback(repo: GitRepo) -> None:
    repo.git("tag", "framework-v1.0.0")
    repo.git("pack-refs", "--all")
    head = repo.git("rev-parse", "HEAD")
    packed = repo.path / ".git" / "packed-refs"
    packed.write_text(packed.read_text() + f"{head} refs/tags/framework-v2.0.0/../../x\n")
    with pytest.raises(git_repo.GitError) as raised:
        release.release_tags("framework-v", cwd=repo.path)
    message = str(raised.value)
    assert message.startswith("cannot read framework at ref 'HEAD': ")
    assert "packed refname is dangerous" in message
    assert "\n" not in message


# The pre-push gate's base, origin/HEAD, in a repository that was not cloned -----------------


def _pushed_to_a_new_remote(git_repo: GitRepo, tmp_path: Path, *branches: str) -> Path:
    """The repository with a bare remote 'origin' added (as for a first push: git records no
    origin/HEAD) and ``branches`` pushed to it; the framework then loses a safeguard."""
    folder = write_framework(git_repo.path)
    git_repo.commit("first")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git_repo.git("remote", "add", "origin", str(remote))
    for branch in branches:
        git_repo.git("push", "-q", "origin", f"HEAD:refs/heads/{branch}")
    edit(folder, "categories/cyber.yaml", "      - usage-monitoring\n", "")
    git_repo.commit("drop a safeguard")
    return folder


@pytest.mark.parametrize("branches", [("main",), ("trunk",), ("main", "feature")])
def test_a_missing_origin_head_falls_back_to_the_one_default_branch(
    run_cli: Any,
    git_repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    branches: tuple[str, ...],
) -> None:
    _pushed_to_a_new_remote(git_repo, tmp_path, *branches)
    monkeypatch.chdir(git_repo.path)
    result = run_cli("diff", "--against", "origin/HEAD", "HEAD")
    assert result.code == 1, result.err
    assert "/categories/cyber/thresholds/high/safeguards/usage-monitoring" in result.out
    assert "NOT JUSTIFIED" in result.out
    assert result.err == (
        f"prepctl: note: origin/HEAD is not set in this repository; comparing with "
        f"origin/{branches[0]} (run 'git remote set-head origin --auto' to record the remote's "
        "default branch)\n"
    )


def test_a_remote_with_no_branches_says_what_to_do_on_a_first_push(
    run_cli: Any, git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pushed_to_a_new_remote(git_repo, tmp_path)
    monkeypatch.chdir(git_repo.path)
    result = run_cli("diff", "--against", "origin/HEAD", "HEAD")
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "prepctl: cannot read framework at ref 'origin/HEAD': origin has no branches here yet, "
        "so there is nothing to compare with; on the first push of a new repository push once "
        "without this check (SKIP=prepctl-diff git push), then run "
        "'git remote set-head origin --auto'\n"
    )


def test_a_remote_with_several_branches_and_no_default_asks_for_set_head(
    run_cli: Any, git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pushed_to_a_new_remote(git_repo, tmp_path, "develop", "release")
    monkeypatch.chdir(git_repo.path)
    result = run_cli("diff", "--against", "origin/HEAD", "HEAD")
    assert result.code == 2
    assert result.err == (
        "prepctl: cannot read framework at ref 'origin/HEAD': origin/HEAD is not set and origin "
        "has several branches (develop, release); run 'git remote set-head origin --auto' to "
        "record the remote's default branch, or name the base with --against\n"
    )


def test_set_head_is_honoured_and_other_missing_refs_are_unchanged(
    run_cli: Any, git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pushed_to_a_new_remote(git_repo, tmp_path, "develop", "release")
    monkeypatch.chdir(git_repo.path)
    mistyped = run_cli("diff", "--against", "origin/devlop", "HEAD")
    assert mistyped.code == 2
    assert mistyped.err == (
        "prepctl: cannot read framework at ref 'origin/devlop': no such branch, tag or commit "
        "(did you mean 'origin/develop'?)\n"
    )
    git_repo.git("remote", "set-head", "origin", "release")
    result = run_cli("diff", "--against", "origin/HEAD", "HEAD")
    assert (result.code, result.err) == (1, "")
