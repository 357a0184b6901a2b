"""Diff reporters, compared as exact strings; the JSON shape checked against its schema."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import FIXTURES

from prepctl.core import diff, document, source
from prepctl.core.changes import ChangeRecord
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, FailOn, Kind, Version
from prepctl.core.document import Location
from prepctl.io import schemas
from prepctl.reporters import DIFF_REPORTERS
from prepctl.reporters.diff import markdown

BASE = Version("main:framework", "a" * 40, "main")
HEAD = Version("framework")


def sample() -> DiffResult:
    changes = (
        Change(
            "/categories/bio/thresholds/high/level",
            Kind.MODIFIED,
            Impact.NEEDS_REVIEW,
            "high",
            "critical",
            Location("main:framework/categories/bio.yaml", 8, 12),
            Location("framework/categories/bio.yaml", 8, 12),
            'level "high" → "critical" (the schema does not say which way is stricter)',
        ),
        Change(
            "/categories/cyber/evaluations/range",
            Kind.ADDED,
            Impact.STRENGTHENING,
            None,
            {"id": "range"},
            None,
            Location("framework/categories/cyber.yaml", 15, 5),
            "added to evaluations (more is stricter)",
        ),
        Change(
            "/categories/cyber/thresholds/high/response",
            Kind.MODIFIED,
            Impact.WEAKENING,
            "must not be deployed",
            "should not be deployed",
            Location("main:framework/categories/cyber.yaml", 13, 15),
            Location("framework/categories/cyber.yaml", 13, 15),
            '"must not be deployed" → "should not be deployed" (commitment language)',
        ),
        Change(
            "/categories/cyber/thresholds/high/safeguards/usage-monitoring",
            Kind.REMOVED,
            Impact.WEAKENING,
            "usage-monitoring",
            None,
            Location("main:framework/categories/cyber.yaml", 11, 9),
            None,
            "safeguards no longer includes usage-monitoring (more is stricter)",
            justified_by="2026-03-cyber",
        ),
        Change(
            "/levels/high/name",
            Kind.MODIFIED,
            Impact.EDITORIAL,
            "High",
            "High | *top* @team #12 <b>",
            Location("main:framework/framework.yaml", 8, 11),
            Location("framework/framework.yaml", 8, 11),
            '"High" → "High | *top* @team #12 <b>" (editorial text)',
        ),
        Change(
            "/version",
            Kind.MODIFIED,
            Impact.NEUTRAL,
            "1.0.0",
            "1.1.0",
            Location("main:framework/framework.yaml", 3, 10),
            Location("framework/framework.yaml", 3, 10),
            'version "1.0.0" → "1.1.0" (neutral by the schema)',
        ),
    )
    records = (
        ChangeRecord(
            "2026-03-cyber",
            "Cyber",
            ("/categories/cyber/thresholds/high/safeguards",),
            ("safety-board", "leadership"),
            "framework/changes/2026-03-cyber.yaml",
        ),
    )
    titles = {"/categories/cyber": "Cybersecurity", "/categories/bio": "Biological and chemical"}
    return DiffResult(BASE, HEAD, changes, records, titles)


TEXT = (
    "Framework\n"
    "  · editorial      modified  /levels/high/name\n"
    '                             "High" → "High | *top* @team #12 <b>" (editorial text)\n'
    "                             at framework/framework.yaml:8:11\n"
    "  = neutral        modified  /version\n"
    '                             version "1.0.0" → "1.1.0" (neutral by the schema)\n'
    "                             at framework/framework.yaml:3:10\n"
    "Biological and chemical\n"
    "  ? needs-review   modified  /categories/bio/thresholds/high/level\n"
    '                             level "high" → "critical" (the schema does not say which way is stricter)\n'
    "                             at framework/categories/bio.yaml:8:12\n"
    "Cybersecurity\n"
    "  ▲ strengthening  added     /categories/cyber/evaluations/range\n"
    "                             added to evaluations (more is stricter)\n"
    "                             at framework/categories/cyber.yaml:15:5\n"
    "  ▼ weakening      modified  /categories/cyber/thresholds/high/response\n"
    '                             "must not be deployed" → "should not be deployed" (commitment language)\n'
    "                             at framework/categories/cyber.yaml:13:15\n"
    "                             NOT JUSTIFIED: no change record covers this address\n"
    "  ▼ weakening      removed   /categories/cyber/thresholds/high/safeguards/usage-monitoring\n"
    "                             safeguards no longer includes usage-monitoring (more is stricter)\n"
    "                             was main:framework/categories/cyber.yaml:11:9\n"
    "                             justified by framework/changes/2026-03-cyber.yaml (approved: safety-board, leadership)\n"
    "\n"
    "6 changes between main:framework and framework: 2 weakening (1 unjustified), 1 needs-review, 1 strengthening, 1 editorial, 1 neutral · exit 1 (--fail-on unjustified)\n"
)

MARKDOWN = (
    "### Preparedness framework: 1 unjustified weakening\n"
    "\n"
    "`main:framework` → `framework` · 6 changes · exit 1 (--fail-on unjustified)\n"
    "\n"
    "| impact | count |\n"
    "|---|---|\n"
    "| 🔻 weakening | 2 (1 without a change record) |\n"
    "| ❓ needs review | 1 |\n"
    "| 🔺 strengthening | 1 |\n"
    "| ✏️ editorial | 1 |\n"
    "| ⚪ neutral | 1 |\n"
    "\n"
    "**Biological and chemical**\n"
    "\n"
    "| | change | address |\n"
    "|---|---|---|\n"
    '| ❓ | level "high" → "critical" (the schema does not say which way is stricter) | `/categories/bio/thresholds/high/level` |\n'
    "\n"
    "**Cybersecurity**\n"
    "\n"
    "| | change | address |\n"
    "|---|---|---|\n"
    "| 🔺 | added to evaluations (more is stricter) | `/categories/cyber/evaluations/range` |\n"
    '| 🔻 | "must not be deployed" → "should not be deployed" (commitment language) — **no change record** | `/categories/cyber/thresholds/high/response` |\n'
    "| 🔻 | safeguards no longer includes usage-monitoring (more is stricter) — justified by `2026-03-cyber` | `/categories/cyber/thresholds/high/safeguards/usage-monitoring` |\n"
    "\n"
    "<details><summary>All 6 changes</summary>\n"
    "\n"
    "| impact | kind | address | change | where | change record |\n"
    "|---|---|---|---|---|---|\n"
    '| ❓ needs review | modified | `/categories/bio/thresholds/high/level` | level "high" → "critical" (the schema does not say which way is stricter) | `framework/categories/bio.yaml:8:12` |  |\n'
    "| 🔺 strengthening | added | `/categories/cyber/evaluations/range` | added to evaluations (more is stricter) | `framework/categories/cyber.yaml:15:5` |  |\n"
    '| 🔻 weakening | modified | `/categories/cyber/thresholds/high/response` | "must not be deployed" → "should not be deployed" (commitment language) | `framework/categories/cyber.yaml:13:15` | **none** |\n'
    "| 🔻 weakening | removed | `/categories/cyber/thresholds/high/safeguards/usage-monitoring` | safeguards no longer includes usage-monitoring (more is stricter) | `main:framework/categories/cyber.yaml:11:9` | `2026-03-cyber` |\n"
    '| ✏️ editorial | modified | `/levels/high/name` | "High" → "High \\| \\*top\\* &#64;team &#35;12 &lt;b&gt;" (editorial text) | `framework/framework.yaml:8:11` |  |\n'
    '| ⚪ neutral | modified | `/version` | version "1.0.0" → "1.1.0" (neutral by the schema) | `framework/framework.yaml:3:10` |  |\n'
    "\n"
    "</details>\n"
)

GITHUB = (
    '::warning file=framework/categories/bio.yaml,line=8,col=12,title=needs-review%3A modified::/categories/bio/thresholds/high/level: level "high" → "critical" (the schema does not say which way is stricter)\n'
    "::notice file=framework/categories/cyber.yaml,line=15,col=5,title=strengthening%3A added::/categories/cyber/evaluations/range: added to evaluations (more is stricter)\n"
    '::error file=framework/categories/cyber.yaml,line=13,col=15,title=weakening%3A modified without a change record::/categories/cyber/thresholds/high/response: "must not be deployed" → "should not be deployed" (commitment language)\n'
    "::warning file=framework/categories/cyber.yaml,line=11,col=9,title=weakening%3A removed (change record 2026-03-cyber)::/categories/cyber/thresholds/high/safeguards/usage-monitoring: safeguards no longer includes usage-monitoring (more is stricter)\n"
    '::notice file=framework/framework.yaml,line=8,col=11,title=editorial%3A modified::/levels/high/name: "High" → "High | *top* @team #12 <b>" (editorial text)\n'
    '::notice file=framework/framework.yaml,line=3,col=10,title=neutral%3A modified::/version: version "1.0.0" → "1.1.0" (neutral by the schema)\n'
)


def render(name: str, result: DiffResult, color: bool = False) -> str:
    stream = io.StringIO()
    DIFF_REPORTERS[name](result, stream, color)
    return stream.getvalue()


def test_registry_offers_the_four_formats() -> None:
    assert list(DIFF_REPORTERS) == ["text", "markdown", "json", "github"]


@pytest.mark.parametrize(
    ("name", "expected"), [("text", TEXT), ("markdown", MARKDOWN), ("github", GITHUB)]
)
def test_exact_output(name: str, expected: str) -> None:
    assert render(name, sample()) == expected


def _empty(fail_on: FailOn = FailOn.UNJUSTIFIED) -> DiffResult:
    return DiffResult(BASE, HEAD, (), fail_on=fail_on)


def test_no_changes() -> None:
    assert render("text", _empty()) == "no changes between main:framework and framework · exit 0\n"
    assert render("markdown", _empty()) == (
        "### Preparedness framework: no changes\n\n"
        "`main:framework` → `framework` · 0 changes · exit 0\n"
    )
    assert render("github", _empty()) == ""
    assert json.loads(render("json", _empty()))["changes"] == []


def test_text_colours_only_when_asked() -> None:
    coloured = render("text", sample(), color=True)
    assert "\x1b[31m▼ weakening    \x1b[0m" in coloured
    assert "\x1b[31mNOT JUSTIFIED: no change record covers this address\x1b[0m" in coloured
    assert "\x1b[1mCybersecurity\x1b[0m" in coloured
    assert "\x1b[" not in render("text", sample())


def test_text_escapes_terminal_control_characters() -> None:
    change = sample().changes[0]
    hostile = DiffResult(
        BASE,
        HEAD,
        (
            Change(
                change.address, change.kind, change.impact, "a", "b", None, None, "x\x1b[2Jy\u202e"
            ),
        ),
    )
    assert "x\\x1b[2Jy\\u202e" in render("text", hostile)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a | b", "a \\| b"),
        ("*bold* _it_ `code` [link](x)", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x)"),
        ("@someone #12 <script>&", "&#64;someone &#35;12 &lt;script&gt;&amp;"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_text_is_inert(value: str, expected: str) -> None:
    assert markdown.text(value) == expected


def test_markdown_code_spans_survive_tables() -> None:
    assert markdown.code("/a|b") == "`/a\\|b`"
    assert markdown.code("/a`b") == "`` /a`b ``"


@pytest.mark.parametrize(
    ("fail_on", "headline", "footer"),
    [
        (FailOn.UNJUSTIFIED, "1 unjustified weakening", "exit 1 (--fail-on unjustified)"),
        (FailOn.NONE, "1 unjustified weakening", "exit 0"),
    ],
)
def test_markdown_headline_and_exit(fail_on: FailOn, headline: str, footer: str) -> None:
    result = sample()
    result = DiffResult(
        result.base, result.head, result.changes, result.records, result.titles, fail_on
    )
    lines = render("markdown", result).splitlines()
    assert lines[0] == f"### Preparedness framework: {headline}"
    assert lines[2].endswith(footer)


def test_markdown_headline_without_unjustified_weakening() -> None:
    changes = tuple(
        c for c in sample().changes if c.justified_by or c.impact is not Impact.WEAKENING
    )
    result = DiffResult(BASE, HEAD, changes, sample().records, sample().titles)
    assert render("markdown", result).startswith(
        "### Preparedness framework: 1 weakening, each with a change record\n"
    )
    review = tuple(c for c in changes if c.impact is not Impact.WEAKENING)
    assert render("markdown", DiffResult(BASE, HEAD, review)).startswith(
        "### Preparedness framework: 1 change to review, no weakening\n"
    )


def test_github_escapes_properties_and_data() -> None:
    change = Change(
        "/a",
        Kind.MODIFIED,
        Impact.NEUTRAL,
        1,
        2,
        None,
        Location("main:x,y:z.yaml", 1, 2),
        "50%\nnext",
    )
    out = render("github", DiffResult(BASE, Version("main:framework", "b" * 40, "main"), (change,)))
    assert (
        out
        == "::notice file=x%2Cy%3Az.yaml,line=1,col=2,title=neutral%3A modified::/a: 50%25%0Anext\n"
    )


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schemas.bundle("diff-report"))


def test_json_of_a_real_diff_matches_the_published_schema() -> None:
    beta = document.load(source.read_directory(FIXTURES / "openai-pf-beta-2023"))
    v2 = document.load(source.read_directory(FIXTURES / "openai-pf-v2-2025"))
    report = json.loads(render("json", diff.diff(beta, v2)))
    _validator().validate(report)
    assert report["summary"]["changes"] == len(report["changes"]) > 50
    relocated = next(c for c in report["changes"] if c["address"] == "/categories/persuasion")
    assert relocated["kind"] == "relocated"
    assert relocated["impact"] == "weakening"
    assert relocated["head_location"] is None
    assert relocated["base_location"].endswith("openai-pf-beta-2023/categories/persuasion.yaml:2:1")
    assert relocated["before"]["id"] == "persuasion"


def test_json_of_the_sample_matches_the_schema() -> None:
    report = json.loads(render("json", sample()))
    _validator().validate(report)
    assert report["records"] == [
        {
            "id": "2026-03-cyber",
            "title": "Cyber",
            "file": "framework/changes/2026-03-cyber.yaml",
            "covers": ["/categories/cyber/thresholds/high/safeguards"],
            "approved_by": ["safety-board", "leadership"],
        }
    ]
    assert report["summary"] == {
        "changes": 6,
        "strengthening": 1,
        "weakening": 2,
        "neutral": 1,
        "editorial": 1,
        "needs-review": 1,
        "unjustified": 1,
        "fail_on": "unjustified",
        "failed": True,
    }


def test_schema_command_prints_the_diff_report_schema(run_cli: Any) -> None:
    result = run_cli("schema", "diff-report")
    assert result.code == 0
    assert json.loads(result.out)["title"] == "prepctl diff report"


def test_cli_json_output_is_valid(run_cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    beta, v2 = FIXTURES / "openai-pf-beta-2023", FIXTURES / "openai-pf-v2-2025"
    result = run_cli("diff", str(beta), str(v2), "-f", f"json:{target}", "-f", "github")
    assert result.code == 1
    _validator().validate(json.loads(target.read_text()))
    assert result.out.startswith("::")


def test_lineage_comes_first_in_text_and_markdown(run_cli: Any) -> None:
    beta, v2 = str(FIXTURES / "openai-pf-beta-2023"), str(FIXTURES / "openai-pf-v2-2025")
    text_report = run_cli("diff", beta, v2, "--color", "never").out
    lineage, _, rest = text_report.partition("\n\n")
    assert lineage.splitlines()[:3] == [
        "Lineage",
        "  renamed    /categories/model-autonomy → /categories/ai-self-improvement",
        "  split      /categories/cbrn → /categories/biological-chemical, "
        "/categories/nuclear-radiological",
    ]
    assert "  relocated  /categories/persuasion: to The Model Spec" in lineage
    assert rest.startswith("Framework\n")
    md = run_cli("diff", beta, v2, "-f", "markdown").out
    assert (
        "- split: `/safeguards/deployment-mitigations` → `/safeguards/misalignment-safeguards`, "
        "`/safeguards/misuse-safeguards`\n"
    ) in md
    assert md.index("**Lineage**") < md.index("**Material modification**")
    # Read backwards, a split is a merge and a relocation comes back.
    back = run_cli("diff", v2, beta, "--color", "never").out.partition("\n\n")[0]
    assert (
        "  merged     /categories/biological-chemical, /categories/nuclear-radiological"
        " → /categories/cbrn"
    ) in back
    assert "  relocated  /categories/persuasion: back from The Model Spec" in back


def test_a_revision_without_lineage_has_no_lineage_section(run_cli: Any) -> None:
    base, head = str(FIXTURES / "anthropic-rsp-3.0"), str(FIXTURES / "anthropic-rsp-3.4")
    text_report = run_cli("diff", base, head, "--color", "never").out
    assert text_report.startswith("Framework\n")
    assert "Lineage" not in text_report
    assert "**Lineage**" not in run_cli("diff", base, head, "-f", "markdown").out
