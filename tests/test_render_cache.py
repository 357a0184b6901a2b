"""Compiled templates kept between runs: the same documents, and no harm when the cache is bad.

Each rendering runs in a fresh interpreter with its own ``XDG_CACHE_HOME``, as a user's would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FRAMEWORK, ROOT

from prepctl.render import templating

FORMATS = ["md", "html"]


def render(fmt: str, cache: Path, out: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [sys.executable, "-m", "prepctl", "render", str(FRAMEWORK), "-f", fmt, "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    return out.read_text(encoding="utf-8")


def compiled(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "prepctl" / "templates").rglob("*") if p.is_file())


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cached_rendering_is_the_rendering(tmp_path: Path, fmt: str) -> None:
    cache = tmp_path / "cache"
    first = render(fmt, cache, tmp_path / "first")
    assert compiled(cache)
    stamps = {p: p.stat().st_mtime_ns for p in compiled(cache)}
    second = render(fmt, cache, tmp_path / "second")
    assert second == first
    assert {p: p.stat().st_mtime_ns for p in compiled(cache)} == stamps  # read, not rewritten


def test_a_damaged_cache_is_compiled_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    clean = render("md", cache, tmp_path / "clean")
    damages = [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: b"not a compiled template at all",
    ]
    for number, path in enumerate(compiled(cache)):
        path.write_bytes(damages[number % len(damages)](path.read_bytes()))
    assert render("md", cache, tmp_path / "again") == clean
    assert render("md", cache, tmp_path / "once more") == clean


def test_an_unusable_cache_only_costs_time(tmp_path: Path) -> None:
    clean = render("md", tmp_path / "cache", tmp_path / "clean")
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be\n")
    assert render("md", blocked, tmp_path / "blocked") == clean


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    clean = render("md", cache, tmp_path / "clean")
    files = compiled(cache)
    folder = files[0].parent
    for path in files:
        path.unlink()
    folder.chmod(0o777)
    try:
        assert render("md", cache, tmp_path / "open") == clean
        assert list(folder.iterdir()) == []  # nothing written where others could swap it
    finally:
        folder.chmod(0o700)


def test_the_cache_is_kept_apart_per_environment_and_per_code(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    render("md", cache, tmp_path / "out.md")
    render("html", cache, tmp_path / "out.html")
    (tag,) = (cache / "prepctl" / "templates").iterdir()
    assert sorted(p.name for p in tag.iterdir()) == ["html", "markdown"]
    assert tag.name == templating._cache_tag()  # the tag of this very code


def test_compiled_templates_of_older_code_are_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    templates = cache / "prepctl" / "templates"
    old = [templates / f"{number:032x}" for number in range(templating._KEPT + 2)]
    for age, folder in enumerate(reversed(old)):
        (folder / "markdown").mkdir(parents=True)
        os.utime(folder, (1_000_000 + age, 1_000_000 + age))  # old[0] is the newest
    other = templates / "not-a-tag"
    other.mkdir()
    render("md", cache, tmp_path / "out.md")
    assert sorted(templates.iterdir()) == sorted(
        [*old[: templating._KEPT], other, templates / str(templating._cache_tag())]
    )


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
def test_a_compiled_template_others_could_have_written_is_not_read(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    clean = render("md", cache, tmp_path / "clean")
    files = compiled(cache)
    for path in files:
        path.chmod(0o666)  # valid compiled code, but anyone could have written it
    assert render("md", cache, tmp_path / "again") == clean
    # Not read: each was compiled again and written anew, for this user alone.
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in files)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
def test_cache_folders_are_made_private_whatever_the_umask(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = os.umask(0)
    try:
        render("md", cache, tmp_path / "out.md")
    finally:
        os.umask(before)
    made = [cache / "prepctl", cache / "prepctl" / "templates"]
    made += [folder for folder in made[1].rglob("*") if folder.is_dir()]
    assert all(folder.stat().st_mode & 0o777 == 0o700 for folder in made), [
        (folder, oct(folder.stat().st_mode)) for folder in made
    ]
