"""Bad, hostile and strange input through the command line: the corpus in tests/bad_inputs/
(cases.toml there says what each case expects) and the git faults tests/test_git.py leaves out.

Every run is a process of its own with a 1 GiB address-space limit, so that a blow-up fails
cleanly instead of swapping, and a timeout that only detects hangs: it asserts nothing about
speed. The corpus runs hundreds of commands, so its processes are forked from a server that
has imported prepctl once (tests/bad_inputs/forkserver.py: the same ``prepctl.cli.main``,
exiting as ``python -m prepctl`` does); the other tests here run ``python -m prepctl`` itself.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import GIT_ENV, GitRepo
from helpers.bad_inputs import (
    CORPUS,
    HANG_SECONDS,
    MEMORY_BYTES,
    Outcome,
    assert_well_behaved,
    run_prepctl,
)

from prepctl.io.yaml import MAX_FILE_BYTES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

COMMANDS = {
    "lint": ["lint", "case"],
    "diff-as-head": ["diff", "base", "case"],
    "diff-as-base": ["diff", "case", "base"],
    "fmt": ["fmt", "--check", "case"],
    "render": ["render", "-f", "md", "case"],
}
# The only escape sequences prepctl itself writes (prepctl.terminal), with --color always.
OWN_COLOURS = re.compile(rb"\x1b\[(?:0|1|2|31|32|33|34)m")


# Running prepctl --------------------------------------------------------------------------


class ForkServer:
    """tests/bad_inputs/forkserver.py, running: each run a fresh process forked from it."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CORPUS / "forkserver.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={k: v for k, v in os.environ.items() if k != "NO_COLOR"},
        )

    def run(self, runs: list[list[str]], cwd: Path) -> list[Outcome]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        with tempfile.TemporaryDirectory() as folder:
            streams = [
                (Path(folder, f"{i}.out"), Path(folder, f"{i}.err")) for i in range(len(runs))
            ]
            request = {
                "runs": [
                    {"args": arguments, "cwd": str(cwd), "out": str(out), "err": str(err)}
                    for arguments, (out, err) in zip(runs, streams, strict=True)
                ],
                "timeout": HANG_SECONDS,
                "memory": MEMORY_BYTES,
            }
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            codes = json.loads(self.process.stdout.readline())["codes"]
            return [
                Outcome(tuple(arguments), code, out.read_bytes(), err.read_bytes())
                for arguments, code, (out, err) in zip(runs, codes, streams, strict=True)
            ]

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=HANG_SECONDS)
        self.process.stdout.close()


