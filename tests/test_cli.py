"""The command line's contract: exit codes, streams and one-line errors are public API."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import FRAMEWORK, ROOT, Run

from prepctl import __version__

RunCli = Callable[..., Run]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    manifest = folder / "framework.yaml"
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: one"))
    return folder


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert (result.code, result.out) == (0, f"prepctl, version {__version__}\n")


def test_python_dash_m_runs_the_same_program() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "prepctl", "--version"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0
    assert completed.stdout.strip() == f"prepctl, version {__version__}"


def test_help_lists_the_commands(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.code == 0
    assert "lint" in result.out
    assert "schema" in result.out


def test_clean_framework_exits_zero(run_cli: RunCli) -> None:
    result = run_cli("lint", str(FRAMEWORK))
    assert result.code == 0, result.out
    assert result.out.startswith("no findings in ")
    assert result.err == ""


def test_findings_exit_one_with_located_lines(run_cli: RunCli, broken: Path) -> None:
    result = run_cli("lint", str(broken))
    assert result.code == 1
    line = next(line for line in result.out.splitlines() if "[schema]" in line)
    text = (broken / "framework.yaml").read_text().splitlines()
    number = text.index("version: one") + 1
    assert line.startswith(f"{broken}/framework.yaml:{number}:10: error[schema] /version: ")


def test_file_argument_lints_its_framework(run_cli: RunCli, broken: Path) -> None:
    result = run_cli("lint", str(broken / "categories" / "cybersecurity.yaml"))
    assert result.code == 1
    assert "/version" in result.out


def test_no_argument_finds_the_framework_from_the_working_directory(
    run_cli: RunCli, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken.parent)
    result = run_cli("lint")
    assert result.code == 1
    assert result.out.startswith("framework/framework.yaml:")
    monkeypatch.chdir(broken / "categories")
    assert run_cli("lint").code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lint", "no-such-place"], "prepctl: 'no-such-place' is not a framework folder or file\n"),
        (["schema", "nope"], "prepctl: no schema named 'nope' (known: "),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_two(
    run_cli: RunCli, args: list[str], message: str
) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1
    assert result.out == ""


def test_folder_without_manifest(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("lint", str(tmp_path))
    assert result.code == 2
    assert result.err == f"prepctl: {tmp_path}: not a framework folder (no framework.yaml in it)\n"


def test_malformed_yaml_is_located_and_never_a_traceback(broken: Path) -> None:
    target = broken / "categories" / "cybersecurity.yaml"
    target.write_text(target.read_text() + "status: tracked\n")
    completed = subprocess.run(
        [sys.executable, "-m", "prepctl", "lint", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.startswith(f"prepctl: {target}:")
    assert "duplicate key 'status' (first at line" in completed.stderr


def test_unknown_format_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("lint", str(FRAMEWORK), "-f", "yaml")
    assert result.code == 2
    assert "unknown format 'yaml'" in result.err


def test_two_formats_on_stdout_are_refused(run_cli: RunCli) -> None:
    result = run_cli("lint", str(FRAMEWORK), "-f", "text", "-f", "json")
    assert result.code == 2
    assert "only one format can go to standard output" in result.err


def test_format_to_file(run_cli: RunCli, broken: Path, tmp_path: Path) -> None:
    report = tmp_path / "out" / "lint.json"
    report.parent.mkdir()
    result = run_cli("lint", str(broken), "-f", "text", "-f", f"json:{report}")
    assert result.code == 1
    payload = json.loads(report.read_text())
    assert payload["findings"][0]["address"] == "/version"
    assert payload["findings"][0]["rule"] == "schema"
    assert [p.name for p in report.parent.iterdir()] == ["lint.json"]
    assert "error[schema]" in result.out


def test_schema_lists_and_prints(run_cli: RunCli) -> None:
    listing = run_cli("schema")
    assert listing.code == 0
    assert "category" in listing.out
    printed = run_cli("schema", "category")
    assert printed.code == 0
    schema = json.loads(printed.out)
    assert schema["title"] == "Risk category"
    assert all(ref.startswith("#/") for ref in _refs(schema))


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_shipped_files_carry_the_editor_modeline() -> None:
    for path in FRAMEWORK.rglob("*.yaml"):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        expected = {"categories": "category", "safeguards": "safeguard", "changes": "change-record"}
        name = expected.get(path.parent.name, "framework")
        assert target == ROOT / "schemas" / f"{name}.schema.json", path


NOT_UTF8 = b"\xff"
# Each command with an argument that is not UTF-8 (a byte as a shell's $'\xff' passes it):
# paths, refs, addresses, names and values, echoed back in messages and reports.
NON_UTF8_ARGUMENTS: list[list[bytes]] = [
    [b"lint", NOT_UTF8],
    [b"lint", b"framework", b"-f", b"json:" + NOT_UTF8],
    [b"lint", b"framework", b"--today", NOT_UTF8],
    [b"lint", b"framework", b"--config", NOT_UTF8],
    [b"lint", b"-f", NOT_UTF8],
    [b"diff", NOT_UTF8],
    [b"diff", b"framework", b"framework" + NOT_UTF8],
    [b"diff", b"framework", b"copy" + NOT_UTF8],
    [b"log", b"/categories/x" + NOT_UTF8],
    [b"log", b"-f", b"json", b"/categories/x" + NOT_UTF8],
    [b"render", b"framework" + NOT_UTF8],
    [b"render", b"framework", b"-f", b"md", b"--against", b"copy" + NOT_UTF8],
    [b"render", b"framework", b"-o", b"out" + NOT_UTF8 + b".html"],
    [b"explain", NOT_UTF8],
    [b"schema", NOT_UTF8],
    [b"fmt", b"--check", NOT_UTF8],
    [b"coverage", b"framework", b"--profile", NOT_UTF8],
    [b"changelog", NOT_UTF8 + b".."],
    [b"git-diff-driver", NOT_UTF8],
    [b"git-diff-driver", b"a" + NOT_UTF8, NOT_UTF8, b"1", b"100644", NOT_UTF8, b"2", b"100644"],
    [NOT_UTF8],
]


@pytest.mark.parametrize(
    "arguments",
    NON_UTF8_ARGUMENTS,
    ids=[b" ".join(a).decode("latin-1") for a in NON_UTF8_ARGUMENTS],
)
def test_an_argument_that_is_not_utf8_is_never_a_traceback(
    arguments: list[bytes], tmp_path: Path
) -> None:
    shutil.copytree(FRAMEWORK, tmp_path / "framework")
    shutil.copytree(FRAMEWORK, tmp_path / ("copy" + NOT_UTF8.decode("latin-1")))
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    # A UTF-8 locale's standard output refuses what is not UTF-8 (the C locale's would pass
    # the bytes through): the strictest terminal there is.
    completed = subprocess.run(
        [sys.executable.encode(), b"-m", b"prepctl", *arguments],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        timeout=60,
        check=False,
    )
    err = completed.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert completed.returncode in (0, 1, 2), err
    if err.startswith("prepctl: "):
        assert err.count("\n") == 1, err
        assert "\\udcff" not in err  # the byte is named as the byte it is: \xff
    completed.stdout.decode("utf-8")  # whatever is printed is UTF-8


def _entry_points() -> list[Any]:
    script = Path(sys.executable).parent / "prepctl"
    return [
        pytest.param([sys.executable, "-m", "prepctl"], id="python -m prepctl"),
        pytest.param(
            [str(script)],
            id="prepctl",
            marks=pytest.mark.skipif(not script.is_file(), reason="no console script here"),
        ),
    ]


@pytest.mark.parametrize("delay", [0.0, 0.005, 0.02, 0.05])
@pytest.mark.parametrize("command", _entry_points())
def test_ctrl_c_from_the_first_import_on_is_one_line_and_exit_130(
    command: list[str], delay: float, tmp_path: Path
) -> None:
    """Ctrl-C while prepctl is still importing (its first tenth of a second) ends as Ctrl-C
    does later on. The process reports each import as it completes (PYTHONPROFILEIMPORTTIME):
    the interrupt goes ``delay`` seconds after click's first module has loaded, so that it
    lands in prepctl's imports or its first steps, never in Python's own start-up (the
    interpreter, site, and the console script's own ``import re``), which no program can
    catch."""
    environment = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(5):
        process = subprocess.Popen(
            [*command, "render", str(FRAMEWORK), "-o", str(out / "framework.html")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment,
            text=True,
        )
        assert process.stderr is not None
        early: list[str] = []
        for line in process.stderr:
            early.append(line)
            if re.search(r"\|\s*click[.\w]*$", line):
                break
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=60)
        said = [
            line
            for line in "".join(early).splitlines() + rest.splitlines()
            if line.strip() and not line.startswith("import time:")
        ]
        assert said == ["prepctl: interrupted"], "\n".join(said)
        assert process.returncode == 130
        assert list(out.iterdir()) == []  # nothing written, not even half


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["render", str(FRAMEWORK), "-o", ""], "prepctl: '-o' names no file\n"),
        (["site", "-o", ""], "prepctl: '-o' names no folder\n"),
    ],
)
def test_an_empty_output_path_names_nothing(
    run_cli: RunCli, arguments: list[str], message: str
) -> None:
    result = run_cli(*arguments)
    assert (result.code, result.out, result.err) == (2, "", message)
