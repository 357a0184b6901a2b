"""Format names mean the same in every command (``md`` and ``markdown`` alike), and a rendered
file's name never contradicts its format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FIXTURES, FRAMEWORK, Run

RunCli = Callable[..., Run]
OLD = str(FIXTURES / "openai-pf-beta-2023")


@pytest.mark.parametrize(
    "command",
    [
        ["diff", OLD, str(FRAMEWORK), "--fail-on", "none", "-f"],
        ["coverage", str(FRAMEWORK), "-f"],
        ["render", str(FRAMEWORK), "-f"],
        ["rules", "--format"],
        ["rules", "-f"],
    ],
)
def test_md_and_markdown_name_one_format(run_cli: RunCli, command: list[str]) -> None:
    short, long = run_cli(*command, "md"), run_cli(*command, "markdown")
    assert short.code == long.code == 0, short.err + long.err
    assert short.err == long.err == ""
    assert short.out == long.out
    assert short.out.startswith("#")  # Markdown, not the text report


def test_md_to_a_file_is_markdown(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "comment.md"
    result = run_cli("diff", OLD, str(FRAMEWORK), "--fail-on", "none", "-f", f"md:{target}")
    assert result.code == 0, result.err
    assert target.read_text().startswith("### Preparedness framework")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "framework.docx"],
            "prepctl: cannot tell the format of 'framework.docx' from its name: give "
            "-f html, md or pdf, or a name ending in .html, .md or .pdf",
        ),
        (
            ["-f", "md", "-o", "framework.html"],
            "prepctl: '-f md' contradicts the name 'framework.html', which means html: drop -f, "
            "or name the file .md",
        ),
        (
            ["-f", "markdown", "-o", "framework.pdf"],
            "prepctl: '-f markdown' contradicts the name 'framework.pdf', which means pdf",
        ),
        (
            ["-f", "html", "-o", "framework.MD"],
            "prepctl: '-f html' contradicts the name 'framework.MD', which means md: drop -f, "
            "or name the file .html",
        ),
        (["-o", ""], "prepctl: '-o' names no file"),
    ],
)
def test_a_file_name_that_contradicts_the_format_is_refused(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("render", str(FRAMEWORK), *args)
    assert result.code == 2
    assert result.err.startswith(message), result.err
    assert result.err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["-o", "out.md"], "# "),
        (["-o", "out.markdown"], "# "),
        (["-o", "out.HTML"], "<!DOCTYPE html>"),
        (["-o", "out"], "<!DOCTYPE html>"),  # no suffix: the default, HTML
        (["-f", "md", "-o", "out.txt"], "# "),  # a name that says nothing: -f decides
        (["-f", "markdown", "-o", "out.md"], "# "),
    ],
)
def test_the_format_follows_the_name_when_it_can(
    run_cli: RunCli, tmp_path: Path, args: list[str], start: str
) -> None:
    args = [arg if arg.startswith("-") or "." not in arg else str(tmp_path / arg) for arg in args]
    if args[-1] == "out":
        args[-1] = str(tmp_path / "out")
    result = run_cli("render", str(FRAMEWORK), *args)
    assert result.code == 0, result.err
    assert Path(args[-1]).read_text().lstrip().startswith(start)
