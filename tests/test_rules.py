"""The lint rules, example by example.

Each folder ``tests/rules/<rule-id>/<case>/`` holds framework files that replace or add to the
minimal framework in ``tests/rules/minimal/``; ``findings.txt`` lists every finding the case
must produce (none for a ``pass-`` case), ``suppressed.txt`` every finding it must suppress, and
an optional ``prepctl.toml`` configures the run. A case's ``assessments/`` holds assessment
files beside the framework, made under ``named/`` (files laid over the minimal framework) when
the case has one, else under the framework itself. Lines read
``file:line:column: severity[rule] address: message``, so every finding's place is asserted.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import Run
from helpers.rule_cases import MINIMAL, RULE_CASES, build

from prepctl import rules
from prepctl.core import assess, document, source
from prepctl.core.assess.staleness import Assessed
from prepctl.core.finding import Finding
from prepctl.io import yaml as yaml_module
from prepctl.lint import config
from prepctl.lint import engine as lint
from prepctl.rules import Context, concepts

TODAY = date(2026, 11, 1)


def _cases() -> Iterator[Any]:
    for folder in sorted(RULE_CASES.iterdir()):
        if folder.is_dir() and folder != MINIMAL:
            for case in sorted(folder.iterdir()):
                if case.is_dir():
                    yield pytest.param(case, id=f"{folder.name}/{case.name}")


def shown(finding: Finding, label: str) -> str:
    file = finding.file.removeprefix(label + "/")
    return (
        f"{file}:{finding.line}:{finding.column}: {finding.severity.value}[{finding.rule}] "
        f"{finding.address or '/'}: {finding.message}"
    )


def expected(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_case(case: Path, tmp_path: Path) -> tuple[list[str], list[str]]:
    snapshot = source.read_directory(build(case, tmp_path / "framework"))
    settings = config.load(case / "prepctl.toml") if (case / "prepctl.toml").is_file() else None
    base = None
    if (case / "base").is_dir():
        # Linted as with --against: base/ lays files over the minimal framework for the base.
        base_snapshot = source.read_directory(build(case / "base", tmp_path / "base"))
        base = document.load(source.Snapshot(label="BASE", files=base_snapshot.files))
    current = document.load(snapshot)
    result = lint.lint(
        current,
        config=settings or config.DEFAULT,
        today=TODAY,
        base=base,
        assessments=_assessments(case, tmp_path, current),
    )
    return (
        [shown(f, snapshot.label) for f in result.findings],
        [shown(f, snapshot.label) for f in result.suppressed],
    )


def _assessments(case: Path, tmp_path: Path, current: document.Document) -> tuple[Assessed, ...]:
    """The case's assessments/, each made under named/ (laid over the minimal framework) when
    the case has one, else under the framework linted."""
    if not (case / "assessments").is_dir():
        return ()
    named = assess.Framework(current, "the working tree")
    if (case / "named").is_dir():
        files = source.read_directory(build(case / "named", tmp_path / "named")).files
        named = assess.Framework(document.load(source.Snapshot("NAMED", files)), "NAMED")
    return tuple(
        Assessed(assess.read(path.read_bytes(), path.relative_to(case).as_posix()), named)
        for path in sorted((case / "assessments").rglob("*.yaml"))
    )


def test_minimal_framework_is_clean(tmp_path: Path) -> None:
    snapshot = source.read_directory(MINIMAL)
    result = lint.lint(document.load(snapshot), today=TODAY)
    assert result.findings == []
    assert result.suppressed == []


@pytest.mark.parametrize("case", list(_cases()))
def test_case(case: Path, tmp_path: Path) -> None:
    findings, suppressed = run_case(case, tmp_path)
    assert findings == expected(case / "findings.txt")
    assert suppressed == expected(case / "suppressed.txt")


@pytest.mark.parametrize("rule_id", sorted(rules.RULES))
def test_every_rule_has_passing_and_failing_cases(rule_id: str) -> None:
    folder = RULE_CASES / rule_id
    names = [case.name for case in folder.iterdir() if case.is_dir()] if folder.is_dir() else []
    assert any(name.startswith("pass") for name in names), f"no pass case for {rule_id}"
    assert any(name.startswith("fail") for name in names), f"no fail case for {rule_id}"
    for name in names:
        findings = expected(folder / name / "findings.txt")
        if name.startswith("pass"):
            assert findings == [], f"{name} is a pass case but expects findings"
        else:
            assert any(f"[{rule_id}]" in line for line in findings), f"{name} never fires"


@pytest.mark.parametrize("rule_id", sorted(rules.RULES))
def test_rule_module_contract(rule_id: str) -> None:
    module = rules.RULES[rule_id]
    assert rule_id == module.ID
    assert rule_id == rule_id.lower()
    assert " " not in rule_id
    assert "_" not in rule_id
    assert isinstance(module.OPTIONS, dict)
    documentation = module.__doc__ or ""
    summary = documentation.strip().splitlines()[0]
    assert summary.endswith("."), "the first docstring line is the rule's summary sentence"
    assert "**Passes**" in documentation
    assert "**Fails**" in documentation
    assert documentation.count("```yaml") >= 2, "a passing and a failing YAML example"
    for option in module.OPTIONS:
        assert f"`{option}`" in documentation, f"option {option} is not documented"


def test_describe_lists_schema_and_yaml_first_then_every_rule() -> None:
    infos = rules.describe()
    assert [info.id for info in infos[:2]] == ["schema", "yaml"]
    assert [info.id for info in infos[2:]] == sorted(rules.RULES)
    stale = next(info for info in infos if info.id == "stale-review")
    assert stale.options == {"max-age-days": 0}
    assert stale.summary == "Reviews are not older than the framework's review interval."


def test_vocabulary_is_read_from_the_schema() -> None:
    words = concepts.vocabulary()
    assert words is not None
    assert (words.collection, words.thresholds_key, words.level_key) == (
        "categories",
        "thresholds",
        "level",
    )
    assert (words.levels, words.safeguards, words.safeguard_keys) == (
        "/levels",
        "/safeguards",
        ("safeguards",),
    )
    assert (words.order_key, words.tracked_value) == ("status", "tracked")


# -- robustness: rules run on data that failed schema validation ------------------------------

REPLACEMENTS: list[Any] = [{"planted": 1}, ["x"], [{"id": 3}], 7, 1.5, True, None, "", "Not An Id"]
DELETE = object()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    result = copy.deepcopy(data)
    target = result
    for step in path[:-1]:
        target = target[step]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


def _minimal_files() -> dict[str, bytes]:
    return source.read_directory(MINIMAL).files


def _mutations() -> Iterator[tuple[str, tuple[Any, ...], Any]]:
    for relative, raw in sorted(_minimal_files().items()):
        data = yaml_module.parse(raw, relative).data
        for path in _paths(data):
            for value in [*REPLACEMENTS, DELETE] if path else REPLACEMENTS:
                yield relative, path, value


def run_every_rule(snapshot: source.Snapshot) -> None:
    """Every rule's check, run to the end, on a document that may be invalid."""
    loaded = document.load(snapshot)
    from prepctl.core import suppression

    marks = tuple(suppression.read(loaded))
    context = Context(today=TODAY, suppressions=marks, ran=frozenset(rules.RULES))
    for module in rules.RULES.values():
        for problem in module.check(loaded, context):
            assert isinstance(problem.message, str)
            assert problem.message
            assert isinstance(problem.address, str)