# The corpus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    exit: int
    line: int | None = None
    column: int | None = None
    message: str | None = None
    rule: str | None = None
    generate: str | None = None
    commands: dict[str, dict[str, Any]] = field(default_factory=dict)
    skip: dict[str, str] = field(default_factory=dict)
    xfail: dict[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        return f"case/{self.file}:{self.line}:{self.column}: "


def _load_cases() -> list[Case]:
    table = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
    cases = []
    for name, entry in table.items():
        overrides = {command: entry.pop(command) for command in COMMANDS if command in entry}
        cases.append(Case(name=name, commands=overrides, **entry))
    return cases


CASES = _load_cases()


def _case_file(case: Case) -> Path:
    return CORPUS / "cases" / (case.name + Path(case.file).suffix)


# Builders for cases that cannot or should not be committed: each edits the case folder.


def huge_file(case: Path) -> None:
    target = case / "categories" / "cyber.yaml"
    with target.open("r+b") as stream:  # sparse: no 16 MiB written to disk
        stream.truncate(MAX_FILE_BYTES + 1)


def long_line(case: Path) -> None:
    target = case / "categories" / "cyber.yaml"
    text = target.read_text(encoding="utf-8")
    old = "summary: Cyber operations against hardened targets."
    target.write_text(text.replace(old, "summary: " + "word " * 1_000_000 + "end"))


def too_many_values(case: Path) -> None:
    with (case / "categories" / "cyber.yaml").open("a", encoding="utf-8") as stream:
        stream.write("x-values: [" + "1, " * 150_000 + "1]\n")


def folder_named_like_a_file(case: Path) -> None:
    (case / "categories" / "extra.yaml").mkdir()


def folder_as_manifest(case: Path) -> None:
    (case / "framework.yaml").unlink()
    (case / "framework.yaml").mkdir()


def symlink_leaving_the_framework(case: Path) -> None:
    outside = case.parent / "outside.yaml"
    outside.write_text("id: outside\nname: Outside\nstatus: research\n", encoding="utf-8")
    (case / "categories" / "outside.yaml").symlink_to(Path("..", "..", "outside.yaml"))


def symlink_to_etc_passwd(case: Path) -> None:
    (case / "categories" / "passwd.yaml").symlink_to("/etc/passwd")


def symlink_loop(case: Path) -> None:
    (case / "categories" / "a.yaml").symlink_to("b.yaml")
    (case / "categories" / "b.yaml").symlink_to("a.yaml")


def dangling_symlink(case: Path) -> None:
    (case / "categories" / "gone.yaml").symlink_to("nowhere.yaml")


def fifo(case: Path) -> None:
    os.mkfifo(case / "categories" / "x.yaml")


def fifo_as_manifest(case: Path) -> None:
    (case / "framework.yaml").unlink()
    os.mkfifo(case / "framework.yaml")


def unreadable_file(case: Path) -> None:
    (case / "categories" / "cyber.yaml").chmod(0)


RESPONSE = "response: The model must not be deployed until verified defenders have access."


def should_repeated(case: Path) -> None:
    target = case / "categories" / "cyber.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(RESPONSE, "response: " + "x Should " * 30_000 + "must"))


def should_after_line_breaks(case: Path) -> None:
    target = case / "categories" / "cyber.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(RESPONSE, 'response: "' + "\\n" * 60_000 + 'x Should must"'))


BUILDERS: dict[str, Callable[[Path], None]] = {
    builder.__name__: builder
    for builder in (
        huge_file,
        long_line,
        too_many_values,
        folder_named_like_a_file,
        folder_as_manifest,
        symlink_leaving_the_framework,
        symlink_to_etc_passwd,
        symlink_loop,
        dangling_symlink,
        fifo,
        fifo_as_manifest,
        unreadable_file,
        should_repeated,
        should_after_line_breaks,
    )
}


def build(case: Case, root: Path) -> None:
    """``root/base`` (the clean framework) and ``root/case`` (it, broken as the case says)."""
    shutil.copytree(CORPUS / "base", root / "base")
    shutil.copytree(CORPUS / "base", root / "case")
    if case.generate is not None:
        BUILDERS[case.generate](root / "case")
    else:
        shutil.copyfile(_case_file(case), root / "case" / case.file)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Case, str], Outcome]]:
    """The outcome of one command on one case; a case's commands all run on first use."""
    outcomes: dict[tuple[str, str], Outcome] = {}
    built: list[Path] = []
    server = ForkServer()

    def outcome(case: Case, command: str) -> Outcome:
        if (case.name, command) not in outcomes:
            root = tmp_path_factory.mktemp(case.name)
            build(case, root)
            built.append(root)
            names = [name for name in COMMANDS if not _skipped(case, name)]
            results = server.run([COMMANDS[name] for name in names], cwd=root)
            outcomes.update({(case.name, name): r for name, r in zip(names, results, strict=True)})
        return outcomes[(case.name, command)]

    yield outcome
    server.close()
    for root in built:  # let pytest clear its temporary folders later
        for path in root.rglob("*"):
            if not path.is_symlink() and path.exists():
                path.chmod(0o755 if path.is_dir() else 0o644)


def _skipped(case: Case, command: str) -> str | None:
    """Why a command is not run on a case, if it is not."""
    if case.generate == "unreadable_file" and os.geteuid() == 0:
        return "root reads files whatever their mode"
    return case.skip.get(command)


def _parameters() -> Iterator[Any]:
    for case in CASES:
        for command in COMMANDS:
            marks: list[Any] = []
            reason = _skipped(case, command)
            if reason is not None:
                marks.append(pytest.mark.skip(reason=reason))
            if command in case.xfail:
                marks.append(pytest.mark.xfail(reason=case.xfail[command], strict=True))
            yield pytest.param(case, command, marks=marks, id=f"{case.name}:{command}")


