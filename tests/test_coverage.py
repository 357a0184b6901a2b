"""``prepctl coverage`` and the compliance lint rules, on the shipped framework and small ones."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from helpers import FRAMEWORK, ROOT, Run

from prepctl.io import schemas

RunCli = Callable[..., Run]
MINIMAL = ROOT / "tests" / "rules" / "minimal"
CA = [f"a{n}" for n in range(1, 11)]
NY = [f"1-{letter}" for letter in "abcdefghij"]


def coverage_json(run_cli: RunCli, *args: str) -> dict[str, object]:
    result = run_cli("coverage", *args, "-f", "json")
    report: dict[str, object] = json.loads(result.out)
    return report


# The shipped framework --------------------------------------------------------------------------


def test_shipped_framework_covers_every_requirement_of_all_four_profiles(run_cli: RunCli) -> None:
    result = run_cli("coverage", str(FRAMEWORK))
    assert result.code == 0, result.out
    assert result.out.endswith("44 of 44 requirements covered in 4 profiles; no findings\n")
    report = coverage_json(run_cli, str(FRAMEWORK))
    profiles = report["profiles"]
    assert isinstance(profiles, list)
    assert [p["id"] for p in profiles] == ["ca-sb53", "ny-raise", "eu-gpai-cop", "seoul-2024"]
    for entry in profiles:
        assert entry["claimed"] is True
        assert entry["covered"] == entry["total"]
        for requirement in entry["requirements"]:
            assert requirement["addresses"], (entry["id"], requirement["id"])
    assert report["findings"] == []


def test_shipped_framework_meets_california_and_new_york_with_the_same_items(
    run_cli: RunCli,
) -> None:
    report = coverage_json(run_cli, str(FRAMEWORK))
    by_profile = {p["id"]: p for p in report["profiles"]}  # type: ignore[union-attr]
    ca = {r["id"]: r["addresses"] for r in by_profile["ca-sb53"]["requirements"]}
    ny = {r["id"]: r["addresses"] for r in by_profile["ny-raise"]["requirements"]}
    assert list(ca) == CA
    assert list(ny) == NY
    for ca_id, ny_id in zip(CA, NY, strict=True):
        assert ca[ca_id] == ny[ny_id], (ca_id, ny_id)


def test_every_mapped_address_exists_in_the_shipped_framework(run_cli: RunCli) -> None:
    from prepctl.core import document, source

    framework = document.load(source.read_directory(FRAMEWORK))
    report = coverage_json(run_cli, str(FRAMEWORK))
    for entry in report["profiles"]:  # type: ignore[union-attr]
        for requirement in entry["requirements"]:
            for where in requirement["addresses"]:
                assert framework.get(where) is not None, where


def test_shipped_framework_lints_clean_with_the_compliance_rules(run_cli: RunCli) -> None:
    result = run_cli("lint", str(FRAMEWORK), "--today", "2026-11-23", "-f", "json")
    assert result.code == 0, result.out
    assert json.loads(result.out)["findings"] == []


def copy_framework(tmp_path: Path) -> Path:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    return folder


def drop_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(line) == 1, line
    path.write_text(text.replace(line, ""), encoding="utf-8")


def test_a_gap_is_a_finding_naming_profile_and_requirement(run_cli: RunCli, tmp_path: Path) -> None:
    folder = copy_framework(tmp_path)
    for name in ("weights-security-high", "weights-security-critical"):
        drop_line(folder / "safeguards" / f"{name}.yaml", "  - ca-sb53/a7\n")
    result = run_cli("coverage", str(folder))
    assert result.code == 1
    assert "  ✗ a7   §22757.12(a)(7)   weight security\n" in result.out
    claim = (folder / "framework.yaml").read_text().splitlines().index("    - ca-sb53") + 1
    expected = (
        f"{folder}/framework.yaml:{claim}:7: error[uncovered-requirement] "
        "/compliance/claims/ca-sb53: ca-sb53 §22757.12(a)(7) (weight security) is not covered: "
        "add `satisfies: [ca-sb53/a7]` to the item that meets it (it asks the same as "
        "ny-raise/1-g, met by /safeguards/weights-security-critical, "
        "/safeguards/weights-security-high)\n"
    )
    assert expected in result.out
    assert result.out.endswith("43 of 44 requirements covered in 4 profiles; 1 finding (1 error)\n")
    lint = run_cli("lint", str(folder), "--today", "2026-11-23")
    assert lint.code == 1
    assert "error[uncovered-requirement] /compliance/claims/ca-sb53: ca-sb53 §22757.12(a)(7)" in (
        lint.out
    )


def test_a_mapping_to_an_unknown_requirement_is_reported_where_it_is_written(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = copy_framework(tmp_path)
    path = folder / "safeguards" / "weights-security-high.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - ca-sb53/a7\n", "  - ca-sb53/a17\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines.index("  - ca-sb53/a17") + 1
    expected = (
        f"{path}:{line}:5: error[unknown-requirement] "
        "/safeguards/weights-security-high/satisfies/ca-sb53~1a17: maps to 'ca-sb53/a17', but "
        "ca-sb53 has no requirement 'a17' (did you mean 'ca-sb53/a7'?)"
    )
    for command in (("coverage",), ("lint", "--today", "2026-11-23")):
        result = run_cli(*command, str(folder))
        assert result.code == 1
        assert expected in result.out.splitlines(), result.out


def test_a_mapping_to_an_unclaimed_profile_is_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    folder = copy_framework(tmp_path)
    drop_line(folder / "framework.yaml", "    - seoul-2024\n")
    result = run_cli("lint", str(folder), "--today", "2026-11-23", "-f", "json")
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert {f["rule"] for f in findings} == {"unclaimed-profile"}
    assert all(f["severity"] == "warning" for f in findings)
    assert findings[0]["message"] == (
        "maps to 'seoul-2024/II', but the framework does not claim seoul-2024: add it to "
        "compliance.claims in the manifest, or remove the mapping"
    )
    # Coverage of the remaining claims still passes: warnings do not fail it.
    assert run_cli("coverage", str(folder)).code == 0


def test_review_interval_of_the_strictest_claimed_profile(run_cli: RunCli) -> None:
    # The shipped framework was last reviewed on 2026-09-15; California, New York and the EU
    # Code each ask for a review within 365 days.
    def overdue(today: str) -> list[dict[str, str]]:
        result = run_cli("lint", str(FRAMEWORK), "--today", today, "-f", "json")
        findings = json.loads(result.out)["findings"]
        return [f for f in findings if f["rule"] == "profile-review-overdue"]

    assert overdue("2027-09-15") == []  # the last day
    found = overdue("2027-09-20")
    assert len(found) == 1
    assert found[0]["address"] == "/governance/review/last-reviewed"
    assert found[0]["message"] == (
        "framework last reviewed 2026-09-15, 370 days before 2027-09-20; ca-sb53 "
        "(§22757.12(b)(1)), ny-raise (§1421(2)(a)) and eu-gpai-cop (Measure 1.3) require a "
        "review at least every 365 days, so one was due by 2027-09-15"
    )


def test_diff_classifies_a_dropped_mapping_or_claim_as_weakening(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = copy_framework(tmp_path)
    drop_line(folder / "safeguards" / "weights-security-high.yaml", "  - ny-raise/1-g\n")
    drop_line(folder / "framework.yaml", "    - seoul-2024\n")
    result = run_cli("diff", str(FRAMEWORK), str(folder), "-f", "json", "--fail-on", "none")
    impacts = {c["address"]: c["impact"] for c in json.loads(result.out)["changes"]}
    assert impacts["/safeguards/weights-security-high/satisfies/ny-raise~11-g"] == "weakening"
    assert impacts["/compliance/claims/seoul-2024"] == "weakening"


# Command-line contract -----------------------------------------------------------------------


def test_no_claims_and_no_profile_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("coverage", str(MINIMAL))
    assert result.code == 2
    assert result.err == "prepctl: no profiles claimed; name one with --profile\n"


def test_unknown_profile_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("coverage", str(MINIMAL), "--profile", "ca-sb35")
    assert result.code == 2
    assert result.err == (
        "prepctl: no compliance profile 'ca-sb35' (did you mean 'ca-sb53'? known: ca-sb53, "
        "eu-gpai-cop, ny-raise, seoul-2024)\n"
    )


def test_profile_option_checks_a_profile_the_framework_does_not_claim(run_cli: RunCli) -> None:
    result = run_cli("coverage", str(MINIMAL), "--profile", "seoul-2024")
    assert result.code == 1
    assert result.out.startswith(
        "seoul-2024: Frontier AI Safety Commitments, AI Seoul Summit 2024 (0 of 8 covered, not "
        "claimed)\n"
    )
    assert result.out.endswith("0 of 8 requirements covered in 1 profile; 8 findings (8 errors)\n")


# A small framework with a profile of its own -----------------------------------------------------

POLICY = """\
id: example-policy
name: Example Lab deployment policy
kind: policy
jurisdiction: Example Lab
source:
  citation: Example Lab policy P-1
  url: https://example.org/policies/p-1
