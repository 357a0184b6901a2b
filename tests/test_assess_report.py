"""``prepctl assess --report``: one assessment published as a scorecard, a capabilities report
or a safeguards report, through the render path, on copies of the shipped repository."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ROOT, GitRepo, Run
from helpers.render import (
    HOSTILE_NAME,
    HOSTILE_PROSE,
    SCRIPT,
    assert_inert,
    hostile_framework,
    markdown_as_github_would_parse_it,
    parse_html,
)

RunCli = Callable[..., Run]
ATLAS = "assessments/meridian-atlas-3/2026-11-20.yaml"
BEACON = "assessments/meridian-beacon-1/2026-11-28.yaml"


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped framework and assessments, outside any git repository."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "framework", root / "framework")
    shutil.copytree(ROOT / "assessments", root / "assessments")
    monkeypatch.chdir(root)
    return root


def rows(html: str) -> dict[str, tuple[str, str]]:
    """The scorecard's pre- and post-mitigation level by category address."""
    found: dict[str, tuple[str, str]] = {}
    for row in parse_html(html).walk():
        if row.tag == "tr" and "data-category" in row.attrs:
            cells = {c.attrs.get("class", ""): c.text() for c in row.walk() if c.tag == "td"}
            found[row.attrs["data-category"]] = (cells["level-pre"], cells["level-post"])
    return found


def test_the_scorecard_shows_the_level_each_category_reached(
    shipped: Path, run_cli: RunCli
) -> None:
    atlas = run_cli("assess", ATLAS, "--report", "scorecard")
    assert (atlas.code, atlas.err) == (0, "")
    levels = rows(atlas.out)
    assert levels["/categories/cybersecurity"] == ("High", "High")
    assert levels["/categories/biological-chemical"] == ("Below every level",) * 2
    assert "Professional capture-the-flag challenges: 0.64 ± 0.03 at or past 0.6" in atlas.out
    beacon = run_cli("assess", BEACON, "--report", "scorecard", "-f", "html")
    # The recorded deployment is not permitted: the report is written and the exit says so.
    assert (beacon.code, beacon.err) == (1, "")
    assert rows(beacon.out)["/categories/biological-chemical"] == ("High", "Below every level")
    assert 'id="capabilities"' not in beacon.out
    assert 'id="safeguards"' not in beacon.out


