"""``prepctl render``: the published document, its anchors, its escaping and its determinism."""

from __future__ import annotations

import hashlib
import html
import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import FIXTURES, FRAMEWORK, ROOT, GitRepo, Run
from helpers.render import (
    ATTRIBUTE,
    HOSTILE_NAME,
    LINK,
    RAW,
    SAFE_HREF,
    SCRIPT,
    TEMPLATE,
    Element,
    _edit,
    assert_inert,
    by_id,
    data_of,
    hostile_framework,
    ids,
    markdown_as_github_would_parse_it,
    parse_html,
)

from prepctl.cli import main
from prepctl.core import compliance, document, source
from prepctl.render import prose, values
from prepctl.render.changelog import section
from prepctl.render.pdf import stamp
from prepctl.render.provenance import content_hash
from prepctl.render.values import human_date

RunCli = Callable[..., Run]
FRAMEWORKS = [FRAMEWORK, *sorted(p for p in FIXTURES.iterdir() if p.is_dir())]
FRAMEWORK_IDS = [p.name if p != FRAMEWORK else "shipped" for p in FRAMEWORKS]

# -- a small DOM, enough to ask what a browser would build ------------------------------------


def hrefs(root: Element) -> list[str]:
    return [e.attrs["href"] for e in root.walk() if e.tag == "a" and "href" in e.attrs]


# -- rendering helpers ----------------------------------------------------------------------


def render(run_cli: RunCli, folder: Path, fmt: str, out: Path) -> str:
    result = run_cli("render", str(folder), "-f", fmt, "-o", str(out))
    assert result.code == 0, result.err
    assert (result.out, result.err) == ("", "")
    return out.read_text(encoding="utf-8")


def threshold_addresses(data: dict[str, Any]) -> dict[str, list[str]]:
    """Each threshold's address and the safeguards it requires, read from the raw data."""
    return {
        f"/categories/{c['id']}/thresholds/{t['id']}": list(t.get("safeguards", []))
        for c in data["categories"]
        for t in c.get("thresholds", [])
    }


# -- every framework renders, with its content and its anchors --------------------------------


