from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import FIXTURES, FRAMEWORK
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepctl.core import document, source, validate
from prepctl.io import schemas
from prepctl.io import yaml as yamlio
from prepctl.lint import engine as lint

FOLDERS = [FRAMEWORK, *sorted(p for p in FIXTURES.iterdir() if p.is_dir())]
SCHEMA_OF = {"categories": "category", "safeguards": "safeguard", "changes": "change-record"}


def _files() -> list[tuple[str, Any]]:
    found = []
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*.yaml")):
            # A fixture's PROVENANCE.yaml says where it was read from; it is not a framework file.
            if path.name == "PROVENANCE.yaml":
                continue
            schema = SCHEMA_OF.get(path.parent.name, "framework")
            found.append((schema, yamlio.parse(path.read_bytes(), str(path)).data))
    return found


FILES = _files()
REPLACEMENTS = [{"planted": 1}, ["x"], 7, 1.5, True, None, "Not An Id", ""]
# Text the regular expression engines disagree on unless a pattern is anchored with care:
# Python's '$' also matches before a final line break, ECMA's and Rust's do not.
TRAILING_BREAKS = ["high\n", "2026-01-01\n", "1.0.0\n", "a/b\n", "/categories/x\n"]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            paths.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths.extend(_paths(child, (*prefix, index)))
    return paths


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    result = copy.deepcopy(data)
    target = result
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


_DELETE = object()


def _mutations(data: st.DataObject) -> tuple[str, Any]:
    schema, content = data.draw(st.sampled_from(FILES))
    path = data.draw(st.sampled_from(_paths(content)))
    choices = [*REPLACEMENTS, *TRAILING_BREAKS, _DELETE]
    replacement = data.draw(st.sampled_from(choices)) if path else {}
    return schema, _replace(content, path, replacement)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_verdict_and_its_explanation_come_together(data: st.DataObject) -> None:
    """A file is invalid exactly when there is something to say about it."""
    schema, mutated = _mutations(data)
    errors = validate.problems(schema, mutated)
    assert validate.is_valid(schema, mutated) == (errors == [])
    assert all(problem.message for problem in errors)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_python_jsonschema_reads_the_schemas_the_same_way(data: st.DataObject) -> None:
    """Editors, check-jsonschema and people's own scripts validate with other engines: the
    schemas mean the same in each (the reference here is python-jsonschema)."""
    schema, mutated = _mutations(data)
    reference = jsonschema.Draft202012Validator(schemas.bundle(schema))
    assert validate.is_valid(schema, mutated) == reference.is_valid(mutated)


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


@pytest.mark.parametrize("name", schemas.names())
def test_no_pattern_accepts_a_trailing_line_break_in_any_engine(name: str) -> None:
    import re

    import jsonschema_rs

    # Only the patterns that hold a whole value ("^...$"); one such as "\\S" (some text that is
    # not blank) says nothing of where the value ends.
    for pattern in (p for p in _patterns(schemas.source(name)) if p.endswith("$")):
        compiled = re.compile(pattern)
        for value in ("a", "2026-01-01", "1.0.0", "x:1:2", "https://x", "/a", "a/b", "0" * 40):
            if not compiled.search(value):
                continue
            broken = value + "\n"
            assert not compiled.search(broken), (name, pattern, broken)
            rust = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
            assert not rust.is_valid(broken), (name, pattern, broken)


@pytest.mark.parametrize(
    ("relative", "key"),
    [
        ("categories/cybersecurity.yaml", "id"),
        ("categories/cybersecurity.yaml", "last-reviewed"),
        ("framework.yaml", "version"),
    ],
)
def test_a_trailing_line_break_is_a_schema_finding(relative: str, key: str) -> None:
    text = (FRAMEWORK / relative).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
    edited = text.replace(line, f'{key}: "{line.split(": ", 1)[1]}\\n"', 1)
    files = {"framework.yaml": (FRAMEWORK / "framework.yaml").read_bytes()}
    files[relative] = edited.encode()
    findings = validate.validate(document.load(source.Snapshot("fw", files)))
    number = text.splitlines().index(line) + 1
    assert [(f.rule, f.file, f.line, f.address.rsplit("/", 1)[1]) for f in findings] == [
        ("schema", f"fw/{relative}", number, key)
    ]


