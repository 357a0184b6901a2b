"""``prepctl render --against``: a redline built from the semantic diff, marked in place."""

from __future__ import annotations

import difflib
import itertools
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from helpers import FRAMEWORK, GitRepo, Run
from helpers.redline import ADDED_EVALUATION, CYBER, RATIONALE, REMOVED_SAFEGUARD, pair
from helpers.render import (
    HOSTILE_NAME,
    SCRIPT,
    TEMPLATE,
    Element,
    assert_inert,
    by_id,
    ids,
    markdown_as_github_would_parse_it,
    parse_html,
)
from hypothesis import given
from hypothesis import strategies as st

from prepctl.core import diff, document, source
from prepctl.render.redline import word_diff

RunCli = Callable[..., Run]

REMOVED_EVALUATION = f"{CYBER}/evaluations/operator-uplift-study"
MUST_TO_SHOULD = "/levels/high/response"
UNSHOWN = f"{CYBER}/sources/CERT advisory 2027-01"


def load(folder: Path) -> document.Document:
    return document.load(source.read_directory(folder))


def redline(run_cli: RunCli, base: str, head: str, out: Path, *args: str) -> str:
    result = run_cli("render", head, "--against", base, "-o", str(out), *args)
    assert result.code == 0, result.err
    assert (result.out, result.err) == ("", "")
    return out.read_text(encoding="utf-8")


def classes(element: Element) -> list[str]:
    return element.attrs.get("class", "").split()


def find(root: Element, tag: str, css: str | None = None) -> list[Element]:
    return [e for e in root.walk() if e.tag == tag and (css is None or css in classes(e))]


@pytest.fixture
def html_redline(run_cli: RunCli, tmp_path: Path) -> tuple[str, Path, Path]:
    base, head = pair(tmp_path)
    return redline(run_cli, str(base), str(head), tmp_path / "redline.html"), base, head


def test_removed_safeguard_is_struck_through_with_its_badge_and_record(
    html_redline: tuple[str, Path, Path],
) -> None:
    root = parse_html(html_redline[0])
    removed = by_id(root, REMOVED_SAFEGUARD)
    assert (removed.tag, classes(removed)) == ("li", ["rl-removed"])
    (struck,) = find(removed, "del")
    assert struck.text() == "required safeguard removed: Usage monitoring and enforcement"
    (badge,) = find(removed, "span", "rl-badge")
    assert classes(badge) == ["rl-badge", "rl-weakening"]
    assert badge.text() == "▼ weakening"  # in words, not by colour alone
    (why,) = find(removed, "span", "rl-why")
    assert why.text().startswith("Change record Drop usage monitoring at High cyber")
    assert [a.text() for a in find(why, "a")] == [
        "Drop usage monitoring at High cyber",
        "Safety Advisory Group",
        "Leadership (Chief Executive Officer or designee)",
    ]
    assert why.text().endswith(f": {RATIONALE}")
    # It stands where it stood: after the safeguard before it in BASE's list.
    text = html_redline[0]
    before = text.index(f'id="{CYBER}/thresholds/high/safeguards/misuse-classifiers"')
    after = text.index(f'id="{CYBER}/thresholds/high/safeguards/trust-based-access"')
    assert before < text.index(f'id="{REMOVED_SAFEGUARD}"') < after


def test_added_evaluation_is_inserted_and_removed_one_struck(
    html_redline: tuple[str, Path, Path],
) -> None:
    root = parse_html(html_redline[0])
    inserted = [e for e in find(root, "ins", "rl-block") if ADDED_EVALUATION in ids(e)]
    assert len(inserted) == 1
    (badge, *_) = find(inserted[0], "span", "rl-badge")
    assert badge.text() == "▲ strengthening"
    assert by_id(root, ADDED_EVALUATION).tag == "h5"
    gone = by_id(root, REMOVED_EVALUATION)
    assert classes(gone) == ["rl-removed"]
    assert find(gone, "del")[0].text().startswith(f"evaluation removed: {HOSTILE_NAME}")
    assert "No change record" in gone.text()


