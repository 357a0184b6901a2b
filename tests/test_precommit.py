"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit against a framework repository.

Slow (marked ``slow``): pre-commit builds its own virtualenv and pip-installs prepctl and its
dependencies from a clone of this working tree, once for the module (``PRE_COMMIT_HOME`` is
shared), which takes 30 to 60 seconds. They run in CI; they skip, loudly, only when pre-commit
itself is missing or cannot download prepctl's dependencies.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FRAMEWORK, GIT_ENV, ROOT, GitRepo, Run

pytestmark = pytest.mark.slow

pytest.importorskip(
    "pre_commit",
    reason="PRE-COMMIT IS NOT INSTALLED: the hook tests did not run; pip install -e '.[dev]'",
)

HOOK_REPO_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "prepctl", "schemas"]
NETWORK_TROUBLE = (
    "No matching distribution found",
    "Could not find a version that satisfies",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
)
HOOKS = ["prepctl-lint", "prepctl-fmt-check", "prepctl-diff"]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this working tree's package, as pre-commit needs one."""
    path = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, path / name)
    repo = GitRepo(path)
    repo.git("init", "-q", "-b", "main")
    return path, repo.commit("prepctl as a hook repository")


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


def _config(hook_repo: tuple[Path, str]) -> str:
    path, rev = hook_repo
    hooks = "".join(f"      - id: {hook}\n" for hook in HOOKS)
    return f"repos:\n  - repo: {path.as_posix()}\n    rev: {rev}\n    hooks:\n{hooks}"


def _framework_repo(where: Path, hook_repo: tuple[Path, str]) -> GitRepo:
    where.mkdir()
    shutil.copytree(FRAMEWORK, where / "framework")
    (where / ".pre-commit-config.yaml").write_text(_config(hook_repo), encoding="utf-8")
    repo = GitRepo(where)
    repo.git("init", "-q", "-b", "main")
    repo.commit("the framework")
    return repo


def pre_commit(repo: GitRepo, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "pre_commit", *args], repo.path, env)


@pytest.fixture(scope="module")
def installed(
    tmp_path_factory: pytest.TempPathFactory,
    hook_repo: tuple[Path, str],
    environment: dict[str, str],
) -> None:
    """pre-commit's environment for the hooks, built once for the module."""
    repo = _framework_repo(tmp_path_factory.mktemp("install") / "repo", hook_repo)
    result = pre_commit(repo, environment, "install-hooks")
    output = result.stdout + result.stderr
    if result.returncode != 0 and any(marker in output for marker in NETWORK_TROUBLE):
        pytest.skip(
            "PRE-COMMIT COULD NOT INSTALL PREPCTL'S DEPENDENCIES (is PyPI reachable?); the hook "
            "tests did not run:\n" + output[-2000:]
        )
    assert result.returncode == 0, output


