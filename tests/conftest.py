from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

pytest.register_assert_rewrite("helpers")

from helpers import ROOT, GitRepo, Run  # noqa: E402

from prepctl.cli import main  # noqa: E402


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """prepctl's wheel, built once for every test that inspects or installs it."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("prepctl-*.whl")
    return found


@pytest.fixture
def run_cli() -> Callable[..., Run]:
    """Run the command line in-process and capture its exit code and both streams."""

    def run(*args: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
        return Run(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """A throwaway git repository with a fixed author and no user configuration."""
    path = tmp_path / "repo"
    path.mkdir()
    repo = GitRepo(path)
    repo.git("init", "-q", "-b", "main")
    return repo


@pytest.fixture(autouse=True)
def _uncoloured(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports compared as text must not turn coloured because the shell running the tests
    sets FORCE_COLOR (tests that want it set it themselves)."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