def test_changed_prose_is_diffed_word_by_word(html_redline: tuple[str, Path, Path]) -> None:
    root = parse_html(html_redline[0])
    note = by_id(root, MUST_TO_SHOULD)
    assert classes(note) == ["rl-note"]
    (words,) = [
        e for e in find(root, "p", "rl-words") if [d.text() for d in find(e, "del")] == ["must"]
    ]
    assert [i.text() for i in find(words, "ins")] == ["should"]
    assert "Security safeguards must should be in place" in words.text()
    assert "weakening" in note.text()


def test_every_change_of_the_diff_appears_by_address(
    html_redline: tuple[str, Path, Path],
) -> None:
    text, base, head = html_redline
    root = parse_html(text)
    changes = diff.diff(load(base), load(head)).changes
    assert len(changes) == 5
    anchors = ids(root)
    assert len(anchors) == len(set(anchors)), "an id appears twice"
    (summary,) = find(root, "section", "rl-summary")
    links = [unquote(e.attrs["href"]) for e in summary.walk() if e.tag == "a"]
    notes = find(root, "span", "rl-note")
    assert len(notes) == len(changes)  # each change marked exactly once, none left out
    for change in changes:
        assert f"#{change.address}" in links
        assert change.address in anchors, change.address
    # A change the document has no place for is listed at the end, not dropped.
    (others,) = find(root, "section", "rl-other")
    assert UNSHOWN in ids(others)
    assert "CERT advisory 2027-01" in by_id(others, UNSHOWN).text()
    counts = find(summary, "ul", "rl-counts")[0].text()
    assert "▼ weakening 3 (2 without a change record)" in counts


def test_hostile_text_in_removed_and_added_content_stays_text(
    html_redline: tuple[str, Path, Path],
) -> None:
    text = html_redline[0]
    root = parse_html(text)
    assert_inert(root)
    body = root.text()
    assert f"Added {SCRIPT} {TEMPLATE} benchmark" in body
    assert f"Removed {SCRIPT} {TEMPLATE} measures ~~x~~ **y**." in body
    assert "<b>evaluation report</b>" in body  # the rationale, as written
    assert "49" not in by_id(root, ADDED_EVALUATION).text()
    assert "<script>" not in text.replace("&lt;script&gt;", "")


def test_redline_is_byte_identical_twice(run_cli: RunCli, tmp_path: Path) -> None:
    base, head = pair(tmp_path)
    for suffix in ("html", "md"):
        first = redline(run_cli, str(base), str(head), tmp_path / f"one.{suffix}")
        second = redline(run_cli, str(base), str(head), tmp_path / f"two.{suffix}")
        assert first == second


def test_markdown_redline(run_cli: RunCli, tmp_path: Path) -> None:
    base, head = pair(tmp_path)
    text = redline(run_cli, str(base), str(head), tmp_path / "redline.md")
    line = next(line for line in text.splitlines() if REMOVED_SAFEGUARD in line and "~~" in line)
    assert line.startswith(f'- <a id="{REMOVED_SAFEGUARD}"></a>~~Required safeguard removed: ')
    assert "▼ **weakening**" in line
    assert (
        "approved by [Safety Advisory Group](<#/governance/bodies/safety-advisory-group>)" in line
    )
    assert "Security safeguards ~~must~~ **should** be in place" in text
    root = markdown_as_github_would_parse_it(text)
    assert_inert(root)
    body = root.text()
    assert f"Added {SCRIPT} {TEMPLATE} benchmark" in body
    assert f"Removed {SCRIPT} {TEMPLATE} measures ~~x~~ **y**." in body
    struck = [e.text() for e in root.walk() if e.tag == "s"]
    assert "Required safeguard removed: Usage monitoring and enforcement" in struck
    # Markup in struck framework text cannot close the mark early: ~~ and ** stay text.
    (gone,) = [s for s in struck if s.startswith("Evaluation removed: ")]
    assert gone.endswith("measures ~~x~~ **y**.")
    anchors = ids(root)
    for change in diff.diff(load(base), load(head)).changes:
        assert change.address in anchors, change.address
    assert '## <a id="redline-other"></a>Other changes' in text