@pytest.mark.parametrize(("case", "command"), list(_parameters()))
def test_bad_input(corpus: Callable[[Case, str], Outcome], case: Case, command: str) -> None:
    outcome = corpus(case, command)
    assert_well_behaved(outcome)
    override = case.commands.get(command)
    if override is not None:
        assert outcome.code == override["exit"], outcome.stderr()
        if "message" in override:
            assert override["message"] in outcome.stderr()
    elif case.exit == 2:
        assert outcome.code == 2, outcome
        assert outcome.stderr().startswith(f"prepctl: {case.location}{case.message}"), (
            outcome.stderr()
        )
        if command == "lint":  # and the report lists it, as a finding of the yaml rule
            found = [
                line
                for line in outcome.stdout_lines()
                if line.startswith(f"{case.location}error[yaml]") and str(case.message) in line
            ]
            assert found, "\n".join(outcome.stdout_lines())
    elif command == "lint":
        assert outcome.code == case.exit, outcome
        if case.exit == 1:
            finding = re.compile(rf"{re.escape(case.location)}(?:error|warning)\[{case.rule}\] ")
            found = [
                line
                for line in outcome.stdout_lines()
                if finding.match(line) and str(case.message) in line
            ]
            assert found, "\n".join(outcome.stdout_lines())
    elif command == "render":
        if case.rule == "schema":
            assert outcome.code == 2
            assert outcome.stderr().startswith("prepctl: cannot render case: ")
            assert f"{case.location}{case.message}" in outcome.stderr()
        else:
            assert outcome.code == 0, outcome.stderr()
    else:
        assert outcome.code in (0, 1), outcome.stderr()


def test_every_case_file_has_an_entry_and_every_entry_its_input() -> None:
    committed = {path.name for path in (CORPUS / "cases").iterdir()}
    expected = {_case_file(case).name for case in CASES if case.generate is None}
    assert committed == expected
    assert {case.generate for case in CASES if case.generate} == set(BUILDERS)


def test_the_base_framework_is_clean() -> None:
    (lint, fmt) = run_prepctl([["lint", "base"], ["fmt", "--check", "base"]], cwd=CORPUS)
    assert (lint.code, fmt.code) == (0, 0), lint.out + lint.err + fmt.err


# Hostile text in every output -------------------------------------------------------------


def _formats(module: str, registry: str) -> list[str]:
    try:
        return list(getattr(importlib.import_module(module), registry))
    except ImportError:  # pragma: no cover - a reporter family not there yet
        return []


def _hostile_runs() -> dict[str, list[str]]:
    runs = {
        f"lint -f {name}": ["lint", "findings", "-f", name]
        for name in _formats("prepctl.reporters", "LINT_REPORTERS")
    }
    runs.update(
        {
            f"diff -f {name}": ["diff", "HEAD~1", "HEAD", "-f", name]
            for name in _formats("prepctl.reporters", "DIFF_REPORTERS")
        }
    )
    runs.update(
        {
            f"log -f {name}": ["log", "-f", name]
            for name in _formats("prepctl.reporters", "LOG_REPORTERS")
        }
    )
    runs["render -f md"] = ["render", "framework", "-f", "md"]
    runs["render -f html"] = ["render", "framework", "-f", "html"]
    runs["render -f md --against HEAD~1"] = [
        "render",
        "framework",
        "-f",
        "md",
        "--against",
        "HEAD~1",
    ]
    runs["diff --color always"] = ["diff", "HEAD~1", "HEAD", "--color", "always"]
    runs["lint --color always"] = ["lint", "findings", "--color", "always"]
    runs["error message"] = ["lint", "broken"]
    return runs


HOSTILE_RUNS = _hostile_runs()
# The outputs that name a finding's or a change's file as text.
NAMES_A_FILE = ("lint -f text", "lint -f json", "lint -f sarif", "diff -f text", "diff -f json")


NEWLINE_NAME = "nl\nline.yaml"


