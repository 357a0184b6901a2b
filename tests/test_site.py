"""``prepctl site``: every release rendered, an index, latest, redlines, and a safe write."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from helpers import FRAMEWORK, GitRepo, Run
from helpers.redline import RECORD, REMOVED_SAFEGUARD
from helpers.render import _edit, by_id, parse_html

from prepctl.cli import main
from prepctl.commands import site as site_command
from prepctl.errors import PrepctlError
from prepctl.io import site

RunCli = Callable[..., Run]
VERSIONS = ["1.0.0", "1.1.0", "2.0.0"]
PER_RELEASE = ["index.html", "index.md", "redline.html"]


def cli(*args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


def new_repo(path: Path) -> GitRepo:
    path.mkdir(parents=True)
    repo = GitRepo(path)
    repo.git("init", "-q", "-b", "main")
    return repo


def set_version(folder: Path, version: str) -> None:
    _edit(folder / "framework.yaml", lambda data: data.update(version=version))


def three_releases(path: Path) -> GitRepo:
    """1.0.0 as shipped; 1.1.0 drops a required safeguard (with a change record) and adds an
    evaluation; 2.0.0 turns a 'must' into 'should' with no record."""
    repo = new_repo(path)
    folder = repo.path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    repo.commit("1.0.0", "2026-10-01T12:00:00+00:00")
    repo.git("tag", "framework-v1.0.0")

    def category(data: dict[str, Any]) -> None:
        data["thresholds"][0]["safeguards"].remove("usage-monitoring")
        data["evaluations"].append(
            {"id": "new-benchmark", "name": "New benchmark", "measures": "Something new."}
        )

    _edit(folder / "categories" / "cybersecurity.yaml", category)
    (folder / "changes" / "2027-01-cyber-monitoring.yaml").write_text(RECORD)
    set_version(folder, "1.1.0")
    repo.commit("1.1.0", "2027-01-10T12:00:00+00:00")
    repo.git("tag", "-a", "framework-v1.1.0", "-m", "Release 1.1.0")

    def manifest(data: dict[str, Any]) -> None:
        data["version"] = "2.0.0"
        data["effective"] = "2027-03-01"
        data["levels"][0]["response"] = data["levels"][0]["response"].replace(
            "safeguards must be", "safeguards should be"
        )

    _edit(folder / "framework.yaml", manifest)
    repo.commit("2.0.0", "2027-03-01T12:00:00+00:00")
    repo.git("tag", "framework-v2.0.0")
    return repo


def one_release(path: Path, tag: str = "framework-v1.0.0") -> GitRepo:
    repo = new_repo(path)
    shutil.copytree(FRAMEWORK, repo.path / "framework")
    repo.commit("1.0.0")
    repo.git("tag", tag)
    return repo


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in tree(folder)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path, Run]:
    root = tmp_path_factory.mktemp("site")
    repo = three_releases(root / "repo")
    result = cli("site", "-o", str(root / "public"), str(repo.path))
    return repo, root / "public", result


def test_every_release_has_its_folder_and_nothing_else(
    built: tuple[GitRepo, Path, Run],
) -> None:
    _, public, result = built
    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err == f"wrote 3 releases to {public} (latest: 2.0.0)\n"
    expected = [".prepctl-site", "archive.html", "index.html"]
    for folder in ["latest", *VERSIONS]:
        expected += [
            f"{folder}/{name}"
            for name in PER_RELEASE
            if (folder, name) != ("1.0.0", "redline.html")
        ]
    assert tree(public) == sorted(expected)
    assert not [p for p in public.parent.iterdir() if p.name.startswith(".public")]


def test_index_lists_versions_newest_first_with_counts(built: tuple[GitRepo, Path, Run]) -> None:
    _, public, _ = built
    root = parse_html((public / "index.html").read_text())
    rows = [e for e in root.walk() if e.tag == "tr" and "id" in e.attrs]
    assert [row.attrs["id"] for row in rows] == ["2.0.0", "1.1.0", "1.0.0"]
    newest, middle, first = (row.text() for row in rows)
    assert newest.startswith("2.0.0 Latest framework-v2.0.0 1 March 2027")
    assert "▼ weakening 1 (1 without a change record)" in newest
    assert "changes since 1.1.0" in newest
    assert middle.startswith("1.1.0 framework-v1.1.0 1 October 2026")
    assert "▼ weakening 1 ▲ strengthening 1" in middle
    assert "without a change record" not in middle
    assert "First release" in first
    # Every link leads to a file of the site.
    for element in root.walk():
        href = element.attrs.get("href") if element.tag == "a" else None
        if href is not None:
            assert (public / href).resolve().is_file() or href.endswith("/"), href
    assert (public / "latest/index.html").is_file()


def test_latest_is_a_copy_of_the_newest(built: tuple[GitRepo, Path, Run]) -> None:
    _, public, _ = built
    assert not (public / "latest").is_symlink()
    assert contents(public / "latest") == contents(public / "2.0.0")
    assert "Meridian AI Preparedness Framework 2.0.0" in (public / "latest/index.html").read_text()


def test_redlines_compare_each_release_with_the_one_before(
    built: tuple[GitRepo, Path, Run],
) -> None:
    _, public, _ = built
    root = parse_html((public / "1.1.0" / "redline.html").read_text())
    assert by_id(root, REMOVED_SAFEGUARD).attrs["class"] == "rl-removed"
    (versions,) = [e for e in root.walk() if e.attrs.get("class") == "rl-versions"]
    assert versions.text() == (
        "Version 1.0.0 (framework-v1.0.0:framework) → version 1.1.0 (framework-v1.1.0:framework)"
    )
    newest = (public / "2.0.0" / "redline.html").read_text()
    assert "<del>must</del> <ins>should</ins>" in newest
    assert f'id="{REMOVED_SAFEGUARD}"' not in newest  # that change belongs to 1.1.0


def test_the_site_is_deterministic_and_replaces_its_own_folder(
    built: tuple[GitRepo, Path, Run], tmp_path: Path
) -> None:
    repo, public, _ = built
    elsewhere = tmp_path / "again"
    assert cli("site", "-o", str(elsewhere), str(repo.path)).code == 0
    assert contents(elsewhere) == contents(public)
    (elsewhere / "1.0.0" / "stale.html").write_text("left over")
    assert cli("site", "-o", str(elsewhere), str(repo.path)).code == 0  # its marker: allowed
    assert contents(elsewhere) == contents(public)


def test_hostile_tags_cannot_escape(tmp_path: Path) -> None:
    repo = one_release(tmp_path / "repo")
    for hostile in ("framework-v../../x", "framework-v1.0.0/../../x", "framework-v..", "../x"):
        with pytest.raises(subprocess.CalledProcessError):
            repo.git("tag", hostile)  # git itself refuses these names
    for allowed in (
        "framework-v9.9.9/evil",
        "framework-vlatest",
        "framework-v1.0",
        "framework-v1.0.0-.hidden",
        "framework-v2.0.0-01",
    ):
        repo.git("tag", allowed)
    before = tree(tmp_path)
    public = tmp_path / "out" / "public"
    result = cli("site", "-o", str(public), str(repo.path))
    assert result.code == 0, result.err
    written = [".prepctl-site", "1.0.0/index.html", "1.0.0/index.md", "archive.html", "index.html"]
    written += ["latest/index.html", "latest/index.md"]
    assert sorted(set(tree(tmp_path)) - set(before)) == [f"out/public/{n}" for n in written]
    # '1.0.0-.hidden' and '2.0.0-01' are not semantic versions, so those tags are no releases
    # at all, like 'framework-v1.0': nothing to warn about.
    assert "warning" not in result.err


def test_versions_that_are_not_folder_names_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the tag reader lets through, only a semantic version becomes a folder."""
    repo = one_release(tmp_path / "repo")
    hostile = [
        ("framework-v../../x", "../../x"),
        ("framework-v1.0.0/../../x", "1.0.0/../../x"),
        ("framework-v..", ".."),
        ("framework-v1.0.0/x", "1.0.0/x"),
        ("framework-v/etc", "/etc"),
        ("framework-v1.0.0", "1.0.0"),
    ]
    monkeypatch.setattr(site_command, "release_tags", lambda prefix, **_: hostile)
    before = tree(tmp_path)
    result = cli("site", "-o", str(tmp_path / "public"), str(repo.path))
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "warning" in line]
    assert len(warnings) == 5
    added = set(tree(tmp_path)) - set(before)
    assert all(path.startswith("public/") for path in added)
    assert sorted({path.split("/")[1] for path in added}) == [
        ".prepctl-site",
        "1.0.0",
        "archive.html",
        "index.html",
        "latest",
    ]