def test_redline_between_git_refs(
    run_cli: RunCli, git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, head = pair(tmp_path)
    target = git_repo.path / "framework"
    shutil.copytree(base, target)
    git_repo.commit("base")
    shutil.rmtree(target)
    shutil.copytree(head, target)
    git_repo.commit("head")
    monkeypatch.chdir(git_repo.path)
    text = redline(run_cli, "HEAD~1", "HEAD", tmp_path / "refs.html")
    root = parse_html(text)
    assert find(by_id(root, REMOVED_SAFEGUARD), "del")
    assert RATIONALE in by_id(root, REMOVED_SAFEGUARD).text()
    versions = find(root, "p", "rl-versions")[0].text()
    assert versions == "Version 1.0.0 (HEAD~1:framework) → version 1.0.0 (HEAD:framework)"
    assert text == redline(run_cli, "HEAD~1", "HEAD", tmp_path / "again.html")


def test_no_changes_and_plain_rendering_has_no_marks(run_cli: RunCli, tmp_path: Path) -> None:
    same = redline(run_cli, str(FRAMEWORK), str(FRAMEWORK), tmp_path / "same.html")
    assert "No changes: the two versions say the same." in same
    plain = run_cli("render", str(FRAMEWORK), "-f", "html").out
    assert "rl-" not in plain
    assert "<del" not in plain


def test_against_a_missing_ref_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("render", str(FRAMEWORK), "--against", "no-such-ref-anywhere")
    assert result.code == 2
    assert result.err.startswith("prepctl: ")
    assert result.err.count("\n") == 1


def test_word_diff_runs() -> None:
    runs = [(w.kind, w.text) for w in word_diff("a must  not\nbe b", "a should not be b c")]
    assert runs == [
        ("same", "a"),
        ("deleted", "must"),
        ("inserted", "should"),
        ("same", "not be b"),
        ("inserted", "c"),
    ]


def _plain_word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """difflib's word diff with no bound, as the redline showed it before it had one."""
    old, new = before.split(), after.split()
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            runs.append(("same", " ".join(old[old_start:old_end])))
            continue
        if operation in ("delete", "replace"):
            runs.append(("deleted", " ".join(old[old_start:old_end])))
        if operation in ("insert", "replace"):
            runs.append(("inserted", " ".join(new[new_start:new_end])))
    return runs


WORDS = st.lists(st.sampled_from(["the", "lab", "must", "should", "not", "deploy", "it", "."]))


@given(WORDS, WORDS)
def test_word_diff_of_ordinary_text_is_difflibs(before: list[str], after: list[str]) -> None:
    old, new = " ".join(before), " ".join(after)
    assert [(w.kind, w.text) for w in word_diff(old, new)] == _plain_word_diff(old, new)


def test_word_diff_of_prose_is_difflibs() -> None:
    texts = [
        str(value)
        for path in sorted((FRAMEWORK / "categories").glob("*.yaml"))
        for value in re.findall(
            r"(?:capability|summary|text|response): >-\n((?:      .*\n)+)", path.read_text()
        )
    ]
    assert len(texts) > 20
    for before, after in itertools.pairwise(texts):
        assert [(w.kind, w.text) for w in word_diff(before, after)] == _plain_word_diff(
            before, after
        )
    edited = texts[0].replace("the", "a", 2) + " and more besides"
    assert [(w.kind, w.text) for w in word_diff(texts[0], edited)] == _plain_word_diff(
        texts[0], edited
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # Each matching word splits the rest in two, and each part is searched again: difflib
        # takes time cubic in the words (minutes for these).
        ("x " + "a " * 3000 + "y", "x " + "a b " * 3000 + "y"),
        ("w " * 20_000 + "end", "w " * 20_000 + "end2"),
    ],
)
def test_word_diff_of_pathological_text_is_bounded(before: str, after: str) -> None:
    runs = word_diff(before, after)
    kept = [w.text for w in runs if w.kind != "inserted"]
    made = [w.text for w in runs if w.kind != "deleted"]
    assert " ".join(kept).split() == before.split()
    assert " ".join(made).split() == after.split()
    # What both texts start and end with is still shown as kept.
    assert runs[0].kind == "same"
    assert runs[0].text.split()[0] == before.split()[0]
    assert runs[-1].kind == ("same" if before.endswith("y") else "inserted")