def _add_invisible_categories(framework: Path) -> None:
    """Two more categories: the corpus's case with invisible characters everywhere, and one in
    a file whose name holds a line break (its id does not match it: a file-name finding)."""
    text = (CORPUS / "cases" / "escapes-everywhere.yaml").read_text(encoding="utf-8")
    categories = framework / "categories"
    (categories / "hostile.yaml").write_text(text.replace("id: cyber", "id: hostile", 1))
    plain = (CORPUS / "base" / "categories" / "cyber.yaml").read_text(encoding="utf-8")
    (categories / NEWLINE_NAME).write_text(plain.replace("id: cyber", "id: nl-line", 1))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """A repository whose last commit (by an author with invisible characters in their name)
    put terminal escapes, bidirectional overrides and invisible characters into the
    framework's text (the corpus's hostile cases) and a category file whose name holds a line
    break, each output format run on it once."""
    repo = GitRepo(tmp_path_factory.mktemp("hostile"))
    repo.git("init", "-q", "-b", "main")
    shutil.copytree(CORPUS / "base", repo.path / "framework")
    repo.commit("clean")
    category = repo.path / "framework" / "categories" / "cyber.yaml"
    shutil.copyfile(CORPUS / "cases" / "terminal-escapes-in-text.yaml", category)
    shutil.copyfile(
        CORPUS / "cases" / "escapes-in-changelog.md", repo.path / "framework" / "CHANGELOG.md"
    )
    safeguard = repo.path / "framework" / "safeguards" / "monitoring.yaml"
    safeguard.write_text(
        safeguard.read_text().replace(
            "summary: Watches how deployed models are used.",
            'summary: "Watches \\u202Eesu\\u202C and \\e]8;;https://evil.example\\e\\\\links\\e]8;;\\e\\\\."',
        )
    )
    _add_invisible_categories(repo.path / "framework")
    repo.git("add", "-A")
    author = "Mallory \u202eyrollaM\u061c \u200b\u2028\u009b <mallory@example.com>"
    repo.git("commit", "-q", "-m", "hostile", "--author", author)
    shutil.copytree(CORPUS / "base", repo.path / "findings")
    shutil.copyfile(
        CORPUS / "cases" / "terminal-escape-in-id.yaml",
        repo.path / "findings" / "categories" / "cyber.yaml",
    )
    _add_invisible_categories(repo.path / "findings")
    shutil.copytree(CORPUS / "base", repo.path / "broken")
    (repo.path / "broken" / "categories" / "cy\x1b]0;owned\x07.yaml").write_text("id: [\n")
    outcomes = run_prepctl(list(HOSTILE_RUNS.values()), cwd=repo.path, env=GIT_ENV)
    return dict(zip(HOSTILE_RUNS, outcomes, strict=True))


@pytest.mark.parametrize("label", list(HOSTILE_RUNS))
def test_hostile_text_never_reaches_the_terminal(hostile: dict[str, Outcome], label: str) -> None:
    outcome = hostile[label]
    if "--color always" in label:
        assert OWN_COLOURS.search(outcome.out), "no colour at all: the test proves nothing"
        outcome = Outcome(
            outcome.arguments, outcome.code, OWN_COLOURS.sub(b"", outcome.out), outcome.err
        )
    assert_well_behaved(outcome)
    shown = outcome.out + outcome.err
    # A line break in a file name is shown escaped, never as a line break of the output
    # (JUnit's XML keeps line breaks in the text of a failure, as in a multi-line message).
    if "junit" not in label:
        assert NEWLINE_NAME.encode() not in shown, label
    if label in NAMES_A_FILE:
        assert NEWLINE_NAME.replace("\n", "\\n").encode() in shown, label
    if label == "error message":
        assert outcome.code == 2
        assert "cy\\x1b]0;owned\\x07.yaml" in outcome.stderr()
    else:
        assert outcome.code in (0, 1), outcome.stderr()
        # The text is still there, shown as escapes, not dropped.
        assert b"x1b" in shown or b"u001b" in shown or b"&#27;" in shown, label


# Git faults that tests/test_git.py does not cover -----------------------------------------


def _object_path(repo: GitRepo, name: str) -> Path:
    sha = repo.git("rev-parse", name)
    return repo.path / ".git" / "objects" / sha[:2] / sha[2:]


def _corrupt(repo: GitRepo, name: str) -> None:
    """Overwrite bytes in the middle of a loose object: zlib can no longer inflate it."""
    path = _object_path(repo, name)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[10:24] = b"garbagegarbage"
    path.write_bytes(bytes(data))


def corrupt_blob(repo: GitRepo) -> None:
    _corrupt(repo, "HEAD:framework/categories/cyber.yaml")


