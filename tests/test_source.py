"""Which files make up a framework: every reader (folders, git trees, git history, single files,
fmt, provenance, release archives) takes the same files, ``.yml`` as well as ``.yaml``."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import GitRepo

from prepctl.core import document, partial, source

BASE = Path(__file__).resolve().parent / "bad_inputs" / "base"
BIO = (
    "id: bio\n"
    "name: Biology\n"
    "status: {status}\n"
    "last-reviewed: 2026-01-01\n"
    "summary: Biological uplift.\n"
)


def framework(where: Path, *, status: str = "research") -> Path:
    """The small clean framework, with a category kept in ``categories/bio.yml``."""
    shutil.copytree(BASE, where)
    (where / "categories" / "bio.yml").write_text(BIO.format(status=status), encoding="utf-8")
    return where


def test_a_yml_file_is_a_framework_file(tmp_path: Path) -> None:
    snapshot = source.read_directory(framework(tmp_path / "fw"))
    assert "categories/bio.yml" in snapshot.files
    doc = document.load(snapshot)
    assert doc.get("/categories/bio/name") == "Biology"
    assert str(doc.location("/categories/bio/status")).endswith("/fw/categories/bio.yml:3:9")


def test_lint_checks_a_yml_file(tmp_path: Path, run_cli: Any) -> None:
    framework(tmp_path / "fw", status="bogus")
    result = run_cli("lint", str(tmp_path / "fw" / "categories" / "bio.yml"))
    assert result.code == 1, result.out + result.err
    assert f"{tmp_path}/fw/categories/bio.yml:3:9: error[schema] /categories/bio/status" in (
        result.out
    )


def test_the_file_name_rule_holds_for_yml_files(tmp_path: Path, run_cli: Any) -> None:
    fw = framework(tmp_path / "fw")
    bio = fw / "categories" / "bio.yml"
    assert run_cli("lint", str(fw)).code == 0
    bio.write_text(bio.read_text(encoding="utf-8").replace("id: bio", "id: biology"), "utf-8")
    result = run_cli("lint", str(fw))
    assert "error[file-name]" in result.out
    assert "rename the file to 'biology.yml'" in result.out


def test_one_id_in_a_yaml_and_a_yml_file_is_a_finding(tmp_path: Path, run_cli: Any) -> None:
    fw = framework(tmp_path / "fw")
    shutil.copyfile(fw / "categories" / "bio.yml", fw / "categories" / "bio.yaml")
    result = run_cli("lint", str(fw))
    assert result.code == 1
    assert "error[unique-ids]" in result.out, result.out


def test_diff_and_render_read_yml_files(tmp_path: Path, run_cli: Any) -> None:
    shutil.copytree(BASE, tmp_path / "base")
    head = framework(tmp_path / "head")
    changes = json.loads(run_cli("diff", str(tmp_path / "base"), str(head), "-f", "json").out)
    assert {"address": "/categories/bio", "kind": "added"}.items() <= changes["changes"][0].items()
    assert "Biology" in run_cli("render", str(head), "-f", "md").out


def test_fmt_formats_yml_files(tmp_path: Path, run_cli: Any) -> None:
    fw = framework(tmp_path / "fw")
    bio = fw / "categories" / "bio.yml"
    assert run_cli("fmt", "--check", str(bio)).code == 0
    bio.write_text(bio.read_text(encoding="utf-8").replace("name: Biology", "name:   Biology"))
    assert run_cli("fmt", "--check", str(bio)).code == 1
    assert run_cli("fmt", "--check", str(fw)).code == 1
    assert run_cli("fmt", str(fw)).code == 0
    assert "name: Biology\n" in bio.read_text(encoding="utf-8")


def test_git_readers_read_yml_files(git_repo: GitRepo, run_cli: Any, monkeypatch: Any) -> None:
    shutil.copytree(BASE, git_repo.path / "framework")
    git_repo.commit("base", date="2026-01-01T12:00:00+00:00")
    framework(git_repo.path / "bio-only")
    shutil.copyfile(
        git_repo.path / "bio-only" / "categories" / "bio.yml",
        git_repo.path / "framework" / "categories" / "bio.yml",
    )
    shutil.rmtree(git_repo.path / "bio-only")
    git_repo.commit("bio", date="2026-02-01T12:00:00+00:00")
    monkeypatch.chdir(git_repo.path)
    assert "error" not in run_cli("lint", "HEAD").out
    diff = json.loads(run_cli("diff", "HEAD~1", "HEAD", "-f", "json").out)
    assert [c["address"] for c in diff["changes"]] == ["/categories/bio"]
    log = run_cli("log", "/categories/bio")
    assert log.code == 0, log.err
    assert "added" in log.out


def test_the_diff_driver_places_yml_files() -> None:
    place = partial.place("framework/categories/bio.yml")
    assert place is not None
    assert (place.folder, place.relative, place.collection) == (
        "framework",
        "categories/bio.yml",
        "categories",
    )


def test_git_diff_driver_classifies_a_yml_file(git_repo: GitRepo) -> None:
    framework(git_repo.path / "framework")
    (git_repo.path / ".gitattributes").write_text("framework/**/*.y*ml diff=prepctl\n")
    command = f"{shlex.quote(sys.executable)} -m prepctl git-diff-driver"
    git_repo.git("config", "diff.prepctl.command", command)
    git_repo.commit("the framework")
    bio = git_repo.path / "framework" / "categories" / "bio.yml"
    bio.write_text(bio.read_text(encoding="utf-8").replace("research", "tracked"), "utf-8")
    shown = git_repo.git("diff")
    assert "/categories/bio/status" in shown, shown


@pytest.mark.parametrize("name", ["bio.yml", "bio.yaml", "notes.txt", "bio.yml.bak", "bio.YAML"])
def test_which_names_are_framework_files(name: str) -> None:
    assert source.is_yaml_name(name) == (name in ("bio.yml", "bio.yaml"))


def test_hooks_and_attributes_take_yml_files_as_they_take_yaml_files() -> None:
    """pre-commit hands prepctl's hooks, and git its diff driver, the same files prepctl reads."""
    import fnmatch
    import re

    from helpers import ROOT

    from prepctl.io import yaml as yamlio

    scaffold = ROOT / "prepctl" / "scaffold" / "template"
    published = yamlio.parse((ROOT / ".pre-commit-hooks.yaml").read_bytes(), "hooks").data
    local = yamlio.parse((scaffold / ".pre-commit-config.yaml").read_bytes(), "config").data
    hooks = [*published, *(h for repo in local["repos"] for h in repo["hooks"])]
    for hook in hooks:
        pattern = re.compile(hook.get("files", ""))
        for name in ("framework/categories/x.yaml", "framework/framework.yaml"):
            if pattern.search(name):
                assert pattern.search(name.replace("x.yaml", "x.yml")), hook["id"]
    lines = (scaffold / ".gitattributes").read_text(encoding="utf-8").splitlines()
    patterns = [line.split()[0] for line in lines if line.endswith("diff=prepctl")]
    for name in ("framework/categories/x.yaml", "framework/categories/x.yml"):
        assert any(fnmatch.fnmatch(name, p.replace("**/", "*")) for p in patterns), name