@pytest.mark.usefixtures("installed")
def test_hooks_pass_on_the_shipped_framework(
    tmp_path: Path, hook_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    repo = _framework_repo(tmp_path / "repo", hook_repo)
    result = pre_commit(repo, environment, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "prepctl lint" in result.stdout
    assert "Passed" in result.stdout


@pytest.mark.usefixtures("installed")
def test_lint_hook_fails_with_the_located_finding(
    tmp_path: Path, hook_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    repo = _framework_repo(tmp_path / "repo", hook_repo)
    category = repo.path / "framework" / "categories" / "cybersecurity.yaml"
    category.write_text(
        category.read_text(encoding="utf-8").replace("status: tracked", "status: trackd"),
        encoding="utf-8",
    )
    repo.git("add", "-A")
    result = pre_commit(repo, environment, "run", "prepctl-lint", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "framework/categories/cybersecurity.yaml:4:9: error[schema]" in result.stdout
    assert "did you mean 'tracked'?" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.usefixtures("installed")
def test_fmt_check_hook_fails_on_a_file_out_of_layout(
    tmp_path: Path, hook_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    repo = _framework_repo(tmp_path / "repo", hook_repo)
    safeguard = repo.path / "framework" / "safeguards" / "usage-monitoring.yaml"
    text = safeguard.read_text(encoding="utf-8")
    safeguard.write_text(text.replace("kind: monitoring\n", "") + "kind: monitoring\n", "utf-8")
    repo.git("add", "-A")
    result = pre_commit(repo, environment, "run", "prepctl-fmt-check", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "would reformat framework/safeguards/usage-monitoring.yaml" in result.stdout


@pytest.mark.usefixtures("installed")
def test_a_release_commit_passes_the_hooks(
    tmp_path: Path, hook_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    """`prepctl release` moves change records to changes/archive/VERSION/; the commit that
    holds the release passes every hook, archived records and all."""
    repo = _framework_repo(tmp_path / "repo", hook_repo)
    config = repo.path / ".pre-commit-config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "      - id: prepctl-fmt\n", encoding="utf-8"
    )
    released = _run(
        [sys.executable, "-m", "prepctl", "release", "--date", "2027-01-04"], repo.path, environment
    )
    assert released.returncode == 0, released.stderr
    repo.git("add", "-A")
    staged = repo.git("diff", "--cached", "--name-only").splitlines()
    assert any(name.startswith("framework/changes/archive/") for name in staged), staged
    result = pre_commit(repo, environment, "run")  # the staged files, as a commit runs them
    assert result.returncode == 0, result.stdout + result.stderr
    for hook in ("prepctl lint", "prepctl fmt --check", "prepctl fmt"):
        assert re.search(rf"^{re.escape(hook)}\.+Passed$", result.stdout, re.MULTILINE), hook


def _clone(upstream: GitRepo, where: Path) -> GitRepo:
    env = {**os.environ, **GIT_ENV}
    subprocess.run(
        ["git", "clone", "-q", str(upstream.path), str(where)],
        env=env,
        check=True,
        cwd=upstream.path,
    )
    return GitRepo(where)


@pytest.mark.usefixtures("installed")
def test_diff_hook_gates_an_unrecorded_weakening_before_push(
    tmp_path: Path, hook_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    upstream = _framework_repo(tmp_path / "upstream", hook_repo)
    clone = _clone(upstream, tmp_path / "clone")  # origin/HEAD is origin/main
    clone.git("checkout", "-q", "-b", "loosen")
    clean = pre_commit(
        clone, environment, "run", "prepctl-diff", "--all-files", "--hook-stage", "pre-push"
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr

    category = clone.path / "framework" / "categories" / "cybersecurity.yaml"
    text = category.read_text(encoding="utf-8")
    category.write_text(text.replace("      - misuse-classifiers\n", "", 1), encoding="utf-8")
    clone.commit("drop a safeguard")
    result = pre_commit(
        clone, environment, "run", "prepctl-diff", "--all-files", "--hook-stage", "pre-push"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "weakening" in result.stdout
    assert (
        "/categories/cybersecurity/thresholds/high/safeguards/misuse-classifiers" in result.stdout
    )
    assert "NOT JUSTIFIED" in result.stdout


@pytest.mark.usefixtures("installed")
def test_diff_hook_names_a_missing_base_in_one_line(
    tmp_path: Path, hook_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    repo = _framework_repo(tmp_path / "repo", hook_repo)  # no remote: origin/HEAD is missing
    result = pre_commit(
        repo, environment, "run", "prepctl-diff", "--all-files", "--hook-stage", "pre-push"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "prepctl: cannot read framework at ref 'origin/HEAD': no such branch, tag or commit" in (
        result.stdout
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_the_scaffold_config_runs_with_the_installed_prepctl(
    tmp_path: Path, environment: dict[str, str], run_cli: Callable[..., Run]
) -> None:
    """`prepctl init`'s .pre-commit-config.yaml (language: system) works at once."""
    upstream = GitRepo(tmp_path / "upstream")
    assert run_cli("init", str(upstream.path)).code == 0
    upstream.git("init", "-q", "-b", "main")
    upstream.commit("prepctl init")
    clone = _clone(upstream, tmp_path / "clone")
    path = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    env = {**environment, "PATH": path}  # the prepctl under test, as if installed
    result = pre_commit(clone, env, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "prepctl lint" in result.stdout
    pushed = pre_commit(clone, env, "run", "--all-files", "--hook-stage", "pre-push")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert "prepctl diff (the change-record gate)" in pushed.stdout

    safeguard = clone.path / "framework" / "safeguards" / "misuse-safeguards.yaml"
    safeguard.unlink()
    clone.commit("drop the misuse safeguards")
    failed = pre_commit(clone, env, "run", "--all-files", "--hook-stage", "pre-push")
    assert failed.returncode == 1
    assert "/safeguards/misuse-safeguards" in failed.stdout
    assert "NOT JUSTIFIED" in failed.stdout