def test_markdown_and_html_are_the_same_bytes_every_time(
    shipped: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for form in ("html", "md"):
        first, second = tmp_path / f"a.{form}", tmp_path / f"b.{form}"
        assert run_cli("assess", BEACON, "-o", str(first)).code == 1
        assert run_cli("assess", BEACON, "-f", form, "-o", str(second)).code == 1
        assert first.read_bytes() == second.read_bytes()
        # A copy elsewhere reads the same: nothing depends on the clock or the folder.
        elsewhere = tmp_path / f"elsewhere-{form}"
        shutil.copytree(shipped, elsewhere)
        third = tmp_path / f"c.{form}"
        monkeypatch.chdir(elsewhere)
        assert run_cli("assess", BEACON, "-o", str(third)).code == 1
        monkeypatch.chdir(shipped)
        assert third.read_bytes() == first.read_bytes()


def test_the_three_reports_in_markdown(shipped: Path, run_cli: RunCli) -> None:
    result = run_cli("assess", BEACON, "--report", "all", "-f", "markdown")
    assert result.code == 1, result.err
    text = result.out
    assert (
        "| Biological and chemical | Reached before mitigation | — | High | Below every level |"
        in text
    )
    # The capabilities report: each result against its trigger, with its uncertainty and
    # evidence.
    assert (
        "| Long-form biothreat questions | pre | 0.58 ± 0.04 | 0.5 fraction of questions "
        "answered at expert quality | **Yes** | "
        "[https://example.com/meridian/beacon-1/capabilities-report\\#biothreat]"
        "(<https://example.com/meridian/beacon-1/capabilities-report#biothreat>) |"
    ) in text
    # The safeguards report: owed, status, what is missing, the decision and its verdict.
    assert "| Jailbreak rapid response | Biological and chemical | Planned — **missing** |" in text
    assert "- Permitted by the decision rules: **no**: external-deployment requires-safeguards" in (
        text
    )
    assert "| External deployment | Requires safeguards | **No** |" in text
    raw = (shipped / BEACON).read_bytes()
    assert f"Assessment: {BEACON} (SHA-256 {hashlib.sha256(raw).hexdigest()})" in text
    assert "Framework: Meridian AI Preparedness Framework 1.0.0, read from the working tree" in text


def test_hostile_text_is_escaped_in_every_format(tmp_path: Path, run_cli: RunCli) -> None:
    framework = hostile_framework(tmp_path)
    folder = framework.parent / "assessments" / "meridian-atlas-3"
    folder.mkdir(parents=True)
    text = (ROOT / ATLAS).read_text(encoding="utf-8")
    text = text.replace("name: Meridian Atlas 3", f"name: '{HOSTILE_NAME}'")
    text = text.replace("  rationale: >-\n", "  rationale: |-\n    " + SCRIPT + "\n", 1)
    text = text.replace(
        "evidence: https://example.com/meridian/atlas-3/capabilities-report#professional-ctf",
        'evidence: "javascript:alert(1)"',
    )
    (folder / "2026-11-20.yaml").write_text(text, encoding="utf-8")
    path = str(folder / "2026-11-20.yaml")
    html = run_cli("assess", path, "-f", "html")
    assert html.code == 0, html.err
    assert SCRIPT not in html.out
    assert "<td>javascript:alert(1)</td>" in html.out  # evidence that is no web link stays text
    tree = parse_html(html.out)
    assert_inert(tree)
    assert HOSTILE_NAME in tree.text()  # the category, safeguard and model names, as text
    assert SCRIPT in tree.text()  # the rationale's script, shown as text
    markdown = run_cli("assess", path, "--report", "all", "-f", "md")
    assert markdown.code == 0, markdown.err
    rendered = markdown_as_github_would_parse_it(markdown.out)
    assert_inert(rendered)
    assert HOSTILE_NAME in rendered.text()
    assert HOSTILE_PROSE.split("\n")[0] not in markdown.out  # escaped, not passed through


def test_a_pdf_needs_a_file_and_a_report_is_of_one_assessment(
    shipped: Path, run_cli: RunCli
) -> None:
    refused = run_cli("assess", ATLAS, "-f", "pdf")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err == "prepctl: PDF output needs a file: add -o FILE\n"
    both = run_cli("assess", "--report", "scorecard")
    assert both.code == 2
    assert both.err.startswith("prepctl: a report is of one assessment, and 2 were found (")
    assert both.err.count("\n") == 1
    split = run_cli("assess", ATLAS, "-f", "html:out.html")
    assert split.code == 2
    assert "give -f FORMAT and -o FILE" in split.err
    text = run_cli("assess", ATLAS, "--report", "scorecard", "-f", "text")
    assert (text.code, text.out) == (2, "")
    assert "a report is written as html, md, pdf, not 'text'" in text.err
    assert text.err.count("\n") == 1
    edition = run_cli("assess", ATLAS, "--edition", "full")
    assert (edition.code, edition.out) == (2, "")
    assert "--edition is for a report: add --report or -o FILE" in edition.err
    contradicts = run_cli("assess", ATLAS, "-f", "md", "-o", "report.html")
    assert contradicts.code == 2
    assert "contradicts" in contradicts.err
    assert not (shipped / "out.html").exists()
    assert not (shipped / "report.html").exists()


def test_a_bad_assessment_is_one_located_line_and_writes_nothing(
    shipped: Path, run_cli: RunCli
) -> None:
    path = shipped / ATLAS
    path.write_text(
        path.read_text().replace("evaluations/professional-ctf", "evaluations/profesional-ctf")
    )
    out = shipped / "scorecard.html"
    result = run_cli("assess", ATLAS, "--report", "scorecard", "-o", str(out))
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"prepctl: {ATLAS}:9:17: unknown evaluation "), result.err
    assert "did you mean /categories/cybersecurity/evaluations/professional-ctf?" in result.err
    assert not out.exists()


def _confidential(shipped: Path) -> None:
    safeguard = shipped / "framework" / "safeguards" / "usage-monitoring.yaml"
    safeguard.write_text(
        safeguard.read_text().replace(
            "kind: monitoring\n", "kind: monitoring\nconfidential:\n  reason: cybersecurity\n"
        )
    )


