"""Code the tests share: where things are, a git repository with a fixed author, a run's
outcome. Fixtures stay in conftest.py; the modules of this package hold plain helpers and
test data that several test modules use."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FRAMEWORK = ROOT / "framework"
FIXTURES = ROOT / "tests" / "fixtures" / "frameworks"


@dataclass
class Run:
    code: int
    out: str
    err: str


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass
class GitRepo:
    path: Path

    def git(self, *args: str) -> str:
        env = {**os.environ, **GIT_ENV}
        return subprocess.run(
            ["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True
        ).stdout.strip()

    def commit(self, message: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
        self.git("add", "-A")
        env_date = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        env = {**os.environ, **GIT_ENV, **env_date}
        subprocess.run(
            ["git", "commit", "-q", "--allow-empty", "-m", message],
            cwd=self.path,
            env=env,
            check=True,
        )
        return self.git("rev-parse", "HEAD")