def corrupt_tree(repo: GitRepo) -> None:
    _corrupt(repo, "HEAD:framework/categories")


def corrupt_commit(repo: GitRepo) -> None:
    _corrupt(repo, "HEAD")


def submodule_named_like_a_file(repo: GitRepo) -> None:
    """A gitlink (what a submodule leaves in a tree) where a category file would be."""
    commit = repo.git("rev-parse", "HEAD")
    cacheinfo = f"160000,{commit},framework/categories/sub.yaml"
    repo.git("update-index", "--add", "--cacheinfo", cacheinfo)
    repo.git("commit", "-q", "-m", "a submodule")  # not repo.commit: its 'add -A' would drop it


def oversized_blob(repo: GitRepo) -> None:
    (repo.path / "framework" / "categories" / "big.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    repo.commit("a huge file")


def no_commits(repo: GitRepo) -> None:
    shutil.rmtree(repo.path / ".git")
    repo.git("init", "-q", "-b", "main")


READ_FAILS = "cannot read framework at ref 'HEAD"
OUTSIDE = "PATH must lie inside the repository"
# fault (None: the clean repository), command, what the one line on stderr says after 'prepctl: '
GIT_FAULTS: list[tuple[Callable[[GitRepo], None] | None, str, str]] = [
    (corrupt_blob, "lint HEAD", READ_FAILS),
    (corrupt_blob, "diff HEAD~1 HEAD", READ_FAILS),
    (corrupt_tree, "render HEAD -f md", READ_FAILS),
    (corrupt_commit, "diff HEAD~1 HEAD", READ_FAILS),
    (corrupt_commit, "lint HEAD", ""),
    (submodule_named_like_a_file, "lint HEAD", "HEAD:framework/categories/sub.yaml:1:1: is a"),
    (oversized_blob, "lint HEAD", "HEAD:framework/categories/big.yaml:1:1: file is 16,777,217"),
    (no_commits, "diff", f"{READ_FAILS}': the repository has no commits yet"),
    (None, "lint HEAD:../../etc", f"'HEAD:../../etc': {OUTSIDE}"),
    (None, "render HEAD:../../etc -f md", f"'HEAD:../../etc': {OUTSIDE}"),
    (None, "diff HEAD:../../etc HEAD", f"'HEAD:../../etc': {OUTSIDE}"),
    (None, "diff HEAD:/etc HEAD", f"'HEAD:/etc': {OUTSIDE}"),
    (None, "render HEAD:framework/framework.yaml -f md", f"{READ_FAILS}': 'framework/framework"),
    (None, "lint -- --output=x", "refusing to read ref '--output=x'"),
    (None, "render -f md -- -x", "refusing to read ref '-x'"),
    (None, "render nosuchref -f md", "'nosuchref' is not a framework folder or file"),
]


@pytest.mark.parametrize(
    ("fault", "command", "message"),
    [
        pytest.param(
            fault, command, message, id=f"{fault.__name__ if fault else 'clean'}:{command}"
        )
        for fault, command, message in GIT_FAULTS
    ],
)
def test_git_faults(
    git_repo: GitRepo, fault: Callable[[GitRepo], None] | None, command: str, message: str
) -> None:
    shutil.copytree(CORPUS / "base", git_repo.path / "framework")
    git_repo.commit("first")
    category = git_repo.path / "framework" / "categories" / "cyber.yaml"
    category.write_text(category.read_text().replace("value: 0.5", "value: 0.4"))
    git_repo.commit("second")
    if fault is not None:
        fault(git_repo)
    (outcome,) = run_prepctl([command.split()], cwd=git_repo.path, env=GIT_ENV)
    assert_well_behaved(outcome)
    assert outcome.code == 2, outcome.stderr()
    assert outcome.stderr().startswith(f"prepctl: {message}"), outcome.stderr()


def test_a_configuration_file_that_is_a_named_pipe_is_refused_unread(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "base", tmp_path / "framework")
    os.mkfifo(tmp_path / "prepctl.toml")
    (outcome,) = run_prepctl([["lint", "framework", "--config", "prepctl.toml"]], cwd=tmp_path)
    assert_well_behaved(outcome)
    assert outcome.code == 2
    assert (
        outcome.stderr() == "prepctl: cannot read configuration prepctl.toml: not a regular file\n"
    )