def test_paths_are_checked_to_lie_inside(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "link").symlink_to(tmp_path)
    for relative in ("../x", "1.0.0/../../x", "/etc/passwd", "link/x", ".", ""):
        with pytest.raises(PrepctlError, match="outside"):
            site.inside(tmp_path / "root", relative)
    assert site.inside(tmp_path / "root", "1.0.0/index.html") == (
        tmp_path / "root" / "1.0.0" / "index.html"
    )
    assert site.is_version("1.0.0-rc.1+build.5")
    for bad in ("1.0", "../1.0.0", "1.0.0/..", "1.0.0-..", "01.0.0", "1.0.0-", "latest"):
        assert not site.is_version(bad), bad


def test_a_failure_leaves_the_old_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = one_release(tmp_path / "repo")
    public = tmp_path / "public"
    assert cli("site", "-o", str(public), str(repo.path)).code == 0
    old = contents(public)
    # A release whose framework is invalid: nothing is written.
    set_version(repo.path / "framework", "two")
    repo.commit("broken")
    repo.git("tag", "framework-v2.0.0")
    result = cli("site", "-o", str(public), str(repo.path))
    assert result.code == 2
    assert result.err.startswith("prepctl: cannot render framework-v2.0.0:framework: ")
    assert result.err.count("\n") == 1
    assert contents(public) == old
    # A failure while putting the new site in place: the old one stays.
    repo.git("tag", "-d", "framework-v2.0.0")

    def fail(staging: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site, "_replace", fail)
    result = cli("site", "-o", str(public), str(repo.path))
    assert (result.code, result.err) == (
        2,
        f"prepctl: cannot write {public}: No space left on device\n",
    )
    assert contents(public) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "repo"]


