"""Where outputs go: a symbolic link is written through, never replaced; a device or a named
pipe is written to, never replaced by a regular file; standard output and standard error named
as files are the command's own streams; and no output lands inside the framework it reads.

Nothing here touches the machine's own /dev: devices are reached through links in a temporary
folder, and /dev/stdout is never opened by name (prepctl writes to its stream instead).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FRAMEWORK, Run

from prepctl.errors import PrepctlError
from prepctl.io.output import write_atomic

RunCli = Callable[..., Run]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "work" / "framework"
    shutil.copytree(FRAMEWORK, copy)
    return copy


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def one_error_line(result: Run) -> str:
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    (line,) = result.err.splitlines()
    assert line.startswith("prepctl: ")
    return line


def test_a_symbolic_link_is_written_through_and_kept(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    real = tmp_path / "published" / "framework.md"
    real.parent.mkdir()
    real.write_text("old\n")
    os.chmod(real, 0o640)
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    assert run_cli("render", str(folder), "-f", "md", "-o", str(link)).code == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_text().startswith("# ")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the file's mode kept
    assert sorted(p.name for p in real.parent.iterdir()) == ["framework.md"]  # no debris


def test_a_link_to_nothing_is_refused_and_left_alone(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "missing" / "out.md")
    line = one_error_line(run_cli("render", str(folder), "-f", "md", "-o", str(link)))
    assert "symbolic link" in line
    assert "does not exist" in line
    assert link.is_symlink()
    assert not (tmp_path / "missing").exists()


def test_a_character_device_is_written_to_not_replaced(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    null = tmp_path / "null"
    null.symlink_to(os.devnull)
    device = os.stat(os.devnull)
    assert stat.S_ISCHR(device.st_mode)
    assert run_cli("render", str(folder), "-f", "md", "-o", str(null)).code == 0
    assert run_cli("lint", str(folder), "-f", f"json:{null}").code == 0
    assert null.is_symlink()
    assert os.readlink(null) == os.devnull
    after = os.stat(os.devnull)
    assert (after.st_ino, after.st_rdev, stat.S_ISCHR(after.st_mode)) == (
        device.st_ino,
        device.st_rdev,
        True,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "work"]


def test_a_named_pipe_is_written_to_not_replaced(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    pipe = tmp_path / "report.fifo"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert run_cli("lint", str(folder), "-f", f"json:{pipe}").code == 0
    reader.join(timeout=30)
    assert not reader.is_alive()
    assert json.loads(received[0])["findings"] == []
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo", "work"]


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_standard_output_named_as_a_file_is_standard_output(
    run_cli: RunCli, folder: Path, name: str
) -> None:
    result = run_cli("lint", str(folder), "-f", "text", "-f", f"json:{name}")
    assert result.code == 0, result.err
    text, _, report = result.out.partition("{")
    assert text.startswith("no findings")
    assert json.loads("{" + report)["findings"] == []
    rendered = run_cli("render", str(folder), "-f", "md", "-o", name)
    assert rendered.code == 0
    assert rendered.out.startswith("# ")


def test_standard_error_named_as_a_file_is_standard_error(run_cli: RunCli, folder: Path) -> None:
    result = run_cli("lint", str(folder), "-f", "sarif:/dev/stderr")
    assert result.code == 0
    assert json.loads(result.err)["version"] == "2.1.0"


@pytest.mark.parametrize(
    "inside", ["framework.yaml", "categories/cybersecurity.yaml", "new.md", "changes/x.html", "."]
)
def test_an_output_never_lands_inside_the_framework_it_reads(
    run_cli: RunCli, folder: Path, inside: str
) -> None:
    before = snapshot(folder.parent)
    target = str(folder / inside)
    # A name such as framework.yaml is refused for its suffix too; -f for a name that does not
    # say its format tests the other guard.
    given = [] if target.endswith(".md") else ["-f", "html"]
    line = one_error_line(run_cli("render", str(folder), *given, "-o", target))
    assert "inside the framework folder" in line
    line = one_error_line(run_cli("lint", str(folder), "-f", f"json:{target}"))
    assert "inside the framework folder" in line
    assert snapshot(folder.parent) == before


def test_a_link_into_the_framework_is_refused_too(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    link = tmp_path / "innocent.html"
    link.symlink_to(folder / "framework.yaml")
    before = (folder / "framework.yaml").read_bytes()
    one_error_line(run_cli("render", str(folder), "-o", str(link)))
    assert (folder / "framework.yaml").read_bytes() == before


def test_beside_the_framework_is_fine(run_cli: RunCli, folder: Path) -> None:
    assert run_cli("render", str(folder), "-o", str(folder.parent / "framework.html")).code == 0
    assert (folder.parent / "framework.html").read_text().startswith("<!DOCTYPE html>")


def test_write_atomic_refuses_folders_and_sockets(tmp_path: Path) -> None:
    import socket

    with pytest.raises(PrepctlError, match="it is a folder"):
        write_atomic(tmp_path, "x")
    address = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(address))
        with pytest.raises(PrepctlError, match="socket"):
            write_atomic(address, "x")
        assert stat.S_ISSOCK(os.lstat(address).st_mode)