def test_every_problem_has_a_place_and_words() -> None:
    """The API other commands call (``record`` for one) gets problems, never an exception."""
    found = validate.problems("change-record", {"id": "x\n", "title": "", "covers": ["y"]})
    assert {problem.path for problem in found} >= {("id",), ("title",), ("covers", 0)}
    assert all(problem.message for problem in found)


def test_every_shipped_and_fixture_file_is_valid() -> None:
    for schema, content in FILES:
        assert validate.is_valid(schema, content)


def _messages(tmp_path: Path, manifest_edit: tuple[str, str]) -> list[str]:
    text = (FRAMEWORK / "framework.yaml").read_text()
    old, new = manifest_edit
    assert old in text
    snap = source.Snapshot("fw", {"framework.yaml": text.replace(old, new, 1).encode()})
    return [f"{f.address} {f.message}" for f in lint.lint(document.load(snap)).findings]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("version: 1.0.0", "version: [1]"),
            "/version must be a semantic version such as 2.1.0, got a list",
        ),
        (
            ("version: 1.0.0", "version: v1"),
            "/version must be a semantic version such as 2.1.0, got 'v1'",
        ),
        (
            ("effective: 2026-10-01", "effective: 2026-13-01"),
            "/effective must be a calendar date written as YYYY-MM-DD, got '2026-13-01'",
        ),
        (
            ("\nsummary:", "\nsumary: x\nsummary:"),
            "/sumary unknown key 'sumary'; did you mean 'summary'?",
        ),
        (("publisher: ", "publisher: ''\nx-publisher: "), "/publisher must not be empty"),
        (
            ("  - id: high\n", "  - id: High\n"),
            "/levels/High/id must be a lower-case kebab-case id",
        ),
    ],
)
def test_messages_speak_to_policy_authors(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    messages = _messages(tmp_path, edit)
    assert any(message.startswith(expected) for message in messages), messages


def test_missing_key_is_reported_at_its_parent() -> None:
    text = (FRAMEWORK / "framework.yaml").read_text()
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("publisher:"))
    del lines[number]
    snap = source.Snapshot("fw", {"framework.yaml": ("\n".join(lines) + "\n").encode()})
    findings = lint.lint(document.load(snap)).findings
    missing = [f for f in findings if f.message == "missing required key 'publisher'"]
    assert len(missing) == 1
    assert (missing[0].address, missing[0].line) == ("/", 2)


def test_empty_file_is_one_finding() -> None:
    snap = source.Snapshot("fw", {"framework.yaml": b"# nothing yet\n"})
    findings = lint.lint(document.load(snap)).findings
    assert [(f.rule, f.message, f.line) for f in findings] == [("schema", "file is empty", 1)]


# -- dates are calendar dates -------------------------------------------------------------------


def _calendar(text: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _record(approved_on: str) -> dict[str, Any]:
    return {
        "id": "a-change",
        "title": "A change",
        "covers": ["/categories/bio"],
        "rationale": "Because.",
        "approved-by": ["leadership"],
        "approved-on": approved_on,
    }


@pytest.mark.parametrize(
    "text",
    [
        "2028-02-29",
        "2000-02-29",
        "2400-02-29",
        "0004-02-29",
        "2027-02-28",
        "2026-04-30",
        "2026-12-31",
        "0001-01-01",
        "9999-12-31",
        "2027-02-29",
        "2027-02-30",
        "1900-02-29",
        "2100-02-29",
        "2026-04-31",
        "2026-06-31",
        "2026-09-31",
        "2026-11-31",
        "2026-13-45",
        "2026-00-10",
        "2026-01-00",
        "0000-01-01",
        "0000-02-29",
    ],
)
def test_a_date_is_valid_exactly_when_the_calendar_has_it(text: str) -> None:
    reference = jsonschema.Draft202012Validator(schemas.bundle("change-record"))
    assert validate.is_valid("change-record", _record(text)) is _calendar(text)
    assert reference.is_valid(_record(text)) is _calendar(text)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32))
