"""What ``prepctl render`` imports: Markdown from a folder stays off gitpython and markdown-it.

gitpython costs more to import than the rest of a Markdown rendering, and Markdown output needs
markdown-it only for prose that holds Markdown syntax (the shipped framework's holds none). These
tests check the cause (the modules a fresh interpreter loads), which does not
depend on the machine; timings live in benchmarks/run.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FRAMEWORK, ROOT, GitRepo

from prepctl.core.diff import Kind
from prepctl.render import placement

PROBE = """
import json, sys
from prepctl.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# Modules a plain Markdown rendering of a folder has no use for.
NOT_FOR_MARKDOWN = {
    "git",  # gitpython
    "markdown_it",
    "prepctl.io.git.history",  # the history and the object reader: HEAD is read without them
    "prepctl.io.git.objects",
    "prepctl.io.git.snapshot",
    "prepctl.core.diff",
    "prepctl.render.redline",
    "prepctl.render.prose_html",
    "prepctl.rules",  # the lint rules: rendering checks the schema and coverage only
}


def loaded(*args: str, cwd: Path = ROOT) -> set[str]:
    """The modules a fresh interpreter loads running ``prepctl ARGS`` (which must succeed),
    each by its full name and by its top-level package."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, check=True
    )
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 0, done.stderr
    names: list[str] = result["modules"]
    return set(names) | {name.split(".")[0] for name in names}


def test_markdown_from_a_folder_outside_git_loads_neither_gitpython_nor_markdown_it(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    modules = loaded(
        "render", str(folder), "-f", "md", "-o", str(tmp_path / "out.md"), cwd=tmp_path
    )
    assert "prepctl.render.markdown" in modules  # the probe did render
    assert modules.isdisjoint(NOT_FOR_MARKDOWN), sorted(modules & NOT_FOR_MARKDOWN)
    assert "unknown (not read from a git repository)" in (tmp_path / "out.md").read_text()


@pytest.mark.parametrize("change", ["none", "edit"])
def test_markdown_from_a_folder_in_git_names_the_commit_without_gitpython(
    git_repo: GitRepo, tmp_path: Path, change: str
) -> None:
    shutil.copytree(FRAMEWORK, git_repo.path / "framework")
    commit = git_repo.commit("framework")
    if change == "edit":
        manifest = git_repo.path / "framework" / "framework.yaml"
        manifest.write_text(manifest.read_text() + "# edited\n")
    out = tmp_path / "out.md"
    modules = loaded("render", "framework", "-f", "md", "-o", str(out), cwd=git_repo.path)
    assert modules.isdisjoint(NOT_FOR_MARKDOWN), sorted(modules & NOT_FOR_MARKDOWN)
    footer = out.read_text().splitlines()[-1]
    dirty = " + uncommitted changes" if change == "edit" else ""
    assert f"commit {commit}{dirty} · content" in footer


def test_html_loads_markdown_it_but_not_gitpython(tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    modules = loaded("render", str(folder), "-f", "html", "-o", str(tmp_path / "out.html"))
    assert {"markdown_it", "prepctl.render.prose_html"} <= modules
    assert "git" not in modules


def test_the_placement_names_removals_as_the_diff_does() -> None:
    # prepctl.render.placement spells the kind out so that a plain rendering need not import
    # prepctl.core.diff; the two must agree.
    assert Kind.REMOVED.value == placement.REMOVED