def test_every_rule_tolerates_every_wrong_type_in_the_minimal_framework() -> None:
    files = _minimal_files()
    count = 0
    for relative, path, value in _mutations():
        data = yaml_module.parse(files[relative], relative).data
        mutated = json.dumps(_replace(data, path, value)).encode()
        run_every_rule(source.Snapshot("fw", {**files, relative: mutated}))
        count += 1
    assert count > 500  # the walk above really covered the framework


def test_rules_tolerate_an_empty_framework_and_empty_files() -> None:
    run_every_rule(source.Snapshot("fw", {"framework.yaml": b""}))
    run_every_rule(
        source.Snapshot(
            "fw", {"framework.yaml": b"[]", "categories/a.yaml": b"", "safeguards/b.yaml": b"7"}
        )
    )


# -- commands ----------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_docs_rules_md_is_generated_from_the_docstrings(run_cli: Callable[..., Run]) -> None:
    result = run_cli("rules", "--format", "markdown")
    assert result.code == 0
    assert result.out == DOCS.read_text(encoding="utf-8"), (
        "docs/rules.md is stale: run `prepctl rules --format markdown > docs/rules.md`"
    )


def test_rules_lists_every_rule_with_its_severity(run_cli: Callable[..., Run]) -> None:
    result = run_cli("rules")
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == ["schema", "yaml", *sorted(rules.RULES)]
    assert "stale-review                  warning  Reviews are not older" in result.out


def test_explain_prints_a_rules_documentation(run_cli: Callable[..., Run]) -> None:
    result = run_cli("explain", "stale-review")
    assert result.code == 0
    assert result.out.startswith(
        "stale-review: Reviews are not older than the framework's review interval.\n"
        "Default severity: warning.\n"
        "Options, set in [tool.prepctl.rules.stale-review]: `max-age-days` = `0`.\n\n"
    )
    assert "**Fails**" in result.out