@pytest.mark.parametrize("folder", FRAMEWORKS, ids=FRAMEWORK_IDS)
def test_html_renders_every_part_with_address_anchors(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    text = render(run_cli, folder, "html", tmp_path / "out.html")
    root = parse_html(text)
    data = data_of(folder)
    anchors = ids(root)
    assert len(anchors) == len(set(anchors)), "an id appears twice"
    body = root.text()
    for category in data["categories"]:
        assert category["name"] in body
    safeguard_ids = {s["id"] for s in data["safeguards"]}
    for threshold, safeguards in threshold_addresses(data).items():
        heading = by_id(root, threshold)
        assert heading.tag == "h5"
        for safeguard in safeguards:
            item = by_id(root, f"{threshold}/safeguards/{safeguard}")
            if safeguard in safeguard_ids:
                assert hrefs(item) == [f"#/safeguards/{safeguard}"]
    for safeguard in safeguard_ids:
        assert f"/safeguards/{safeguard}" in anchors
    for category in data["categories"]:
        for evaluation in category.get("evaluations", []):
            assert f"/categories/{category['id']}/evaluations/{evaluation['id']}" in anchors
    # Every link inside the document lands on an anchor of the same document.
    for href in hrefs(root):
        assert href.startswith(SAFE_HREF), href
        if href.startswith("#"):
            assert href[1:] in anchors, f"{href} leads nowhere"
    # Every heading can be linked to; headings of the structure carry their address.
    for element in root.walk():
        if re.fullmatch(r"h[1-6]", element.tag):
            assert "id" in element.attrs, element.text()
    assert by_id(root, "/levels").tag == "h2"
    assert by_id(root, "/safeguards").tag == "h2"
    assert by_id(root, "/governance").tag == "h2"


@pytest.mark.parametrize("folder", FRAMEWORKS, ids=FRAMEWORK_IDS)
def test_markdown_renders_every_part_with_address_anchors(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    text = render(run_cli, folder, "md", tmp_path / "out.md")
    root = markdown_as_github_would_parse_it(text)
    data = data_of(folder)
    anchors = ids(root)
    assert len(anchors) == len(set(anchors))
    body = root.text()
    for category in data["categories"]:
        assert category["name"] in body
        assert f'<a id="/categories/{category["id"]}"></a>{prose.plain(category["name"])}' in text
    for threshold, safeguards in threshold_addresses(data).items():
        assert threshold in anchors
        for safeguard in safeguards:
            assert f"{threshold}/safeguards/{safeguard}" in anchors
    for href in hrefs(root):
        assert href.startswith(SAFE_HREF), href
        if href.startswith("#"):
            assert href[1:] in anchors, f"{href} leads nowhere"
    # Tables are well formed: GitHub would show the levels and decisions as tables.
    assert any(e.tag == "table" for e in root.walk())
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\n\n\n" not in text


# Keys whose values are shown in other words: ids, references (shown as the name they
# reference), enum values (shown as labels) and dates (shown as '1 October 2026').
# Lengths of time, shown in words (P6M as 6 months).
DURATIONS = {"interval", "term", "deadline"}
# A decision rule's stage, basis, assessment and effect: the rules table's rows and words.
RULE_WORDS = {"when", "basis", "assessed", "effect"}
SHOWN_OTHERWISE = {
    # bodies and thresholds by name, an actor as words; lineage belongs to diffs and redlines
    "consulted",
    "alerts-for",
    "actor",
    "replaces",
    "relocation",
    "id",
    "status",
    "kind",
    "method",
    "level",
    "owner",
    "prepared-by",
    "reviewed-by",
    "criteria",
    "safeguards",
    "thresholds",
    "decided-by",
    "advised-by",
    "reversible-by",
    "recipients",
    "approved-by",
    "baseline-safeguards",
    "protects-against",
    "out-of-scope",
    "deployment",
    "development",
    "effective",
    "last-reviewed",
    "approved-on",
    "retired",
    "as-of",
    "next-level",
    # Compliance mappings are shown as the requirement's section (checked below).
    "satisfies",
}


def _texts(value: Any, key: str = "", within: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _texts(child, child_key, key)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, key, within)
    elif isinstance(value, str) and within == "rules" and key in RULE_WORDS:
        return
    elif isinstance(value, str) and key in DURATIONS:
        yield key, values.duration(value) or value
    elif isinstance(value, str) and key not in SHOWN_OTHERWISE:
        yield key, value


@pytest.mark.parametrize("folder", FRAMEWORKS, ids=FRAMEWORK_IDS)
def test_html_loses_no_text_of_the_framework(run_cli: RunCli, folder: Path, tmp_path: Path) -> None:
    body = parse_html(render(run_cli, folder, "html", tmp_path / "out.html")).text()
    data = data_of(folder)
    missing = [(key, text[:60]) for key, text in _texts(data) if " ".join(text.split()) not in body]
    assert missing == []
    assert human_date(data["effective"]) in body
    catalogue = compliance.Catalogue()
    for mapping in compliance.mappings(document.load(source.read_directory(folder))):
        profile = catalogue.get(mapping.profile)
        requirement = profile.requirement(mapping.requirement) if profile else None
        shown = f"{profile.id} {requirement.section}" if profile and requirement else mapping.text
        assert shown in body, mapping.text


# Notes about how a framework was written down (what was left out, what was guessed, which
# summary it was read from) belong in YAML comments: a published document speaks only of the
# framework. Each pattern is one way such a note reads.
ENCODER_NOTES = re.compile(
    r"\bencod(?:ed|ing|es)\b"
    r"|exact wording"
    r"|\(uncertain\)"
    r"|detail is uncertain"
    r"|\bthe facts\b"
    r"|\b(?:source|framework) summary\b"
    r"|\bsummary of version\b"
    r"|\brecorded here\b"
    r"|\bfixture"
    r"|generic stand-in"
    r"|FRAMEWORKS\.md"
    r"|\b(?:press|public) coverage\b"
    r"|\bthe schema\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("folder", FRAMEWORKS, ids=FRAMEWORK_IDS)
def test_no_note_about_the_encoding_is_published(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    markdown = render(run_cli, folder, "md", tmp_path / "out.md")
    page = parse_html(render(run_cli, folder, "html", tmp_path / "out.html")).text()
    for text in (markdown, page):
        found = [
            " ".join(text[max(m.start() - 40, 0) : m.end() + 40].split())
            for m in ENCODER_NOTES.finditer(text)
        ]
        assert found == []


def test_thresholds_follow_the_manifest_level_order(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    path = folder / "categories" / "cybersecurity.yaml"
    category = yaml.safe_load(path.read_text())
    category["thresholds"].reverse()  # written Critical first
    path.write_text(yaml.safe_dump(category, sort_keys=False, allow_unicode=True))
    text = render(run_cli, folder, "html", tmp_path / "out.html")
    high = text.index('id="/categories/cybersecurity/thresholds/high"')
    critical = text.index('id="/categories/cybersecurity/thresholds/critical"')
    assert high < critical


def test_a_post_mitigation_rule_shows_in_the_rules_table(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    rule = {
        "id": "post-mitigation-deployment",
        "when": "external-deployment",
        "assessed": "post-mitigation",
        "effect": "prohibited",
    }
    _edit(folder / "framework.yaml", lambda data: data["levels"][-1]["rules"].append(rule))
    words = "not allowed (if the risk left after safeguards is at this level)"
    root = parse_html(render(run_cli, folder, "html", tmp_path / "out.html"))
    assert words in root.text()
    assert words in render(run_cli, folder, "md", tmp_path / "out.md")


def test_a_thresholds_bar_margin_warning_and_rules_are_published(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)

    def structured(data: dict[str, Any]) -> None:
        high, critical = data["thresholds"][0], data["thresholds"][1]
        high["bar"] = {
            "actor": "novice",
            "uplift": 2,
            "baseline": "Tools & search engines <2021>",
            "harm": {"deaths": 1000, "damage-usd": 1e9},
        }
        high["alerts-for"] = critical["id"]
        high["margin"] = "Set one capability step below the level of concern."
        high["rules"] = [
            {
                "id": "internal",
                "when": "internal-deployment",
                "effect": "requires-safeguards",
                "safeguards": ["misuse-classifiers"],
                "text": "Internal use waits for the classifiers.",
            }
        ]

    _edit(folder / "categories" / "cybersecurity.yaml", structured)
    assert run_cli("lint", str(folder)).code == 0
    expected = [
        "actor: Novice; uplift: 2\u00d7; measured against: Tools & search engines <2021>; "
        "harm: 1,000 deaths or $1,000,000,000 in damage",
        "Set one capability step below the level of concern.",
        "Large-scale internal deployment: safeguards first (safeguards: misuse-classifiers): "
        "Internal use waits for the classifiers.",
    ]
    html_text = render(run_cli, folder, "html", tmp_path / "out.html")
    root = parse_html(html_text)
    for words in expected:
        assert words in root.text()
    assert "&lt;2021&gt;" in html_text
    assert "<2021>" not in html_text
    warning = html_text.index("Early warning of")
    assert html_text.index('href="#/categories/cybersecurity/thresholds/critical"', warning) < (
        html_text.index('id="/categories/cybersecurity/thresholds/critical"')
    )
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    for words in expected[1:]:
        assert words in md
    assert "**Early warning of:**" in md


def test_tracked_categories_come_before_research_ones(run_cli: RunCli, tmp_path: Path) -> None:
    text = render(run_cli, FRAMEWORK, "html", tmp_path / "out.html")
    data = data_of(FRAMEWORK)
    positions = {c["status"]: text.index(f'id="/categories/{c["id"]}"') for c in data["categories"]}
    assert positions["tracked"] < positions["research"]
    last_tracked = max(
        text.index(f'id="/categories/{c["id"]}"')
        for c in data["categories"]
        if c["status"] == "tracked"
    )
    first_research = min(
        text.index(f'id="/categories/{c["id"]}"')
        for c in data["categories"]
        if c["status"] == "research"
    )
    assert last_tracked < first_research


def test_the_html_is_self_contained(run_cli: RunCli, tmp_path: Path) -> None:
    text = render(run_cli, FRAMEWORK, "html", tmp_path / "out.html")
    root = parse_html(text)
    tags = {e.tag for e in root.walk()}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "svg"}
    assert not re.search(r"url\(|@import|@font-face", text)
    (policy,) = [
        e.attrs["content"]
        for e in root.walk()
        if e.tag == "meta" and e.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "default-src 'none'" in policy
    # The policy names the stylesheet by its hash, so it is the only style that applies.
    (style,) = [e for e in root.walk() if e.tag == "style"]
    css = "".join(c for c in style.children if isinstance(c, str))
    import base64

    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy
    assert "@media print" in css


# -- escaping -------------------------------------------------------------------------------


def test_html_shows_hostile_text_as_text(run_cli: RunCli, tmp_path: Path) -> None:
    folder = hostile_framework(tmp_path)
    assert run_cli("lint", str(folder)).code in (0, 1)  # readable; only rules may complain
    text = render(run_cli, folder, "html", tmp_path / "out.html")
    root = parse_html(text)
    assert_inert(root)
    body = root.text()
    assert HOSTILE_NAME in body
    assert f"Prose {SCRIPT} {TEMPLATE} {RAW} {ATTRIBUTE} {LINK} end." in body
    assert '<div onclick="x">' in body  # the raw HTML block, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&#34; onmouseover=&#34;x" in text or "&quot; onmouseover=&quot;x" in text
    (title,) = [e for e in root.walk() if e.tag == "title"]
    assert title.text() == f"{HOSTILE_NAME} 1.0.0"
    assert "49" not in title.text()
    assert "Hostile <script>" not in text


def test_markdown_shows_hostile_text_as_text(run_cli: RunCli, tmp_path: Path) -> None:
    folder = hostile_framework(tmp_path)
    text = render(run_cli, folder, "md", tmp_path / "out.md")
    root = markdown_as_github_would_parse_it(text)
    assert_inert(root)
    body = root.text()
    assert HOSTILE_NAME in body
    assert f"Prose {SCRIPT} {TEMPLATE} {RAW} {ATTRIBUTE} {LINK} end." in body
    assert '<div onclick="x">' in body
    assert TEMPLATE in body  # as written: never evaluated (in the source, its * is escaped)
    assert RAW in body
    assert re.search(r"(?<!\\)<(script|div|img)", text) is None  # every tag start escaped


def test_prose_markdown_renders_but_links_only_to_the_web_mail_or_the_document() -> None:
    rendered = prose.to_html(
        "**bold** [web](https://example.org) [mail](mailto:a@example.org) [here](#/levels)"
        " [js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [entity](java&#115;cript:x)"
        " [vb](vbscript:x) [data](data:text/html,x) [file](file:///etc/passwd)"
        " ![pixel](https://example.org/p.png) <https://example.org/auto>"
    )
    root = parse_html(rendered)
    assert hrefs(root) == [
        "https://example.org",
        "mailto:a@example.org",
        "#/levels",
        "https://example.org/p.png",
        "https://example.org/auto",
    ]
    assert "<strong>bold</strong>" in rendered
    assert not any(e.tag == "img" for e in root.walk())  # images become links: no fetch


def test_prose_headings_sit_below_the_heading_they_appear_under() -> None:
    assert prose.to_html("# Top\n\n## Next", top=4) == "<h4>Top</h4>\n<h5>Next</h5>\n"
    assert prose.to_html("#### Deep", top=3) == "<h4>Deep</h4>\n"


def test_plain_text_in_markdown_reads_as_written() -> None:
    name = "A*b_c [x](y) <b> | # & $m$ ~s~ `c` \\"
    escaped = prose.plain(name)
    parsed = markdown_as_github_would_parse_it(f"| {escaped} |\n|---|\n")
    assert parsed.text() == name
    assert not [e for e in parsed.walk() if e.tag in ("em", "strong", "a", "b", "code", "s")]


def test_markdown_prose_keeps_code_and_defuses_html_and_unsafe_links() -> None:
    text = "Use `<b>` and\n\n```\n<div>\n```\n\n<div>x</div> [a](javascript:x) <javascript:x> <https://ok>"
    result = prose.prose(text)
    assert "`<b>`" in result
    assert "```\n<div>\n```" in result
    root = markdown_as_github_would_parse_it(result)
    assert_inert(root)
    assert [e.tag for e in root.walk() if e.tag == "div"] == []
    assert hrefs(root) == ["https://ok"]


# -- determinism and provenance ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_rendering_is_byte_identical_and_independent_of_the_folder(
    run_cli: RunCli, tmp_path: Path, fmt: str
) -> None:
    first = tmp_path / "one" / "framework"
    second = tmp_path / "two" / "deeper" / "elsewhere"
    shutil.copytree(FRAMEWORK, first)
    shutil.copytree(FRAMEWORK, second)
    outputs = [
        (tmp_path / f"a.{fmt}", first),
        (tmp_path / f"b.{fmt}", first),
        (tmp_path / f"c.{fmt}", second),
    ]
    rendered = [(render(run_cli, folder, fmt, out), out.read_bytes()) for out, folder in outputs]
    assert rendered[0][1] == rendered[1][1] == rendered[2][1]
    assert str(tmp_path) not in rendered[0][0]
    assert "elsewhere" not in rendered[2][0]


def test_standard_output_carries_the_same_document(run_cli: RunCli, tmp_path: Path) -> None:
    written = render(run_cli, FRAMEWORK, "md", tmp_path / "out.md")
    result = run_cli("render", str(FRAMEWORK), "-f", "md")
    assert (result.code, result.err) == (0, "")
    assert result.out == written


def test_content_hash_is_sha256_over_path_length_and_bytes() -> None:
    files = {"b.yaml": b"two", "a.yaml": b"one"}
    expected = hashlib.sha256(b"a.yaml\x003\x00one" + b"b.yaml\x003\x00two").hexdigest()
    assert content_hash(files) == expected
    assert content_hash({"a": b"bc"}) != content_hash({"ab": b"c"})


def test_footer_names_the_content_hash_and_an_unknown_commit_outside_git(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    text = render(run_cli, folder, "html", tmp_path / "out.html")
    snapshot = source.read_directory(folder)
    assert content_hash(snapshot.files) in text
    assert "unknown (not read from a git repository)" in text
    assert "prepctl 0.1.0" in text


def test_footer_names_the_commit_and_uncommitted_changes(
    run_cli: RunCli, git_repo: GitRepo, tmp_path: Path
) -> None:
    shutil.copytree(FRAMEWORK, git_repo.path / "framework")
    commit = git_repo.commit("framework")
    out = tmp_path / "out.md"
    clean = render(run_cli, git_repo.path / "framework", "md", out)
    assert f"commit {commit} ·" in clean
    (git_repo.path / "notes.txt").write_text("outside the framework\n")
    assert render(run_cli, git_repo.path / "framework", "md", out) == clean
    manifest = git_repo.path / "framework" / "framework.yaml"
    manifest.write_text(manifest.read_text().replace("Meridian AI tracks", "Meridian tracks"))
    dirty = render(run_cli, git_repo.path / "framework", "md", out)
    assert f"commit {commit} + uncommitted changes" in dirty


def test_a_git_ref_renders_its_commit(
    run_cli: RunCli, git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FRAMEWORK, git_repo.path / "framework")
    commit = git_repo.commit("framework")
    manifest = git_repo.path / "framework" / "framework.yaml"
    manifest.write_text(manifest.read_text().replace("Meridian AI tracks", "Meridian tracks"))
    monkeypatch.chdir(git_repo.path)
    result = run_cli("render", "HEAD", "-f", "md")
    assert result.code == 0, result.err
    assert f"commit {commit} ·" in result.out
    assert "Meridian AI tracks" in result.out  # the committed text, not the working tree's


# -- the changelog ----------------------------------------------------------------------------

CHANGELOG = """# Changelog

## [Unreleased]

- Something not yet released.

## [1.0.0] - 2026-10-01

### Added

- The **mental health** research category.

## [0.9.0] - 2026-06-01

### Added

- Everything else.
"""


def test_changelog_section_of_this_version() -> None:
    assert section(CHANGELOG, "1.0.0") == "### Added\n\n- The **mental health** research category."
    assert section(CHANGELOG, "2.0.0") is None
    assert section("## 1.0.0 (2026-10-01)\nText\n## 0.9.0\nOld\n", "1.0.0") == "Text"
    assert section("## [1.0.0]\n\n```\n## not a heading\n```\nafter\n", "1.0.0") == (
        "```\n## not a heading\n```\nafter"
    )


def test_framework_changelog_replaces_change_records(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    before = render(run_cli, folder, "html", tmp_path / "before.html")
    assert 'id="/changes"' in before
    (folder / "CHANGELOG.md").write_text(CHANGELOG)
    text = render(run_cli, folder, "html", tmp_path / "out.html")
    root = parse_html(text)
    assert by_id(root, "changelog").text() == "Changes in version 1.0.0"
    assert "<strong>mental health</strong>" in text
    assert "Everything else" not in text
    assert "not yet released" not in text
    assert 'id="/changes"' not in text
    # The changelog is part of what was rendered, so it is part of the content hash.
    assert content_hash(source.read_directory(folder).files) not in text
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    assert "- The **mental health** research category." in md


# -- the command line -------------------------------------------------------------------------


def test_format_follows_the_output_file_name(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("render", str(FRAMEWORK), "-o", str(tmp_path / "x.md")).code == 0
    assert (tmp_path / "x.md").read_text().startswith("# ")
    # A suffix that names no format is not taken for HTML; -f says what to write.
    assert run_cli("render", str(FRAMEWORK), "-o", str(tmp_path / "x.txt")).code == 2
    assert not (tmp_path / "x.txt").exists()
    assert run_cli("render", str(FRAMEWORK), "-f", "html", "-o", str(tmp_path / "x.txt")).code == 0
    assert (tmp_path / "x.txt").read_text().startswith("<!DOCTYPE html>")


def test_no_source_renders_the_framework_of_the_working_directory(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FRAMEWORK, tmp_path / "framework")
    monkeypatch.chdir(tmp_path / "framework" / "categories")
    result = run_cli("render", "-f", "md")
    assert result.code == 0, result.err
    assert result.out.startswith('# <a id="top"></a>Meridian AI Preparedness Framework')


def test_pdf_needs_a_file(run_cli: RunCli) -> None:
    result = run_cli("render", str(FRAMEWORK), "-f", "pdf")
    assert result.code == 2
    assert result.err == "prepctl: PDF output needs a file: add -o FILE\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_pdf_is_never_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal, errors = _Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", errors)
    assert main(["render", str(FRAMEWORK), "-f", "pdf", "-o", "-"]) == 2
    assert errors.getvalue() == "prepctl: refusing to write PDF to a terminal; use -o FILE\n"
    assert terminal.getvalue() == ""


def test_pdf_without_chromium_says_how_to_get_it(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PREPCTL_CHROMIUM", raising=False)
    out = tmp_path / "out.pdf"
    result = run_cli("render", str(FRAMEWORK), "-o", str(out))
    assert result.code == 2
    assert result.err == (
        "prepctl: PDF needs Chromium: install Debian's chromium package, or render HTML and "
        "print it\n"
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_pdf_with_a_browser_that_fails_writes_nothing(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "bin" / "fake-chromium"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PREPCTL_CHROMIUM", str(fake))
    out = tmp_path / "out.pdf"
    result = run_cli("render", str(FRAMEWORK), "-o", str(out))
    assert result.code == 2
    assert result.err == "prepctl: Chromium could not print the PDF: cannot open display\n"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bin"]


def test_pdf_dates_become_the_effective_date() -> None:
    printed = b"<</Creator (x)\n/CreationDate (D:20261123023713+00'00')\n/ModDate (D:20261123023713+00'00')>>"
    stamped = stamp(printed, "2026-10-01")
    assert stamped == printed.replace(b"20261123023713", b"20261001000000")
    assert len(stamped) == len(printed)
    assert stamp(printed, "not a date") == printed


def test_an_invalid_framework_is_not_published(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    manifest = folder / "framework.yaml"
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: one"))
    out = tmp_path / "out.html"
    result = run_cli("render", str(folder), "-o", str(out))
    assert result.code == 2
    assert result.err.startswith(f"prepctl: cannot render {folder}: {folder}/framework.yaml:")
    assert "run 'prepctl lint' for every error" in result.err
    assert result.err.count("\n") == 1
    assert not out.exists()


def test_an_impossible_date_is_not_published(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    manifest = folder / "framework.yaml"
    manifest.write_text(
        manifest.read_text().replace("effective: 2026-10-01", "effective: 2027-02-30")
    )
    line = manifest.read_text().splitlines().index("effective: 2027-02-30") + 1
    out = tmp_path / "out.md"
    result = run_cli("render", str(folder), "-f", "md", "-o", str(out))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"prepctl: cannot render {folder}: {folder}/framework.yaml:{line}:12: must be a calendar date "
        "written as YYYY-MM-DD, got '2027-02-30' (February 2027 has 28 days); run 'prepctl lint' "
        "for every error\n"
    )
    assert not out.exists()
    assert "30 February" not in human_date("2027-02-30")


def test_user_errors_are_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    missing = run_cli("render", str(tmp_path / "nowhere"))
    assert missing.code == 2
    assert missing.err.count("\n") == 1
    assert missing.err.startswith("prepctl: ")
    unwritable = run_cli("render", str(FRAMEWORK), "-o", str(tmp_path / "no" / "dir" / "x.html"))
    assert unwritable.code == 2
    assert unwritable.err.startswith(f"prepctl: cannot write {tmp_path}/no/dir/x.html")
    unknown = run_cli("render", str(FRAMEWORK), "-f", "docx")
    assert unknown.code == 2
    assert "'docx' is not one of 'html', 'md', 'markdown', 'pdf'" in unknown.err
    broken = tmp_path / "broken"
    shutil.copytree(FRAMEWORK, broken)
    (broken / "categories" / "cybersecurity.yaml").write_text("name: [unclosed\n")
    malformed = run_cli("render", str(broken))
    assert malformed.code == 2
    assert malformed.err.startswith(f"prepctl: {broken}/categories/cybersecurity.yaml:")
    assert malformed.err.count("\n") == 1
    against = run_cli("render", str(FRAMEWORK), "--against", "no-such-base")
    assert against.code == 2
    assert against.err.count("\n") == 1


def test_the_command_line_loads_no_template_engine() -> None:
    code = (
        "import sys, prepctl.cli; "
        "print(sorted(m for m in ('jinja2', 'markdown_it', 'markupsafe') if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_the_wheel_carries_the_templates_and_renders_anywhere(tmp_path: Path, wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted((ROOT / "prepctl" / "render" / "templates").rglob("*.*"))
    assert templates
    for template in templates:
        assert template.relative_to(ROOT).as_posix() in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FRAMEWORK, elsewhere / "framework")
    completed = subprocess.run(
        [sys.executable, "-m", "prepctl", "render", "-f", "md"],
        cwd=elsewhere,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith('# <a id="top"></a>')
    assert html.escape("Meridian") in completed.stdout


# -- forecasts, trigger rationales, compliance mappings and the appendix ----------------------

FORECAST = "/categories/cybersecurity/forecast"
TRIGGER = "/evaluation-triggers/post-training-progress"
WEIGHTS = "/safeguards/weights-security-high"


def compliance_framework(tmp_path: Path) -> Path:
    """The shipped framework with a known forecast, rationale and mappings: one to a claimed
    profile's requirement, one whose section is shared (so its title is shown), one to a
    profile the framework no longer claims, and one to a profile prepctl does not know."""
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)

    def manifest(data: dict[str, Any]) -> None:
        data["compliance"]["claims"].remove("seoul-2024")
        trigger = next(t for t in data["evaluation-triggers"] if t["id"] == TRIGGER.split("/")[-1])
        trigger["rationale"] = "Gains *without* compute <b>still</b> count."

    def category(data: dict[str, Any]) -> None:
        data["forecast"] = {
            "as-of": "2027-02-03",
            "next-level": "critical",
            "estimate": "Within **two** years.",
            "assumptions": "Compute keeps <growing>.",
        }

    def safeguard(data: dict[str, Any]) -> None:
        data["satisfies"] = ["ca-sb53/a7", "eu-gpai-cop/F1", "seoul-2024/III", "internal/p-1"]

    _edit(folder / "framework.yaml", manifest)
    _edit(folder / "categories" / "cybersecurity.yaml", category)
    _edit(folder / "safeguards" / "weights-security-high.yaml", safeguard)
    return folder


def find_class(root: Element, tag: str, css: str) -> list[Element]:
    return [e for e in root.walk() if e.tag == tag and css in e.attrs.get("class", "").split()]


def around(root: Element, tag: str, anchor: str) -> Element:
    """The innermost ``tag`` element that holds the element with this id."""
    return [e for e in root.walk() if e.tag == tag and anchor in ids(e)][-1]


def test_forecast_is_shown_in_its_category(run_cli: RunCli, tmp_path: Path) -> None:
    folder = compliance_framework(tmp_path)
    text = render(run_cli, folder, "html", tmp_path / "out.html")
    root = parse_html(text)
    (forecast,) = [e for e in find_class(root, "div", "forecast") if FORECAST in ids(e)]
    assert by_id(forecast, FORECAST).tag == "h4"
    assert forecast.text() == (
        "Forecast As of 3 February 2027 Next level: Critical"
        " When a model is expected to reach it Within two years."
        " Assumptions, and what would make the estimate wrong Compute keeps <growing>."
    )
    assert hrefs(forecast) == ["#/levels/critical"]
    assert '<time datetime="2027-02-03">3 February 2027</time>' in text
    assert "<p>Within <strong>two</strong> years.</p>" in text
    assert "Compute keeps &lt;growing&gt;." in text
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    assert (
        f'#### <a id="{FORECAST}"></a>Forecast\n\n'
        "As of 3 February 2027 · Next level: **[Critical](<#/levels/critical>)**\n\n"
        "**When a model is expected to reach it.** Within **two** years.\n\n"
        "**Assumptions, and what would make the estimate wrong.** Compute keeps \\<growing>.\n"
    ) in md


def test_evaluation_trigger_shows_its_rationale(run_cli: RunCli, tmp_path: Path) -> None:
    folder = compliance_framework(tmp_path)
    root = parse_html(render(run_cli, folder, "html", tmp_path / "out.html"))
    trigger = by_id(root, TRIGGER)
    assert "Why this trigger Gains without compute <b>still</b> count." in trigger.text()
    assert [e.text() for e in trigger.walk() if e.tag == "em"] == ["without"]
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    assert "\n   *Why this trigger:* Gains *without* compute \\<b>still\\</b> count.\n" in md


def test_satisfies_line_names_each_requirement_by_its_section(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = compliance_framework(tmp_path)
    root = parse_html(render(run_cli, folder, "html", tmp_path / "out.html"))
    (line,) = find_class(around(root, "article", WEIGHTS), "p", "satisfies")
    # (text() joins the text of sibling elements with a space: the commas follow the links.)
    assert line.text().replace(" ,", ",") == (
        "Satisfies: ca-sb53 §22757.12(a)(7), eu-gpai-cop Measure 1.1 (evaluation trigger points),"
        " seoul-2024 Commitment III, internal/p-1"
    )
    # Only requirements of claimed profiles have a row in the appendix to link to.
    assert hrefs(line) == ["#appendix/ca-sb53/a7", "#appendix/eu-gpai-cop/F1"]
    (root_line,) = [e for e in find_class(root, "p", "satisfies") if "F0" in str(hrefs(e))]
    assert root_line.text() == "Satisfies: eu-gpai-cop Measure 1.1 (overview of processes)"
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    assert (
        "<sub>Satisfies: [ca-sb53 §22757.12(a)(7)](<#appendix/ca-sb53/a7>), "
        "[eu-gpai-cop Measure 1.1 (evaluation trigger points)](<#appendix/eu-gpai-cop/F1>), "
        "seoul-2024 Commitment III, internal/p-1</sub>\n"
    ) in md


def test_claims_are_listed_in_the_overview(run_cli: RunCli, tmp_path: Path) -> None:
    folder = compliance_framework(tmp_path)
    _edit(folder / "framework.yaml", lambda d: d["compliance"]["claims"].append("internal"))
    root = parse_html(render(run_cli, folder, "html", tmp_path / "out.html"))
    assert by_id(root, "/compliance").text() == "Compliance"
    claim = by_id(root, "/compliance/claims/ca-sb53")
    assert claim.text() == (
        "ca-sb53 California SB 53, Transparency in Frontier Artificial Intelligence Act"
    )
    assert hrefs(claim) == ["#appendix/ca-sb53"]
    unknown = by_id(root, "/compliance/claims/internal")
    assert unknown.text() == "internal (a profile prepctl does not know)"
    assert hrefs(unknown) == []
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    assert (
        '- <a id="/compliance/claims/ny-raise"></a>**ny-raise** '
        "[New York RAISE Act, as amended](<#appendix/ny-raise>)\n"
    ) in md


def test_compliance_appendix_lists_every_requirement_of_each_claimed_profile(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = compliance_framework(tmp_path)
    # Nothing meets ca-sb53/a7 any more but the one safeguard; drop that too.
    _edit(
        folder / "safeguards" / "weights-security-critical.yaml",
        lambda d: d["satisfies"].remove("ca-sb53/a7"),
    )
    _edit(
        folder / "safeguards" / "weights-security-high.yaml",
        lambda d: d["satisfies"].remove("ca-sb53/a7"),
    )
    root = parse_html(render(run_cli, folder, "html", tmp_path / "out.html"))
    (toc,) = [e for e in root.walk() if e.tag == "nav"]
    appendix = next(li for li in toc.walk() if li.tag == "li" and hrefs(li)[:1] == ["#appendix"])
    assert hrefs(appendix) == [
        "#appendix",
        "#appendix/ca-sb53",
        "#appendix/ny-raise",
        "#appendix/eu-gpai-cop",
    ]  # seoul-2024 is no longer claimed
    assert by_id(root, "appendix").text() == "Compliance appendix"
    assert by_id(root, "appendix/ca-sb53").text() == (
        "ca-sb53 California SB 53, Transparency in Frontier Artificial Intelligence Act"
    )
    assert by_id(root, "appendix/ca-sb53/a7").text() == (
        "§22757.12(a)(7) weight security Not covered"
    )
    row = by_id(root, "appendix/ny-raise/1-g")
    assert row.text() == "§1421(1)(g) weight security Weights security, Critical standard"
    assert hrefs(row) == ["#/safeguards/weights-security-critical"]
    assert by_id(root, "appendix/eu-gpai-cop/F0").text() == (
        "Measure 1.1 overview of processes Overview"
    )
    assert hrefs(by_id(root, "appendix/eu-gpai-cop/F0")) == ["#overview"]
    assert "9 of 10 requirements covered" in around(root, "section", "appendix/ca-sb53").text()
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    assert (
        '\n| <a id="appendix/ca-sb53/a7"></a>§22757.12(a)(7) | weight security | **not covered** |\n'
        in md
    )
    assert (
        '\n| <a id="appendix/ny-raise/1-g"></a>§1421(1)(g) | weight security | '
        "[Weights security, Critical standard](<#/safeguards/weights-security-critical>) |\n"
    ) in md
    assert "· **9 of 10** requirements covered\n" in md
    assert (
        "  - [ca-sb53: California SB 53, Transparency in Frontier Artificial Intelligence Act](<#appendix/ca-sb53>)\n"
        in md
    )


def test_compliance_appendix_shows_a_claim_by_the_whole_framework_as_no_evidence(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = compliance_framework(tmp_path)
    # Only the manifest's root names ca-sb53/a7 now: a claim, not evidence.
    for name in ("weights-security-high", "weights-security-critical"):
        _edit(
            folder / "safeguards" / f"{name}.yaml",
            lambda d: d["satisfies"].remove("ca-sb53/a7"),
        )
    _edit(folder / "framework.yaml", lambda d: d["satisfies"].append("ca-sb53/a7"))
    root = parse_html(render(run_cli, folder, "html", tmp_path / "out.html"))
    row = by_id(root, "appendix/ca-sb53/a7")
    assert row.text() == "§22757.12(a)(7) weight security Claimed without evidence by Overview"
    assert hrefs(row) == ["#overview"]
    assert [e.text() for e in find_class(row, "strong", "claimed")] == ["Claimed without evidence"]
    assert (
        "9 of 10 requirements covered, 1 claimed without evidence"
        in around(root, "section", "appendix/ca-sb53").text()
    )
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    assert (
        '\n| <a id="appendix/ca-sb53/a7"></a>§22757.12(a)(7) | weight security | '
        "**claimed without evidence** by [Overview](<#overview>) |\n"
    ) in md
    assert "· **9 of 10** requirements covered, **1 claimed without evidence**\n" in md


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_no_claims_no_appendix(run_cli: RunCli, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    _edit(folder / "framework.yaml", lambda d: d.pop("compliance"))
    text = render(run_cli, folder, fmt, tmp_path / f"out.{fmt}")
    assert "appendix" not in text.replace("Appendix 1.4", "")
    assert 'id="/compliance"' not in text
    assert "Satisfies: " in text  # mappings still say what they meet, unlinked
    assert "#appendix/" not in text


def test_redline_marks_satisfies_and_claims_in_place(tmp_path: Path) -> None:
    from prepctl.core import diff
    from prepctl.render import html, markdown, model
    from prepctl.render.redline import build
    from prepctl.render.view import Provenance

    base_folder = tmp_path / "base"
    shutil.copytree(FRAMEWORK, base_folder)
    head_folder = compliance_framework(tmp_path / "head")
    _edit(
        head_folder / "framework.yaml", lambda d: d["levels"][1]["satisfies"].remove("ca-sb53/a2")
    )
    base = document.load(source.read_directory(base_folder))
    head = document.load(source.read_directory(head_folder))
    result = diff.diff(base, head)
    view = model.build(head, Provenance(None, False, "0" * 64, "0"))
    marks = build(result, base, head)
    root = parse_html(html.render(view, marks))
    assert len(find_class(root, "span", "rl-note")) == len(result.changes)
    removed = "/levels/critical/satisfies/ca-sb53~1a2"
    added = f"{WEIGHTS}/satisfies/internal~1p-1"
    claim = "/compliance/claims/seoul-2024"
    assert {removed, added, claim} <= {c.address for c in result.changes}
    others = find_class(root, "section", "rl-other")
    shown_elsewhere = set(ids(others[0])) if others else set()
    for where in (removed, added, claim, f"{FORECAST}/as-of", f"{TRIGGER}/rationale"):
        assert where in ids(root), where
        assert where not in shown_elsewhere, where
    (line,) = [e for e in find_class(root, "p", "satisfies") if removed in ids(e)]
    assert [e.text() for e in line.walk() if e.tag == "del"] == ["ca-sb53/a2"]
    assert line.text().startswith("Satisfies: ca-sb53/a2 ▼ weakening")
    md = markdown.render(view, marks)
    assert f'<sub>Satisfies: <a id="{removed}"></a>~~ca-sb53/a2~~ [▼ **weakening**' in md
    assert f'**internal/p-1** <a id="{added}"></a>[▲ **strengthening**' in md


def test_force_scope_events_approvals_and_exception_duties_are_published(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)

    def manifest(data: dict[str, Any]) -> None:
        data["applies-to"] = {"deployments": ["external", "weights-release"]}
        data["governance"]["duties"][0]["force"] = "intended"
        data["governance"]["decisions"][0]["consulted"] = [data["governance"]["bodies"][0]["id"]]
        data["evaluation-triggers"][0]["events"] = ["weights-release"]
        exception = data["exceptions"][0]
        exception["duties"] = [{"id": "tell", "text": "The board will be told within a day."}]

    _edit(folder / "framework.yaml", manifest)
    _edit(
        folder / "categories" / "cybersecurity.yaml", lambda d: d.update(covers=["cyber-offense"])
    )
    assert run_cli("lint", str(folder)).code == 0
    body = data_of(folder)["governance"]["bodies"][0]["name"]
    expected = [
        "Applies to these deployments: external, weights-release",
        "Force: intended",
        f"Consulted: {body}",
        "Also on: weights-release",
        "Hazards covered: cyber-offense",
        "The board will be told within a day.",
    ]
    page = parse_html(render(run_cli, folder, "html", tmp_path / "out.html")).text()
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    for words in expected:
        assert words in page, words
        assert words in md, words


def test_a_measure_weaker_than_required_says_its_force(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    path = folder / "safeguards" / "usage-monitoring.yaml"
    _edit(path, lambda data: data["measures"][0].update(force="intended"))
    measure = data_of(folder)
    first = next(s for s in measure["safeguards"] if s["id"] == "usage-monitoring")["measures"][0]
    where = f"/safeguards/usage-monitoring/measures/{first['id']}"
    root = parse_html(render(run_cli, folder, "html", tmp_path / "out.html"))
    assert "(force: intended)" in by_id(root, where).text()
    md = render(run_cli, folder, "md", tmp_path / "out.md")
    line = next(line for line in md.splitlines() if f'id="{where}"' in line)
    assert line.endswith("*(force: intended)*")