def test_the_public_edition_withholds_confidential_framework_items(
    shipped: Path, run_cli: RunCli
) -> None:
    _confidential(shipped)
    public = run_cli("assess", ATLAS, "--report", "safeguards", "-f", "md")
    assert public.code == 0, public.err
    assert "Usage monitoring and enforcement" not in public.out
    assert "*Withheld (cybersecurity)* `/safeguards/usage-monitoring`" in public.out
    assert "1 confidential framework item is withheld" in public.out
    full = run_cli("assess", ATLAS, "--report", "safeguards", "-f", "md", "--edition", "full")
    assert full.code == 0, full.err
    assert "| Usage monitoring and enforcement | Cybersecurity | Implemented |" in full.out
    assert "**Full edition, for the regulator.**" in full.out


def test_the_published_framework_lists_the_assessments_made_under_its_version(
    shipped: Path, run_cli: RunCli
) -> None:
    markdown = run_cli("render", "-f", "md")
    assert (markdown.code, markdown.err) == (0, "")
    assert "- [Assessments](<#assessments>)" in markdown.out  # in the contents
    assert (
        "| Meridian Atlas 3 `meridian-atlas-3` | 20 November 2026 | Cybersecurity: High | "
        "Proceed with external deployment | Yes |"
    ) in markdown.out
    assert (
        "| Meridian Beacon 1 `meridian-beacon-1` | 28 November 2026 | Biological and chemical: "
        "High (after mitigation: below every level) | Proceed with external deployment | **No** |"
    ) in markdown.out
    html = run_cli("render", "-f", "html")
    assert html.code == 0, html.err
    rows = [e for e in parse_html(html.out).walk() if e.attrs.get("id", "").startswith("assess")]
    assert [row.attrs["id"] for row in rows] == [
        "assessments",
        "assessments/meridian-atlas-3/2026-11-20",
        "assessments/meridian-beacon-1/2026-11-28",
    ]
    assert rows[2].text().endswith("Proceed with external deployment No")


def test_assessments_naming_another_version_are_not_listed(shipped: Path, run_cli: RunCli) -> None:
    manifest = shipped / "framework" / "framework.yaml"
    manifest.write_text(manifest.read_text().replace("\nversion: 1.0.0\n", "\nversion: 1.1.0\n"))
    result = run_cli("render", "-f", "md")
    assert (result.code, result.err) == (0, "")
    assert "Assessments" not in result.out
    assert "Meridian Atlas 3" not in result.out


def test_the_appendix_escapes_and_withholds_like_the_document(
    shipped: Path, run_cli: RunCli
) -> None:
    path = shipped / ATLAS
    path.write_text(path.read_text().replace("name: Meridian Atlas 3", f"name: '{HOSTILE_NAME}'"))
    category = shipped / "framework" / "categories" / "cybersecurity.yaml"
    category.write_text(
        category.read_text().replace(
            "status: tracked\n", "status: tracked\nconfidential:\n  reason: public-safety\n", 1
        )
    )
    html = run_cli("render", "-f", "html")
    assert html.code == 0, html.err
    tree = parse_html(html.out)
    assert_inert(tree)
    row = next(
        e for e in tree.walk() if e.attrs.get("id") == "assessments/meridian-atlas-3/2026-11-20"
    )
    assert row.text().startswith(HOSTILE_NAME)
    assert "Withheld (public safety) : High" in row.text()  # (the parser joins with spaces)
    assert "Cybersecurity" not in row.text()
    full = run_cli("render", "-f", "md", "--edition", "full")
    assert "| Cybersecurity: High |" in full.out


def test_a_bad_assessment_under_the_rendered_version_stops_the_render(
    shipped: Path, run_cli: RunCli
) -> None:
    path = shipped / BEACON
    path.write_text(path.read_text().replace("decided-by: leadership", "decided-by: leadershp"))
    out = shipped.parent / "framework.html"
    result = run_cli("render", "-o", str(out))
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"prepctl: {BEACON}:"), result.err
    assert "unknown body 'leadershp'" in result.err
    assert not out.exists()


def test_the_footer_hash_covers_the_assessments_the_appendix_shows(
    shipped: Path, run_cli: RunCli
) -> None:
    def content_hash() -> str:
        result = run_cli("render", "-f", "md")
        assert result.code == 0, result.err
        return result.out.split("content SHA-256 ")[1].split(" ")[0]

    before = content_hash()
    path = shipped / BEACON
    path.write_text(path.read_text().replace("value: 0.21", "value: 0.2"))
    assert content_hash() != before


