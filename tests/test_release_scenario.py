"""A framework's life from `prepctl init` to its second release, with real git and the real
pre-commit running the hooks `prepctl init` configures on every commit and push.

The scaffold's hooks run the prepctl under test (`language: system`, this environment's
`bin/` first on PATH), so pre-commit installs nothing and the test needs no network. It
follows what a lab does: a first release, the first push to a new remote, a branch that
weakens and strengthens, a change record, a merge, a release whose commit must pass the
hooks, a tag, and then every view of the two releases (diff, redline, site, changelog, log)
agreeing that each weakening is justified.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import GIT_ENV

pytest.importorskip(
    "pre_commit",
    reason="PRE-COMMIT IS NOT INSTALLED: the release scenario did not run; pip install -e '.[dev]'",
)

BIN = Path(sys.executable).parent
RECORD = "2027-01-cyber-relax"
TITLE = "Relax cyber High; classifiers instead"
RATIONALE = "Classifier v3 catches the same misuse sooner, and the old trigger fired on noise."
TRIGGER = "/categories/cybersecurity/evaluations/capture-the-flag/trigger/value"
SAFEGUARD = "/categories/cybersecurity/thresholds/high/safeguards/misuse-safeguards"
ADDED = "/categories/cybersecurity/evaluations/range-exercises"
NEW_EVALUATION = """\
evaluations:
  - id: range-exercises
    name: Cyber range exercises
    measures: >-
      Whether the model completes end-to-end intrusion exercises in an isolated cyber range.
    method: automated
    thresholds:
      - critical