def test_a_folder_not_made_by_prepctl_is_replaced_only_with_force(tmp_path: Path) -> None:
    repo = one_release(tmp_path / "repo")
    public = tmp_path / "public"
    public.mkdir()
    (public / "notes.txt").write_text("mine")
    result = cli("site", "-o", str(public), str(repo.path))
    assert result.code == 2
    assert result.err == (
        f"prepctl: {public} is not empty and was not written by prepctl site (no .prepctl-site "
        "in it); choose another folder, or add --force to replace everything in it\n"
    )
    assert tree(public) == ["notes.txt"]
    assert cli("site", "-o", str(public), "--force", str(repo.path)).code == 0
    assert "notes.txt" not in tree(public)
    # Never over the repository itself, even with --force.
    result = cli("site", "-o", str(tmp_path), "--force", str(repo.path))
    assert result.code == 2
    assert "refusing to write a site over" in result.err
    assert (repo.path / ".git").is_dir()


def test_no_release_tags(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    shutil.copytree(FRAMEWORK, repo.path / "framework")
    repo.commit("no release yet")
    result = cli("site", "-o", str(tmp_path / "public"), str(repo.path))
    assert (result.code, result.err) == (
        2,
        "prepctl: no release tags matching framework-v*; create one with prepctl release --tag "
        "or git tag\n",
    )
    assert not (tmp_path / "public").exists()
    outside = cli("site", "-o", str(tmp_path / "public"), str(tmp_path / "nowhere"))
    assert outside.code == 2
    assert outside.err.count("\n") == 1


def test_the_tag_prefix_comes_from_the_configuration(tmp_path: Path) -> None:
    repo = one_release(tmp_path / "repo", tag="release-1.0.0")
    (repo.path / ".prepctl.toml").write_text('[release]\ntag-prefix = "release-"\n')
    result = cli("site", "-o", str(tmp_path / "public"), str(repo.path))
    assert result.code == 0, result.err
    assert (tmp_path / "public" / "1.0.0" / "index.html").is_file()