date: 2026-01-01
requirements:
  - id: P1
    section: P-1 §1
    title: deployment gate
    summary: Say who approves each deployment.
  - id: P2
    section: P-1 §2
    title: weight security
    summary: Say how the weights are protected.
  - id: P3.1
    section: P-1 §3(1)
    title: incident response
    summary: Say how incidents are handled.
    status: unverified
    note: Taken from a draft of the policy.
review:
  interval-days: 365
  section: P-1 §4
"""


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal lint framework claiming a policy of its own, named in pyproject.toml; P1 and
    P2 are met, P3.1 is not. The working directory is its parent."""
    folder = tmp_path / "framework"
    shutil.copytree(MINIMAL, folder)
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.prepctl.compliance]\nprofiles = ["policy.yaml"]\n', encoding="utf-8"
    )
    manifest = folder / "framework.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace(
        "for testing the lint rules.\n",
        "for testing the lint rules.\ncompliance:\n  claims:\n    - example-policy\n",
    )
    text = text.replace(
        "        - safety-board\n  review:",
        "        - safety-board\n      satisfies:\n        - example-policy/P1\n  review:",
    )
    manifest.write_text(text, encoding="utf-8")
    guard = folder / "safeguards" / "guard-a.yaml"
    guard.write_text(
        guard.read_text(encoding="utf-8") + "satisfies:\n  - example-policy/P2\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return folder


FINDING = (
    "framework/framework.yaml:12:7: error[uncovered-requirement] "
    "/compliance/claims/example-policy: example-policy P-1 §3(1) (incident response) is not "
    "covered: add `satisfies: [example-policy/P3.1]` to the item that meets it"
)

TEXT = f"""\
example-policy: Example Lab deployment policy (2 of 3 covered)
  ✓ P1    P-1 §1     deployment gate
          /governance/decisions/deployment
  ✓ P2    P-1 §2     weight security
          /safeguards/guard-a
  ✗ P3.1  P-1 §3(1)  incident response (unverified)
          not covered

{FINDING}
2 of 3 requirements covered in 1 profile; 1 finding (1 error)
"""

MARKDOWN = """\
### Compliance coverage: 1 requirement not covered

`framework` · 2 of 3 requirements covered in 1 profile · 1 finding (1 error)

| | profile | kind | covered |
|---|---|---|---|
| ❌ | `example-policy` Example Lab deployment policy | policy | 2 of 3 |

#### `example-policy` Example Lab deployment policy

[Example Lab policy P-1](<https://example.org/policies/p-1>) · Example Lab · published 2026-01-01

| | requirement | section | met by |
|---|---|---|---|
| ✅ | `P1` deployment gate | P-1 §1 | `/governance/decisions/deployment` |
| ✅ | `P2` weight security | P-1 §2 | `/safeguards/guard-a` |
| ❌ | `P3.1` incident response *(unverified)* | P-1 §3(1) | **not covered** |

<details><summary>Caveats</summary>

- P3.1: Taken from a draft of the policy.

</details>

#### Findings

| | rule | address | where | message |
|---|---|---|---|---|
| ❌ error | `uncovered-requirement` | `/compliance/claims/example-policy` | \
`framework/framework.yaml:12:7` | example-policy P-1 §3(1) (incident response) is not covered: \
add \\`satisfies: \\[example-policy/P3.1\\]\\` to the item that meets it |
"""


def test_text_output(run_cli: RunCli, small: Path) -> None:
    result = run_cli("coverage", "framework")
    assert result.code == 1
    assert result.out == TEXT
    assert run_cli("coverage", "framework", "--color", "always").out != TEXT  # coloured


def test_markdown_output(run_cli: RunCli, small: Path) -> None:
    result = run_cli("coverage", "framework", "-f", "markdown")
    assert result.code == 1
    assert result.out == MARKDOWN


def test_json_output_shape(run_cli: RunCli, small: Path) -> None:
    result = run_cli("coverage", "framework", "-f", "json")
    assert result.code == 1
    report = json.loads(result.out)
    jsonschema.validate(report, schemas.bundle("coverage-report"))
    assert report["version"] == 1
    assert report["source"] == "framework"
    assert report["summary"] == {
        "profiles": 1,
        "requirements": 3,
        "covered": 2,
        "uncovered": 1,
        "claimed_without_evidence": 0,
        "errors": 1,
        "warnings": 0,
    }
    (entry,) = report["profiles"]
    assert entry["id"] == "example-policy"
    assert entry["source"] == {
        "citation": "Example Lab policy P-1",
        "url": "https://example.org/policies/p-1",
    }
    assert entry["rules"] == {"review": {"interval-days": 365, "section": "P-1 §4"}}
    assert [(r["id"], r["covered"], r["addresses"]) for r in entry["requirements"]] == [
        ("P1", True, ["/governance/decisions/deployment"]),
        ("P2", True, ["/safeguards/guard-a"]),
        ("P3.1", False, []),
    ]
    assert entry["requirements"][2]["status"] == "unverified"
    (finding,) = report["findings"]
    assert finding["rule"] == "uncovered-requirement"
    assert (finding["file"], finding["line"], finding["column"]) == (
        "framework/framework.yaml",
        12,
        7,
    )
    assert set(finding) == {
        "rule",
        "severity",
        "address",
        "message",
        "file",
        "line",
        "column",
        "fingerprint",
    }


def test_formats_to_files_and_stdout_at_once(run_cli: RunCli, small: Path) -> None:
    result = run_cli("coverage", "framework", "-f", "json:c.json", "-f", "text")
    assert result.code == 1
    assert result.out == TEXT
    assert json.loads(Path("c.json").read_text())["summary"]["covered"] == 2


def test_own_profile_is_linted_too(run_cli: RunCli, small: Path) -> None:
    result = run_cli("lint", "framework", "--today", "2026-11-01")
    assert result.code == 1
    assert result.out == f"{FINDING}\n1 finding (1 error) in 6 files\n"
    overdue = run_cli("lint", "framework", "--today", "2027-09-03")
    assert (
        "error[profile-review-overdue] /governance/review/last-reviewed: framework last reviewed "
        "2026-09-01, 367 days before 2027-09-03; example-policy (P-1 §4) requires a review at "
        "least every 365 days, so one was due by 2027-09-01" in overdue.out
    )


def test_config_option_names_the_profiles(run_cli: RunCli, small: Path, tmp_path: Path) -> None:
    Path("pyproject.toml").unlink()
    assert run_cli("coverage", "framework").code == 1  # the claim names nothing now
    other = tmp_path / "settings.toml"
    other.write_text('[compliance]\nprofiles = ["policy.yaml"]\n', encoding="utf-8")
    result = run_cli("coverage", "framework", "--config", str(other))
    assert result.out == TEXT


def test_unknown_claim_is_a_finding_on_the_claim(run_cli: RunCli, small: Path) -> None:
    Path("pyproject.toml").unlink()
    result = run_cli("coverage", "framework")
    assert result.code == 1
    assert result.out == (
        "framework/framework.yaml:12:7: error[unknown-requirement] "
        "/compliance/claims/example-policy: claims 'example-policy', which is not a known "
        "compliance profile (known: ca-sb53, eu-gpai-cop, ny-raise, seoul-2024)\n"
        "framework/framework.yaml:47:11: error[unknown-requirement] "
        "/governance/decisions/deployment/satisfies/example-policy~1P1: maps 'example-policy/P1' "
        "to profile 'example-policy', which is not a known compliance profile (known: ca-sb53, "
        "eu-gpai-cop, ny-raise, seoul-2024)\n"
        "framework/safeguards/guard-a.yaml:10:5: error[unknown-requirement] "
        "/safeguards/guard-a/satisfies/example-policy~1P2: maps 'example-policy/P2' to profile "
        "'example-policy', which is not a known compliance profile (known: ca-sb53, eu-gpai-cop, "
        "ny-raise, seoul-2024)\n"
        "0 of 0 requirements covered in 0 profiles; 3 findings (3 errors)\n"
    )


def test_bad_own_profile_is_one_line_and_exit_two(run_cli: RunCli, small: Path) -> None:
    Path("policy.yaml").write_text(POLICY.replace("    title: weight security\n", ""))
    for command in ("coverage", "lint"):
        result = run_cli(command, "framework")
        assert result.code == 2
        assert result.out == ""
        assert result.err == (
            "prepctl: policy.yaml:14:5: not a valid compliance profile: missing required key "
            "'title'\n"
        ).replace("policy.yaml", str(Path("policy.yaml").resolve()))


SCRIPT = "<script>alert(1)</script>"
TEMPLATE = "{{ 7*7 }}"


def test_html_output_is_standalone_and_escaped(run_cli: RunCli, small: Path) -> None:
    hostile = POLICY.replace(
        "name: Example Lab deployment policy",
        f'name: "Hostile {SCRIPT} {TEMPLATE}"',
    ).replace(
        "summary: Say who approves each deployment.",
        f"summary: 'Approve <img src=x onerror=alert(1)> \" onmouseover=\"x {TEMPLATE}'",
    )
    hostile = hostile.replace(
        "url: https://example.org/policies/p-1", 'url: "https://example.org/a\\"onclick=x"'
    )
    Path("policy.yaml").write_text(hostile, encoding="utf-8")
    result = run_cli("coverage", "framework", "-f", "html")
    assert result.code == 1
    page = result.out
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert SCRIPT not in page
    assert "<img" not in page
    assert 'href="https://example.org/a&#34;onclick=x"' in page  # one attribute value
    assert " onmouseover=" not in page.replace("&#34; onmouseover=&#34;", "")
    assert TEMPLATE in page
    assert "49" not in page
    assert re.search(r"<(link|script|iframe)\b", page) is None
    # The same input renders the same page.
    assert run_cli("coverage", "framework", "-f", "html").out == page


def test_clean_lint_never_loads_the_explaining_validator() -> None:
    """jsonschema (Python) only explains invalid files; valid profiles never need it."""
    for folder in (MINIMAL, FRAMEWORK):
        code = (
            "import sys; from prepctl.cli import main; code = main(['lint', sys.argv[1], "
            "'--today', '2026-11-23']); print(code, 'jsonschema' in sys.modules)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.splitlines()[-1] == "0 False", result.stdout


# A claim is not evidence ------------------------------------------------------------------------


@pytest.fixture
def claimed(small: Path) -> Path:
    """The small framework, where the manifest itself claims P3.1 that no item meets."""
    manifest = small / "framework.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "satisfies:\n  - example-policy/P3.1\n",
        encoding="utf-8",
    )
    return small


def root_claim_line(folder: Path) -> int:
    lines = (folder / "framework.yaml").read_text(encoding="utf-8").splitlines()
    return lines.index("  - example-policy/P3.1") + 1


def claim_finding(folder: Path) -> str:
    return (
        f"framework/framework.yaml:{root_claim_line(folder)}:5: error[uncovered-requirement] "
        "/satisfies/example-policy~1P3.1: example-policy P-1 §3(1) (incident response) is claimed "
        "without evidence: only the framework as a whole names it, and no reader can check that; "
        "add `satisfies: [example-policy/P3.1]` to the item that meets it"
    )


def test_a_claim_by_the_whole_framework_is_not_coverage_in_text(
    run_cli: RunCli, claimed: Path
) -> None:
    result = run_cli("coverage", "framework")
    assert result.code == 1
    assert result.out == (
        "example-policy: Example Lab deployment policy (2 of 3 covered, 1 claimed without "
        "evidence)\n"
        "  ✓ P1    P-1 §1     deployment gate\n"
        "          /governance/decisions/deployment\n"
        "  ✓ P2    P-1 §2     weight security\n"
        "          /safeguards/guard-a\n"
        "  ? P3.1  P-1 §3(1)  incident response (unverified)\n"
        "          claimed without evidence: / (the framework as a whole)\n"
        "\n"
        f"{claim_finding(claimed)}\n"
        "2 of 3 requirements covered in 1 profile, 1 claimed without evidence; 1 finding "
        "(1 error)\n"
    )
    lint = run_cli("lint", "framework", "--today", "2026-11-01")
    assert lint.code == 1
    assert lint.out == f"{claim_finding(claimed)}\n1 finding (1 error) in 6 files\n"


def test_a_claim_by_the_whole_framework_is_not_coverage_in_markdown(
    run_cli: RunCli, claimed: Path
) -> None:
    result = run_cli("coverage", "framework", "-f", "markdown")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == (
        "### Compliance coverage: 1 requirement not covered (1 claimed without evidence)"
    )
    assert lines[2] == (
        "`framework` · 2 of 3 requirements covered in 1 profile, 1 claimed without evidence · "
        "1 finding (1 error)"
    )
    assert (
        "| ❌ | `example-policy` Example Lab deployment policy | policy | 2 of 3 "
        "(1 claimed without evidence) |"
    ) in lines
    assert (
        "| ⚠️ | `P3.1` incident response *(unverified)* | P-1 §3(1) | **claimed without "
        "evidence:** `/` (the framework as a whole) |"
    ) in lines
    assert "every requirement covered" not in result.out.lower()


def test_a_claim_by_the_whole_framework_is_not_coverage_in_json(
    run_cli: RunCli, claimed: Path
) -> None:
    result = run_cli("coverage", "framework", "-f", "json")
    assert result.code == 1
    report = json.loads(result.out)
    jsonschema.validate(report, schemas.bundle("coverage-report"))
    assert report["summary"] == {
        "profiles": 1,
        "requirements": 3,
        "covered": 2,
        "uncovered": 1,
        "claimed_without_evidence": 1,
        "errors": 1,
        "warnings": 0,
    }
    (entry,) = report["profiles"]
    assert (entry["covered"], entry["claimed_without_evidence"], entry["total"]) == (2, 1, 3)
    assert [
        (r["id"], r["coverage"], r["covered"], r["addresses"], r["claims"])
        for r in entry["requirements"]
    ] == [
        ("P1", "covered", True, ["/governance/decisions/deployment"], []),
        ("P2", "covered", True, ["/safeguards/guard-a"], []),
        ("P3.1", "claimed-without-evidence", False, [], [""]),
    ]
    row_schema = schemas.source("coverage-report")["$defs"]["requirement"]
    assert row_schema["properties"]["coverage"]["enum"] == [
        "covered",
        "claimed-without-evidence",
        "uncovered",
    ]


def test_a_claim_by_the_whole_framework_is_not_coverage_in_html(
    run_cli: RunCli, claimed: Path
) -> None:
    result = run_cli("coverage", "framework", "-f", "html")
    assert result.code == 1
    page = result.out
    assert "<title>Compliance coverage: 1 requirement not covered (1 claimed without evidence)" in (
        page
    )
    row = page[page.index('<tr id="example-policy/P3.1">') :]
    row = row[: row.index("</tr>")]
    assert '<td class="claimed">?</td>' in row
    assert (
        '<strong class="claimed">claimed without evidence:</strong> <code>/</code> (the framework as a whole)'
        in (row)
    )
    assert "2 of 3 (1 claimed without evidence)" in page
    assert "every requirement covered" not in page.lower()


def test_evidence_beside_a_claim_covers_and_the_claim_is_still_shown(
    run_cli: RunCli, claimed: Path
) -> None:
    guard = claimed / "safeguards" / "guard-b.yaml"
    guard.write_text(
        guard.read_text(encoding="utf-8") + "satisfies:\n  - example-policy/P3.1\n",
        encoding="utf-8",
    )
    result = run_cli("coverage", "framework")
    assert result.code == 0, result.out
    assert (
        "  ✓ P3.1  P-1 §3(1)  incident response (unverified)\n"
        "          /safeguards/guard-b\n"
        "          claimed without evidence: / (the framework as a whole)\n"
    ) in result.out
    assert result.out.endswith("3 of 3 requirements covered in 1 profile; no findings\n")


def test_the_whole_framework_is_evidence_where_the_profile_says_so(
    run_cli: RunCli, claimed: Path
) -> None:
    policy = Path("policy.yaml")
    policy.write_text(
        policy.read_text(encoding="utf-8").replace(
            "    note: Taken from a draft of the policy.\n",
            "    note: Taken from a draft of the policy.\n    evidence:\n      - /\n",
        ),
        encoding="utf-8",
    )
    result = run_cli("coverage", "framework")
    assert result.code == 0, result.out
    assert "  ✓ P3.1  P-1 §3(1)  incident response (unverified)\n          /\n" in result.out


def test_evidence_only_where_the_profile_accepts_it(run_cli: RunCli, small: Path) -> None:
    policy = Path("policy.yaml")
    policy.write_text(
        policy.read_text(encoding="utf-8").replace(
            "    summary: Say how the weights are protected.\n",
            "    summary: Say how the weights are protected.\n"
            "    evidence:\n      - /categories/*/thresholds/*\n",
        ),
        encoding="utf-8",
    )
    result = run_cli("coverage", "framework")
    assert result.code == 1
    assert (
        "  ? P2    P-1 §2     weight security\n"
        "          claimed without evidence: /safeguards/guard-a\n"
    ) in result.out
    line = (small / "safeguards" / "guard-a.yaml").read_text().splitlines().index(
        "  - example-policy/P2"
    ) + 1
    assert (
        f"framework/safeguards/guard-a.yaml:{line}:5: error[uncovered-requirement] "
        "/safeguards/guard-a/satisfies/example-policy~1P2: example-policy P-1 §2 (weight "
        "security) is claimed without evidence: example-policy counts a mapping only at "
        "/categories/*/thresholds/* as evidence, and /safeguards/guard-a is not there; add "
        "`satisfies: [example-policy/P2]` to the item there that meets it\n"
    ) in result.out


# The EU Code's risk tiers -----------------------------------------------------------------------

SPECIFIED = ["cbrn", "loss-of-control", "cyber-offence", "harmful-manipulation"]


def test_shipped_framework_tiers_every_specified_risk_with_tracked_thresholds(
    run_cli: RunCli,
) -> None:
    from prepctl.core import document, source

    framework = document.load(source.read_directory(FRAMEWORK))
    status = {c["id"]: c["status"] for c in framework.data["categories"]}
    report = coverage_json(run_cli, str(FRAMEWORK))
    (eu,) = [p for p in report["profiles"] if p["id"] == "eu-gpai-cop"]  # type: ignore[union-attr]
    rows = {r["id"]: r for r in eu["requirements"]}
    for risk in SPECIFIED:
        tiers = rows[f"tiers-{risk}"]
        assert tiers["coverage"] == "covered", risk
        assert tiers["claims"] == []
        for where in tiers["addresses"]:
            category = where.split("/")[2]
            assert re.fullmatch(r"/categories/[a-z-]+/thresholds/[a-z-]+", where)
            assert status[category] == "tracked", where
        # Every tracked category that says it addresses the risk has tiers for it.
        for where in rows[f"risk-{risk}"]["addresses"]:
            category = where.split("/")[2]
            if status[category] == "tracked":
                thresholds = framework.get(f"{where}/thresholds")
                assert isinstance(thresholds, list), where
                assert thresholds, where
                for threshold in thresholds:
                    assert f"{where}/thresholds/{threshold['id']}" in tiers["addresses"]
    # Independent external evaluations are not the outside input F2d asks about.
    assert "/governance/duties/third-party-evaluation" not in rows["F2d"]["addresses"]
    assert rows["F2d"]["addresses"] == ["/governance/duties/external-input"]


def test_a_tier_is_met_only_by_a_threshold(run_cli: RunCli, tmp_path: Path) -> None:
    folder = copy_framework(tmp_path)
    path = folder / "categories" / "harmful-manipulation.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("      - eu-gpai-cop/tiers-harmful-manipulation\n") == 2
    text = text.replace("    satisfies:\n      - eu-gpai-cop/tiers-harmful-manipulation\n", "")
    text = text.replace(
        "  - eu-gpai-cop/risk-harmful-manipulation\n",
        "  - eu-gpai-cop/risk-harmful-manipulation\n  - eu-gpai-cop/tiers-harmful-manipulation\n",
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli("coverage", str(folder))
    assert result.code == 1
    assert (
        "  ? tiers-harmful-manipulation  Measure 4.1(1)(a) and (b); Appendix 1.4(4)  risk tiers, "
        "harmful manipulation\n"
        "                                claimed without evidence: /categories/harmful-manipulation\n"
    ) in result.out
    line = text.splitlines().index("  - eu-gpai-cop/tiers-harmful-manipulation") + 1
    assert (
        f"{path}:{line}:5: error[uncovered-requirement] "
        "/categories/harmful-manipulation/satisfies/eu-gpai-cop~1tiers-harmful-manipulation: "
        "eu-gpai-cop Measure 4.1(1)(a) and (b); Appendix 1.4(4) (risk tiers, harmful manipulation) "
        "is claimed without evidence: eu-gpai-cop counts a mapping only at "
        "/categories/*/thresholds/* as evidence, and /categories/harmful-manipulation is not "
        "there; add `satisfies: [eu-gpai-cop/tiers-harmful-manipulation]` to the item there "
        "that meets it\n"
    ) in result.out
    assert result.out.endswith(
        "43 of 44 requirements covered in 4 profiles, 1 claimed without evidence; "
        "1 finding (1 error)\n"
    )


def test_a_specified_risk_without_tiers_is_not_covered(run_cli: RunCli, tmp_path: Path) -> None:
    folder = copy_framework(tmp_path)
    path = folder / "categories" / "cybersecurity.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    satisfies:\n      - eu-gpai-cop/tiers-cyber-offence\n", ""),
        encoding="utf-8",
    )
    report = coverage_json(run_cli, str(folder))
    (eu,) = [p for p in report["profiles"] if p["id"] == "eu-gpai-cop"]  # type: ignore[union-attr]
    rows = {r["id"]: r for r in eu["requirements"]}
    assert rows["tiers-cyber-offence"]["coverage"] == "uncovered"
    assert rows["risk-cyber-offence"]["coverage"] == "covered"  # in scope, but not tiered
    (finding,) = report["findings"]  # type: ignore[misc]
    assert finding["message"] == (
        "eu-gpai-cop Measure 4.1(1)(a) and (b); Appendix 1.4(3) (risk tiers, cyber offence) is not "
        "covered: add `satisfies: [eu-gpai-cop/tiers-cyber-offence]` to the item that meets it; "
        "only a mapping at /categories/*/thresholds/* counts as evidence"
    )