"""
NO_RECORD = ("without a change record", "No change record", "no change record")


class Lab:
    """A repository created with `prepctl init` and `git init`, with a bare remote."""

    def __init__(self, root: Path) -> None:
        self.path = root / "lab"
        self.env = {
            **os.environ,
            **GIT_ENV,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PRE_COMMIT_HOME": str(root / "pre-commit-home"),
            "PRE_COMMIT_COLOR": "never",
            "NO_COLOR": "1",
        }
        self.env.pop("SKIP", None)

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args,
            cwd=self.path,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )

    def ok(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = self.run(*args, env=env)
        assert result.returncode == 0, (args, result.stdout + result.stderr)
        return result.stdout + result.stderr

    def prepctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(str(BIN / "prepctl"), *args)

    def commit(self, message: str) -> str:
        """`git add -A` and `git commit` with the hooks on; their output."""
        self.ok("git", "add", "-A")
        return self.ok("git", "commit", "-q", "-m", message)

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.path / "framework" / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")


def passed(output: str, *hooks: str) -> bool:
    lines = output.splitlines()
    return all(
        any(line.startswith(hook + ".") and line.endswith("Passed") for line in lines)
        for hook in hooks
    )


def test_init_to_second_release_with_the_hooks_on(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "origin.git")], check=True)
    init = subprocess.run(
        [str(BIN / "prepctl"), "init", str(lab.path)], capture_output=True, text=True, check=False
    )
    assert init.returncode == 0, init.stderr
    lab.ok("git", "init", "-q", "-b", "main")
    lab.ok("git", "remote", "add", "origin", str(tmp_path / "origin.git"))
    lab.ok(sys.executable, "-m", "pre_commit", "install")  # commit and push hooks
    assert passed(lab.commit("prepctl init"), "prepctl lint", "prepctl fmt --check")

    # The first release, then the first push to the new, empty remote.
    assert lab.prepctl("release").returncode == 0
    lab.commit("Release 0.1.0")  # only the changelog: no framework file for the hooks
    assert lab.prepctl("release", "--tag").returncode == 0
    first = lab.run("git", "push", "-u", "origin", "main")
    assert first.returncode == 1
    assert (
        "prepctl: cannot read framework at ref 'origin/HEAD': origin has no branches here yet"
        in first.stdout
    )
    assert "SKIP=prepctl-diff git push" in first.stdout
    lab.ok("git", "push", "-u", "origin", "main", "framework-v0.1.0", env={"SKIP": "prepctl-diff"})

    # A branch that weakens two commitments and strengthens one: the push gate stops it.
    lab.ok("git", "checkout", "-q", "-b", "relax")
    category = "categories/cybersecurity.yaml"
    lab.edit(category, "      - misuse-safeguards\n  - id: critical", "  - id: critical")
    lab.edit(category, "value: 0.6", "value: 0.7")
    lab.edit(category, "evaluations:\n", NEW_EVALUATION)
    assert passed(lab.commit("Relax cyber High; add range exercises"), "prepctl lint")
    gated = lab.run("git", "push", "-u", "origin", "relax")
    assert gated.returncode == 1, gated.stdout + gated.stderr
    assert (
        "prepctl: note: origin/HEAD is not set in this repository; comparing with origin/main"
        in gated.stdout
    )
    assert gated.stdout.count("NOT JUSTIFIED") == 2

    # The change record, written from the diff, passes the hooks as written.
    recorded = lab.prepctl(
        "record", "--id", RECORD, "--title", TITLE, "--rationale", RATIONALE,
        "--approved-by", "preparedness-team", "--from-diff", "--against", "main",
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    assert recorded.stderr == ""
    assert passed(lab.commit("Record the cyber relaxation"), "prepctl fmt --check")
    pushed = lab.run("git", "push", "-u", "origin", "relax")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert passed(pushed.stdout, "prepctl diff (the change-record gate)")

    # Merge, release: the release commit (records archived) passes the hooks; tag and push.
    lab.ok("git", "checkout", "-q", "main")
    lab.ok("git", "merge", "-q", "--no-ff", "relax", "-m", "Merge relax")
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    released = lab.prepctl("release", "--date", tomorrow)
    assert released.returncode == 0, released.stderr
    assert "framework 0.1.0 → 1.0.0 (major: 2 weakening" in released.stdout
    archived = lab.path / "framework" / "changes" / "archive" / "1.0.0" / f"{RECORD}.yaml"
    assert archived.is_file()
    assert passed(lab.commit("Release 1.0.0"), "prepctl lint", "prepctl fmt --check")
    assert lab.prepctl("release", "--tag").returncode == 0
    published = lab.run("git", "push", "origin", "main", "framework-v1.0.0")
    assert published.returncode == 0, published.stdout + published.stderr

    # Every view of the two releases agrees: each weakening is justified by the record.
    result = lab.prepctl(
        "diff", "framework-v0.1.0", "framework-v1.0.0", "--fail-on", "unjustified", "-f", "json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    changes = {c["address"]: c for c in json.loads(result.stdout)["changes"]}
    assert {a: c["impact"] for a, c in changes.items() if c["impact"] != "neutral"} == {
        TRIGGER: "weakening",
        SAFEGUARD: "weakening",
        ADDED: "strengthening",
    }
    assert changes[TRIGGER]["justified_by"] == changes[SAFEGUARD]["justified_by"] == RECORD
    text = lab.prepctl("diff", "framework-v0.1.0", "framework-v1.0.0")
    assert text.returncode == 0
    assert "NOT JUSTIFIED" not in text.stdout
    assert "no justification recorded" not in text.stdout

    redline = tmp_path / "redline.html"
    rendered = lab.prepctl("render", "--against", "framework-v0.1.0", "-o", str(redline))
    assert rendered.returncode == 0, rendered.stderr
    assert not any(words in redline.read_text(encoding="utf-8") for words in NO_RECORD)
    assert RATIONALE in redline.read_text(encoding="utf-8")

    site = tmp_path / "public"
    assert lab.prepctl("site", "-o", str(site)).returncode == 0
    pages = [site / "index.html", *sorted(site.glob("*/redline.html"))]
    assert len(pages) >= 2
    for page in pages:
        assert not any(words in page.read_text(encoding="utf-8") for words in NO_RECORD), page

    changelog = lab.prepctl("changelog", "framework-v0.1.0..framework-v1.0.0")
    assert f"Change record `{RECORD}`" in changelog.stdout
    log = lab.prepctl("log", TRIGGER)
    assert f"justified by {RECORD}" in log.stdout