def test_every_change_is_marked_once_between_two_unrelated_frameworks(tmp_path: Path) -> None:
    """Two labs' frameworks differ in almost everything: every change is still marked exactly
    once (in place or under Other changes), every anchor is unique, in both formats."""
    from prepctl.render import html, markdown, model
    from prepctl.render.redline import build
    from prepctl.render.view import Provenance

    fixtures = FRAMEWORK.parent / "tests" / "fixtures" / "frameworks"
    base = load(fixtures / "openai-pf-beta-2023")
    head = load(fixtures / "openai-pf-v2-2025")
    view = model.build(head, Provenance(None, False, "0" * 64, "0"))
    result = diff.diff(base, head)
    assert len(result.changes) > 100
    marks = build(result, base, head)
    root = parse_html(html.render(view, marks))
    anchors = ids(root)
    assert len(anchors) == len(set(anchors))
    assert len(find(root, "span", "rl-note")) == len(result.changes)
    md_anchors = set(ids(markdown_as_github_would_parse_it(markdown.render(view, marks))))
    for change in result.changes:
        assert change.address in anchors, change.address
        assert change.address in md_anchors, change.address


def _statements(count: int, *, later: bool) -> document.Document:
    """A category with ``count`` threat-model statements; the later version lists them in
    reverse order, rewords every fourth and drops every fourth after that."""
    base = FRAMEWORK.parent / "tests" / "bad_inputs" / "base"
    files = {
        str(path.relative_to(base)): path.read_bytes()
        for path in base.rglob("*.yaml")
        if path.is_file()
    }
    numbers = range(count - 1, -1, -1) if later else range(count)
    lines = ["threat-models:"]
    for number in numbers:
        if later and number % 4 == 1:
            continue
        text = f"Pathway {number} to harm, through step {number % 97}."
        if later and number % 4 == 0:
            text = f"Reworded pathway {number}, now through route {number % 89}."
        lines += [f"  - id: st-{number}", f"    text: {text}"]
    category = files["categories/cyber.yaml"].decode()
    files["categories/cyber.yaml"] = category.replace(
        "thresholds:\n", "\n".join(lines) + "\nthresholds:\n", 1
    ).encode()
    return document.load(source.Snapshot(label="later" if later else "earlier", files=files))


def test_a_redline_of_a_long_list_is_built_in_one_pass_over_it() -> None:
    # Each change used to look its item up by reading its whole list again: 20,000 statements
    # with a few thousand changes took minutes.
    from prepctl.render.redline import build

    count = 20_000
    base, head = _statements(count, later=False), _statements(count, later=True)
    result = diff.diff(base, head)
    marks = build(result, base, head).marks
    where = "/categories/cyber/threat-models"
    assert len(marks) == count // 2
    removed = {mark.address: mark for mark in marks if mark.kind == "removed"}
    reworded = {mark.address: mark for mark in marks if mark.kind == "modified"}
    assert len(removed) == len(reworded) == count // 4
    # BASE listed st-4 after st-3, and HEAD (reversed) still has st-3: the removed item is
    # placed after it; st-1 had only st-0 before it.
    assert removed[f"{where}/st-5"].slot == (where, f"{where}/st-4")
    assert removed[f"{where}/st-1"].slot == (where, f"{where}/st-0")
    assert removed[f"{where}/st-5"].title == "st-5"
    assert removed[f"{where}/st-5"].what == "threat model"
    changed = reworded[f"{where}/st-8/text"]
    assert ("inserted", "Reworded pathway 8, now") in [(w.kind, w.text) for w in changed.words]
