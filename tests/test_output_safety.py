"""Output safety: every write is whole or absent, ids never steer a path out of its folder,
and nothing reaches the network.

Writes are broken on purpose, in-process: the rename that puts a file in place fails, or the
disk fills up halfway through a write. Afterwards each file must hold what it held before or
exactly what an unbroken run writes, and no temporary file may be left behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import FRAMEWORK, GitRepo, Run
from hypothesis import given, settings
from hypothesis import strategies as st

from prepctl.core import changes
from prepctl.io import schemas

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
RunCli = Callable[..., Run]


# A workspace every writing command can work in ---------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository holding framework/ (released as framework-v1.0.0, then strengthened),
    messy/ (the same framework with its keys out of order) and files to overwrite."""
    repo = GitRepo(tmp_path_factory.mktemp("template") / "repo")
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    shutil.copytree(CORPUS / "base", repo.path / "framework")
    repo.commit("framework", "2026-01-01T12:00:00+00:00")
    repo.git("tag", "-a", "framework-v1.0.0", "-m", "first")
    category = repo.path / "framework" / "categories" / "cyber.yaml"
    category.write_text(category.read_text().replace("value: 0.5", "value: 0.4"))
    repo.commit("an earlier trigger", "2026-02-01T12:00:00+00:00")
    shutil.copytree(CORPUS / "base", repo.path / "messy")
    messy = repo.path / "messy" / "categories" / "cyber.yaml"
    lines = messy.read_text().splitlines(keepends=True)
    messy.write_text("".join([lines[1], lines[0], *lines[2:]]))
    manifest = repo.path / "messy" / "framework.yaml"
    lines = manifest.read_text().splitlines(keepends=True)
    manifest.write_text("".join([lines[1], lines[0], *lines[2:]]))
    (repo.path / "out").mkdir()
    for name in ("report.json", "out/document.html"):
        (repo.path / name).write_text("the previous run's output\n")
    (repo.path / "site").mkdir()
    return repo.path


WRITERS: dict[str, list[str]] = {
    "fmt": ["fmt", "messy"],
    "render -o": ["render", "framework", "-o", "out/document.html"],
    "lint -f json:FILE": ["lint", "framework", "-f", "json:report.json"],
    "diff -f json:FILE": ["diff", "messy", "framework", "-f", "json:report.json"],
    "log -f json:FILE": ["log", "-f", "json:report.json"],
    "record": [
        *("record", "--framework", "framework", "--id", "earlier-trigger", "--title", "Earlier"),
        *("--covers", "/categories/cyber", "--rationale", "Because."),
        *("--approved-by", "safety-board", "--approved-on", "2026-02-01"),
    ],
    "init": ["init", "scaffold"],
    "init --force": ["init", "messy", "--force"],
    "release": ["release", "--date", "2026-03-01"],
    "site": ["site", "-o", "site", "--force"],
}


def _commands() -> set[str]:
    from prepctl.cli import cli

    return set(cli.commands)


