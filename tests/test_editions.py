"""Editions from one source: confidential items withheld from the public edition (text and
attributes), shown in the full one, listed in the redaction register; a public redline says a
redacted item changed without its text."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from helpers import FRAMEWORK, GIT_ENV, GitRepo, Run
from helpers.frameworks import edit
from helpers.render import by_id, ids, parse_html

from prepctl.cli import main
from prepctl.core import confidential, document, source

SAFEGUARD = "safeguards/weights-security-critical.yaml"
CATEGORY = "categories/cybersecurity.yaml"
# Text, attribute values and ids found only inside the two confidential items.
SECRETS = [
    "Weights security, Critical standard",
    "isolated-enclave",
    "dedicated, physically secured",
    "Enclave layout is sensitive",
    "Removes bottlenecks to scaling cyber operations",
    "automating the discovery",
]


def cli(*args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


def marked(tmp_path: Path) -> Path:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    edit(
        folder,
        SAFEGUARD,
        "kind: security\n",
        "kind: security\nconfidential:\n  reason: cybersecurity\n"
        "  note: Enclave layout is sensitive.\n",
    )
    edit(
        folder,
        CATEGORY,
        "    name: Removes bottlenecks to scaling cyber operations\n",
        "    name: Removes bottlenecks to scaling cyber operations\n"
        "    confidential:\n      reason: public-safety\n",
    )
    return folder


def render(folder: Path, *extra: str) -> bytes:
    output = folder.parent / f"out-{len(list(folder.parent.iterdir()))}"
    result = cli("render", str(folder), "-o", str(output), *extra)
    assert result.code == 0, result.err
    return output.read_bytes()


def test_the_shipped_framework_has_text_the_test_looks_for(tmp_path: Path) -> None:
    full = render(marked(tmp_path), "-f", "html", "--edition", "full")
    for secret in SECRETS:
        assert secret.encode() in full, secret


@pytest.mark.parametrize("format_name", ["html", "md"])
def test_public_edition_withholds_text_and_attributes(tmp_path: Path, format_name: str) -> None:
    folder = marked(tmp_path)
    public = render(folder, "-f", format_name)  # public is the default
    assert public == render(folder, "-f", format_name, "--edition", "public")
    for secret in SECRETS:
        assert secret.encode() not in public, secret
    text = public.decode()
    assert "Redaction register" in text
    assert "withheld from the public edition" in text
    marker = (
        "<!-- prepctl edition=public -->"
        if format_name == "html"
        else ("[//]: # (prepctl edition=public)")
    )
    assert text.endswith(marker + "\n") or marker in text
    # Each redaction block and register row names the address and the reason.
    for where, why in [
        ("/safeguards/weights-security-critical", "ybersecurity"),
        ("/categories/cybersecurity/thresholds/high", "ublic safety"),
    ]:
        assert where in text
        row = next(line for line in text.splitlines() if where in line and why in line)
        assert row


def test_full_edition_shows_everything_under_a_banner(tmp_path: Path) -> None:
    text = render(marked(tmp_path), "-f", "html", "--edition", "full").decode()
    assert "Full edition, for the regulator." in text
    assert "Enclave layout is sensitive." in text
    assert "<!-- prepctl edition=full -->" in text
    root = parse_html(text)
    register = [e for e in root.walk() if e.attrs.get("id") == "redactions"]
    assert register
    assert register[0].text() == "Confidential items"


def test_register_lists_kind_place_and_reason(tmp_path: Path) -> None:
    framework = document.load(source.read_directory(marked(tmp_path)))
    found = [(r.kind, r.address, r.reason) for r in confidential.redactions(framework)]
    assert found == [
        ("threshold", "/categories/cybersecurity/thresholds/high", "public-safety"),
        ("safeguard", "/safeguards/weights-security-critical", "cybersecurity"),
    ]


def test_the_public_edition_in_one_walk_is_the_register_and_the_cut_document(
    tmp_path: Path,
) -> None:
    framework = document.load(source.read_directory(marked(tmp_path)))
    withheld, shown = confidential.public_edition(framework)
    assert withheld == confidential.redactions(framework)
    assert shown.data == confidential.public(framework).data
    assert shown.get("/safeguards/weights-security-critical") == {
        "id": "weights-security-critical",
        "confidential": {"reason": "cybersecurity"},
    }


def test_without_confidential_items_both_editions_show_the_same_content(tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    public = render(folder, "-f", "md").decode()
    full = render(folder, "-f", "md", "--edition", "full").decode()
    assert "Redaction register" not in public
    assert public.split("[//]: # (prepctl")[0] == full.split("[//]: # (prepctl")[0].replace(
        "> **Full edition, for the regulator.** This document includes 0 confidential items "
        "withheld from the public edition; do not publish it.\n\n",
        "",
    )


def test_a_mark_without_a_reason_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    edit(folder, SAFEGUARD, "kind: security\n", "kind: security\nconfidential:\n  note: x\n")
    lint = cli("lint", str(folder))
    assert lint.code == 1
    assert "weights-security-critical.yaml" in lint.out
    assert "reason" in lint.out
    assert cli("render", str(folder)).code == 2  # never published in a shape the schema refuses


def test_public_redline_says_a_redacted_item_changed_without_its_text(tmp_path: Path) -> None:
    base = marked(tmp_path / "base")
    head = marked(tmp_path / "head")
    edit(
        head,
        SAFEGUARD,
        "dedicated, physically secured",
        "shared, physically secured",
    )
    for format_name in ["html", "md"]:
        out = tmp_path / f"redline.{format_name}"
        result = cli("render", str(head), "--against", str(base), "-o", str(out))
        assert result.code == 0, result.err
        text = out.read_text()
        assert "a redacted item changed (withheld: cybersecurity)" in text
        for secret in [*SECRETS, "shared, physically secured"]:
            assert secret not in text, (format_name, secret)
        full = tmp_path / f"full.{format_name}"
        result = cli(
            "render", str(head), "--against", str(base), "-o", str(full), "--edition", "full"
        )
        assert result.code == 0, result.err
        assert "shared" in full.read_text()


def test_public_diff_says_a_redacted_item_changed_and_which_weakenings_are_redacted(
    tmp_path: Path,
) -> None:
    base = marked(tmp_path / "base")
    head = marked(tmp_path / "head")
    edit(head, SAFEGUARD, "dedicated, physically secured", "shared, physically secured")
    edit(head, CATEGORY, "automating the discovery", "automating the finding")
    text = (head / SAFEGUARD).read_text()
    start = text.index("  - id: isolated-enclave")
    (head / SAFEGUARD).write_text(text[:start] + text[text.index("  - id:", start + 5) :])
    for format_name in ["markdown", "text", "json"]:
        result = cli("diff", str(base), str(head), "-f", format_name)
        assert result.code == 1, result.err  # an unjustified weakening
        for secret in [*SECRETS, "shared, physically secured", "automating the finding"]:
            assert secret not in result.out, (format_name, secret)
        assert "a redacted item changed (withheld: cybersecurity)" in result.out
        assert "a redacted item changed (withheld: public safety)" in result.out
    markdown = cli("diff", str(base), str(head), "-f", "markdown").out
    assert (
        "- `/safeguards/weights-security-critical`: redacted (cybersecurity); "
        "no justification recorded"
    ) in markdown
    full = cli("diff", str(base), str(head), "-f", "markdown", "--edition", "full").out
    assert "isolated-enclave" in full
    assert "finding" in full


def test_links_to_a_withheld_item_name_only_its_reason(tmp_path: Path) -> None:
    text = render(marked(tmp_path), "-f", "md").decode()
    assert "[Redacted (cybersecurity)](<#/safeguards/weights-security-critical>)" in text
    assert "[Redacted (public safety)](<#/categories/cybersecurity/thresholds/high>)" in text
    assert "Cybersecurity: None" not in text


def test_the_changelog_never_holds_a_withheld_items_text(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    folder = marked(git_repo.path)
    git_repo.commit("1.0.0")
    git_repo.git("tag", "-a", "-m", "1.0.0", "framework-v1.0.0")
    edit(folder, SAFEGUARD, "dedicated, physically secured", "shared, physically secured")
    monkeypatch.chdir(git_repo.path)
    result = cli("changelog")
    assert result.code == 0, result.err
    assert "a redacted item changed (withheld: cybersecurity)" in " ".join(result.out.split())
    assert "shared" not in result.out


def test_links_to_a_withheld_item_land_on_its_redaction_block(tmp_path: Path) -> None:
    root = parse_html(render(marked(tmp_path), "-f", "html").decode())
    for where in [
        "/safeguards/weights-security-critical",
        "/categories/cybersecurity/thresholds/high",
    ]:
        found = ids(root)
        assert found.count(where) == 1, where
        block = by_id(root, where)
        assert block.attrs.get("class") == "redacted"