def test_explain_an_unknown_rule(run_cli: Callable[..., Run]) -> None:
    result = run_cli("explain", "stale-reveiw")
    assert (result.code, result.out) == (2, "")
    assert result.err == "prepctl: unknown rule 'stale-reveiw' (did you mean 'stale-review'?)\n"
    result = run_cli("explain", "zzz")
    assert result.err == "prepctl: unknown rule 'zzz' (`prepctl rules` lists them)\n"


def test_today_makes_stale_review_reproducible(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = build(RULE_CASES / "stale-review" / "fail-overdue", tmp_path / "fw")
    assert run_cli("lint", "--today", "2025-06-01", str(folder)).code == 0
    late = run_cli("lint", "--today", "2026-11-01", str(folder))
    assert late.code == 1
    assert "660 days ago" in late.out


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2026-13-01", ""),
        ("20261101", ""),
        ("tomorrow", ""),
        ("2026-1-5", ""),
        ("2026-02-30", " (February 2026 has 28 days)"),
        ("2027-02-29", " (February 2027 has 28 days)"),
        ("2026-09-31", " (September has 30 days)"),
    ],
)
def test_today_must_be_a_date(run_cli: Callable[..., Run], value: str, why: str) -> None:
    result = run_cli("lint", "--today", value, str(MINIMAL))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"prepctl: invalid value for '--today': '{value}' is not a date written as YYYY-MM-DD"
        f"{why}\n"
    )


def test_review_dates_and_tombstones_are_found_by_schema_keyword(tmp_path: Path) -> None:
    from helpers import FRAMEWORK

    from prepctl.core import walk

    def keywords(folder: Path) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for place in walk.places(document.load(source.read_directory(folder))):
            for keyword in ("review", "tombstones"):
                value = place.node.keyword(keyword) if place.node is not None else None
                if value is not None:
                    found.setdefault(f"{keyword}={value}", set()).add(place.address)
        return found

    shipped = document.load(source.read_directory(FRAMEWORK))
    categories = {f"/categories/{c['id']}/last-reviewed" for c in shipped.data["categories"]}
    assert keywords(FRAMEWORK) == {
        "review=last": {"/governance/review/last-reviewed", *categories},
        "review=interval": {"/governance/review/interval"},
    }
    reused = build(RULE_CASES / "retired-id-reused" / "fail-reused", tmp_path / "fw")
    assert keywords(reused)["tombstones=retired"] == {"/retired"}


def test_commitment_language_places_many_weak_words_in_one_pass(tmp_path: Path) -> None:
    # Each finding used to match the whole text against the file again to find its column:
    # 30,000 weak words in one text took minutes.
    framework = shutil.copytree(MINIMAL, tmp_path / "framework")
    category = framework / "categories" / "alpha.yaml"
    repeated = "x Should " * 30_000
    category.write_text(
        category.read_text(encoding="utf-8").replace(
            "Example Lab will tell", f"{repeated}Example Lab will tell"
        ),
        encoding="utf-8",
    )
    result = lint.lint(document.load(source.read_directory(framework)), today=TODAY)
    weak = [
        f for f in result.findings if f.rule == "commitment-language" and "'Should'" in f.message
    ]
    assert len(weak) == 30_000
    # The text is folded (>-): it starts on the line after 'response:', indented six spaces.
    assert (weak[0].line, weak[0].column) == (weak[-1].line, 9)
    assert weak[-1].column == 9 + 9 * 29_999


def test_dangling_references_by_the_thousand_are_checked_in_bounded_time(tmp_path: Path) -> None:
    # A suggestion compared every mistake with every id: 1,500 mistyped references to 1,500
    # safeguards took minutes.
    framework = shutil.copytree(MINIMAL, tmp_path / "framework")
    guard = (framework / "safeguards" / "guard-a.yaml").read_text(encoding="utf-8")
    for number in range(1_500):
        (framework / "safeguards" / f"guard-{number:04d}.yaml").write_text(
            guard.replace("id: guard-a", f"id: guard-{number:04d}"), encoding="utf-8"
        )
    category = framework / "categories" / "alpha.yaml"
    typos = "".join(f"      - gaurd-{number:04d}x\n" for number in range(1_500))
    category.write_text(
        category.read_text(encoding="utf-8").replace(
            "    safeguards:\n      - guard-a\n", f"    safeguards:\n      - guard-a\n{typos}", 1
        ),
        encoding="utf-8",
    )
    result = lint.lint(document.load(source.read_directory(framework)), today=TODAY)
    dangling = [f.message for f in result.findings if f.rule == "dangling-reference"]
    assert len(dangling) == 1_500
    assert dangling[0] == (
        "refers to 'gaurd-0000x', which is not an id in /safeguards (did you mean 'guard-0000'?)"
    )
    assert dangling[-1] == "refers to 'gaurd-1499x', which is not an id in /safeguards"