AVAILABLE = {label: args for label, args in WRITERS.items() if args[0] in _commands()}


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (git's own folder aside) and its content."""
    found: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == ".git" or not path.is_file() or path.is_symlink():
            continue
        found[relative.as_posix()] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def unbroken(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Any]:
    """What each writing command leaves when nothing fails (computed once each)."""
    results: dict[str, dict[str, bytes]] = {}

    def result(label: str) -> dict[str, bytes]:
        if label not in results:
            root = tmp_path_factory.mktemp("unbroken") / "repo"
            shutil.copytree(template, root, symlinks=True)
            with pytest.MonkeyPatch.context() as patch:
                patch.chdir(root)
                code = _run(AVAILABLE[label])
            assert code == 0, label
            results[label] = files(root)
        return results[label]

    return result


def _run(arguments: list[str]) -> int:
    import contextlib
    import io

    from prepctl.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(arguments)


class _DiskFull(OSError):
    def __init__(self) -> None:
        super().__init__(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _HalfWrites:
    """A binary stream that writes half of what it is given, then finds the disk full."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        self._stream.write(data[: len(data) // 2])
        self._stream.flush()
        raise _DiskFull()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __enter__(self) -> _HalfWrites:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


def _break_renames(patch: pytest.MonkeyPatch, after: int) -> None:
    """Renames succeed ``after`` times, then fail (os.replace and os.rename alike)."""
    calls = [0]

    def failing(real: Callable[..., Any]) -> Callable[..., Any]:
        def rename(*args: Any, **kwargs: Any) -> Any:
            calls[0] += 1
            if calls[0] > after:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return real(*args, **kwargs)

        return rename

    patch.setattr(os, "replace", failing(os.replace))
    patch.setattr(os, "rename", failing(os.rename))


def _break_writes(patch: pytest.MonkeyPatch) -> None:
    """Every file written through os.fdopen or Path.write_* gets half its bytes, then ENOSPC."""
    real_fdopen = os.fdopen
    real_write_bytes = Path.write_bytes

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = real_fdopen(fd, mode, *args, **kwargs)
        return _HalfWrites(stream) if "w" in mode and "b" in mode else stream

    def write_bytes(self: Path, data: bytes) -> int:
        real_write_bytes(self, data[: len(data) // 2])
        raise _DiskFull()

    def write_text(self: Path, data: str, *args: Any, **kwargs: Any) -> int:
        return write_bytes(self, data.encode("utf-8"))

    patch.setattr(os, "fdopen", fdopen)
    patch.setattr(Path, "write_bytes", write_bytes)
    patch.setattr(Path, "write_text", write_text)


# Commands that write several files and promise all of them or none; the others write each
# file whole, so a failure between two files leaves the first one written (fmt: formatted).
ALL_OR_NOTHING = {"release", "site", "init", "init --force"}

BREAKS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "the first rename fails": lambda patch: _break_renames(patch, 0),
    "the second rename fails": lambda patch: _break_renames(patch, 1),
    "the disk fills up mid-write": _break_writes,
}


@pytest.mark.parametrize("breakage", list(BREAKS))
@pytest.mark.parametrize("label", list(AVAILABLE))
def test_a_failed_write_leaves_whole_files_and_no_debris(
    template: Path,
    unbroken: Callable[[str], dict[str, bytes]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    label: str,
    breakage: str,
) -> None:
    after = unbroken(label)
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    before = files(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        BREAKS[breakage](patch)
        from prepctl.cli import main

        code = main(AVAILABLE[label])
    err = capsys.readouterr().err
    state = files(root)
    for name, content in state.items():
        allowed = [v for v in (before.get(name), after.get(name)) if v is not None]
        assert allowed, f"{label}: left {name} behind"
        assert content in allowed, f"{label}: {name} is neither the old file nor the new one"
    if code != 0 or breakage != "the second rename fails":
        assert code == 2, err
        assert err.startswith("prepctl: "), err
        assert err.count("\n") == 1, err
    if breakage != "the second rename fails" or label in ALL_OR_NOTHING:
        assert state == before, f"{label}: a failed run changed files"


# Paths from ids ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "record_id",
    ["../x", "..", "../../etc/cron.d/x", "/tmp/x", "a/b", "a\\b", ".hidden", "x.yaml", "", " x"],
)
def test_a_record_id_that_is_not_an_id_is_refused_before_any_path_is_built(
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record_id: str,
) -> None:
    shutil.copytree(CORPUS / "base", tmp_path / "framework")
    before = files(tmp_path)

    def no_write(*args: Any, **kwargs: Any) -> Path:
        raise AssertionError("changes.write was reached")

    monkeypatch.setattr(changes, "write", no_write)
    result = run_cli(
        *("record", "--framework", str(tmp_path / "framework"), "--id", record_id),
        *("--title", "T", "--covers", "/version", "--rationale", "R"),
        *("--approved-by", "safety-board", "--approved-on", "2026-01-01"),
    )
    assert result.code == 2
    assert result.err.startswith("prepctl: --id: must be"), result.err
    assert files(tmp_path) == before


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(
        schemas.bundle("framework")["$defs"]["common.identifier"]["pattern"], fullmatch=True
    )
)
def test_every_id_the_schema_allows_names_a_file_inside_its_folder(identifier: str) -> None:
    """Output paths are built from ids (changes/<id>.yaml, site folders, anchors): the id
    pattern itself keeps them inside their folder."""
    folder = Path("/framework/changes")
    target = folder / f"{identifier}.yaml"
    assert target.parent == folder
    assert os.path.normpath(target) == str(target)
    assert target.name == f"{identifier}.yaml"


# No network --------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to reach the network is recorded, and fails."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError(errno.ENETUNREACH, "prepctl must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize(
    "arguments",
    [
        ["lint", str(FRAMEWORK)],
        ["lint", str(FRAMEWORK), "-f", "sarif"],
        ["diff", str(FRAMEWORK), str(FRAMEWORK)],
        ["render", str(FRAMEWORK), "-f", "html"],
        ["render", str(FRAMEWORK), "-f", "md"],
        ["schema", "framework"],
    ],
    ids=" ".join,
)
def test_no_ref_is_ever_fetched(
    run_cli: RunCli, no_network: list[Any], arguments: list[str]
) -> None:
    result = run_cli(*arguments)
    assert result.code == 0, result.err
    assert no_network == []


def test_a_ref_in_a_framework_file_is_data_not_a_link(
    run_cli: RunCli, tmp_path: Path, no_network: list[Any]
) -> None:
    shutil.copytree(CORPUS / "base", tmp_path / "framework")
    category = tmp_path / "framework" / "categories" / "cyber.yaml"
    category.write_text(
        category.read_text().replace(
            "status: tracked\n", 'status: tracked\n$ref: "http://127.0.0.1:9/schema.json"\n'
        )
    )
    result = run_cli("lint", str(tmp_path / "framework"))
    assert result.code == 1
    assert "unknown key '$ref'" in result.out
    assert no_network == []