def test_the_site_publishes_each_assessments_report_beside_its_release(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    shutil.copytree(ROOT / "framework", root / "framework")
    commit = repo.commit("1.0.0")
    repo.git("tag", "framework-v1.0.0")
    # Assessed after the release: in the working tree, not in the tag.
    shutil.copytree(ROOT / "assessments", root / "assessments")
    monkeypatch.chdir(root)
    out = tmp_path / "site"
    result = run_cli("site", "-o", str(out))
    assert result.code == 0, result.err
    report = out / "1.0.0" / "assessments" / "meridian-beacon-1" / "2026-11-28.html"
    html = report.read_text(encoding="utf-8")
    # The same report prepctl assess writes, its footer naming the tag's commit.
    assert rows(html)["/categories/biological-chemical"] == ("High", "Below every level")
    footer = parse_html(html).text().split("Framework Meridian AI Preparedness Framework 1.0.0")[1]
    assert f"read from release tag framework-v1.0.0 Commit {commit} " in footer
    assert "Assessment assessments/meridian-beacon-1/2026-11-28.yaml " in footer
    assert (report.with_suffix(".md")).is_file()
    index = parse_html((out / "index.html").read_text(encoding="utf-8"))
    row = next(
        e
        for e in index.walk()
        if e.attrs.get("id") == "assessments/1.0.0/meridian-beacon-1/2026-11-28"
    )
    links = [e.attrs["href"] for e in row.walk() if e.tag == "a"]
    page = "./1.0.0/assessments/meridian-beacon-1/2026-11-28"
    assert links == [
        "./1.0.0/index.html",
        f"{page}.html#scorecard",
        f"{page}.html#capabilities",
        f"{page}.html#safeguards",
        f"{page}.md",
    ]
    assert "Biological and chemical: High (after mitigation: below every level)" in row.text()
    # The release's own document is the tag's, as prepctl verify re-renders it.
    verified = run_cli("verify", str(out / "1.0.0" / "index.html"))
    # The tag is lightweight, so unsigned: the one problem verify reports; the bytes match.
    assert verified.code == 1
    assert verified.err.splitlines() == [
        "prepctl: tag framework-v1.0.0 is not signed (framework-v1.0.0 is a lightweight tag, "
        "with no signature)"
    ]


def test_a_confidential_evaluation_shows_neither_its_name_nor_its_result(
    shipped: Path, run_cli: RunCli
) -> None:
    category = shipped / "framework" / "categories" / "cybersecurity.yaml"
    category.write_text(
        category.read_text().replace(
            "    name: Professional capture-the-flag challenges\n",
            "    name: Professional capture-the-flag challenges\n"
            "    confidential:\n      reason: public-safety\n",
        )
    )
    public = run_cli("assess", ATLAS, "--report", "all", "-f", "md")
    assert public.code == 0, public.err
    withheld = "*Withheld (public safety)* `/categories/cybersecurity/evaluations/professional-ctf`"
    assert f"| Cybersecurity | Reached | — | High | High | {withheld}: withheld |" in public.out
    for secret in ("Professional capture-the-flag", "0.64", "fraction of professional-level"):
        assert secret not in public.out
    full = run_cli("assess", ATLAS, "--report", "all", "-f", "md", "--edition", "full")
    assert "Professional capture-the-flag challenges: 0.64 ± 0.03 at or past 0.6" in full.out


def test_evidence_with_a_table_bar_stays_in_its_cell(shipped: Path, run_cli: RunCli) -> None:
    # '|' would end a Markdown table cell inside a link's destination: such evidence is text.
    path = shipped / ATLAS
    text = path.read_text(encoding="utf-8")
    link = "https://example.com/meridian/atlas-3/capabilities-report#professional-ctf"
    assert link in text
    path.write_text(text.replace(link, "https://example.com/a|b"), encoding="utf-8")
    done = run_cli("assess", ATLAS, "--report", "capabilities", "-f", "md")
    assert done.code == 0, done.err
    rows = [line for line in done.out.splitlines() if "example.com/a" in line]
    assert rows
    header = next(
        line
        for line in done.out.splitlines()
        if line.startswith("|") and "Evidence" in line and line.count("|") > 2
    )
    for row in rows:
        assert row.count("|") - row.count("\\|") == header.count("|"), row
        assert "](" not in row
        assert "<https://example.com/a" not in row