def test_both_validators_know_the_calendar(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    reference = jsonschema.Draft202012Validator(schemas.bundle("change-record"))
    assert validate.is_valid("change-record", _record(text)) is _calendar(text)
    assert reference.is_valid(_record(text)) is _calendar(text)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("effective: 2026-10-01", "effective: 2027-02-30"),
            "/effective must be a calendar date written as YYYY-MM-DD, got '2027-02-30' "
            "(February 2027 has 28 days)",
        ),
        (
            ("effective: 2026-10-01", "effective: 2027-02-29"),
            "/effective must be a calendar date written as YYYY-MM-DD, got '2027-02-29' "
            "(February 2027 has 28 days)",
        ),
        (
            ("effective: 2026-10-01", "effective: 2026-04-31"),
            "/effective must be a calendar date written as YYYY-MM-DD, got '2026-04-31' "
            "(April has 30 days)",
        ),
        (
            ("effective: 2026-10-01", "effective: 0000-10-01"),
            "/effective must be a calendar date written as YYYY-MM-DD, got '0000-10-01' "
            "(the years start at 0001)",
        ),
    ],
)
def test_an_impossible_date_is_a_schema_finding(edit: tuple[str, str], expected: str) -> None:
    messages = _messages(Path(), edit)
    assert expected in messages, messages


def test_impossible_dates_are_found_in_every_kind_of_file(run_cli: Any, tmp_path: Path) -> None:
    from helpers.frameworks import edit, write_framework

    folder = write_framework(tmp_path)
    edit(folder, "framework.yaml", "last-reviewed: 2026-01-01", "last-reviewed: 2026-02-30")
    edit(folder, "categories/bio.yaml", "last-reviewed: 2026-01-01", "last-reviewed: 2026-02-29")
    (folder / "changes").mkdir()
    (folder / "changes" / "a-change.yaml").write_text(
        "id: a-change\ntitle: A change\ncovers:\n  - /categories/bio\nrationale: Because.\n"
        "approved-by:\n  - leadership\napproved-on: 2026-11-31\neffective: 2027-02-29\n"
    )
    manifest = (folder / "framework.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(manifest, 1) if "last-reviewed: 2026-02-30" in text)
    result = run_cli("lint", "--today", "2026-03-01", str(folder))
    assert result.code == 1, result.err
    found = [line for line in result.out.splitlines() if "error[schema]" in line]
    assert found == [
        f"{folder}/categories/bio.yaml:5:16: error[schema] /categories/bio/last-reviewed: must be "
        "a calendar date written as YYYY-MM-DD, got '2026-02-29' (February 2026 has 28 days)",
        f"{folder}/changes/a-change.yaml:8:14: error[schema] /changes/a-change/approved-on: must "
        "be a calendar date written as YYYY-MM-DD, got '2026-11-31' (November has 30 days)",
        f"{folder}/changes/a-change.yaml:9:12: error[schema] /changes/a-change/effective: must be "
        "a calendar date written as YYYY-MM-DD, got '2027-02-29' (February 2027 has 28 days)",
        f"{folder}/framework.yaml:{line}:20: error[schema] /governance/review/last-reviewed: must be "
        "a calendar date written as YYYY-MM-DD, got '2026-02-30' (February 2026 has 28 days)",
    ]


def test_lint_explains_errors_without_a_second_validator(tmp_path: Path) -> None:
    """One engine gives the verdict and the reasons: python-jsonschema is never loaded."""
    import shutil
    import subprocess
    import sys

    shutil.copytree(FRAMEWORK, tmp_path / "fw")
    category = tmp_path / "fw" / "categories" / "cybersecurity.yaml"
    category.write_text(category.read_text(encoding="utf-8") + "bogus-key: 1\n", "utf-8")
    code = (
        "import sys; from prepctl.cli import main; code = main(['lint', sys.argv[1]]); "
        "print(code, 'jsonschema' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "fw")], capture_output=True, text=True
    )
    assert "unknown key 'bogus-key'" in done.stdout
    assert done.stdout.splitlines()[-1] == "1 False", done.stdout + done.stderr
