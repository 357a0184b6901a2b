"""The semantic diff: matching by identity, classification at the right place, the contracts
(``diff A A`` is empty, ``diff A B`` mirrors ``diff B A``) and the change-record gate."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, FRAMEWORK
from helpers.frameworks import edit, load, write_framework

from prepctl.core import diff, document
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, FailOn, Kind


def line_of(folder: Path, relative: str, needle: str) -> int:
    lines = (folder / relative).read_text(encoding="utf-8").splitlines()
    (number,) = [i + 1 for i, line in enumerate(lines) if needle in line]
    return number


def compare(base: Path, head: Path) -> list[Change]:
    return diff.compare(load(base), load(head))


def by_address(changes: list[Change]) -> dict[str, Change]:
    found = {change.address: change for change in changes}
    assert len(found) == len(changes), "one change per address expected"
    return found


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two identical copies of the minimal framework: edit the second."""
    return write_framework(tmp_path / "base"), write_framework(tmp_path / "head")


# Contracts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "folder",
    [FRAMEWORK, FIXTURES / "openai-pf-beta-2023", FIXTURES / "openai-pf-v2-2025"],
    ids=["framework", "openai-beta", "openai-v2"],
)
def test_a_version_compared_with_itself_has_no_changes(folder: Path) -> None:
    assert diff.compare(load(folder), load(folder)) == []


def _mirror(change: Change) -> tuple[Any, ...]:
    """What the same change looks like when the versions are swapped."""
    here, there = change.address, change.base_address
    if there is not None:
        here, there = there, here
    return (
        here,
        there,
        change.kind.mirrored(),
        change.impact.mirrored(),
        change.after,
        change.before,
        change.head_location,
        change.base_location,
    )


def _plain(change: Change) -> tuple[Any, ...]:
    return (
        change.address,
        change.base_address,
        change.kind,
        change.impact,
        change.before,
        change.after,
        change.base_location,
        change.head_location,
    )


def _assert_mirrors(forward: list[Change], backward: list[Change]) -> None:
    assert sorted(map(_mirror, forward), key=repr) == sorted(map(_plain, backward), key=repr)


def test_diff_of_the_openai_frameworks_mirrors_its_reverse() -> None:
    beta = load(FIXTURES / "openai-pf-beta-2023")
    v2 = load(FIXTURES / "openai-pf-v2-2025")
    forward, backward = diff.compare(beta, v2), diff.compare(v2, beta)
    assert forward
    _assert_mirrors(forward, backward)


def test_mirror_holds_for_moves_reorders_and_text(pair: tuple[Path, Path]) -> None:
    base, head = pair
    _move_threshold(head)
    edit(
        head, "framework.yaml", "  - id: high\n    name: High\n", "  - id: highx\n    name: High\n"
    )
    edit(head, "categories/cyber.yaml", "must not be deployed", "should not be deployed")
    edit(head, "categories/bio.yaml", "value: 0.5", "value: 0.7")
    forward, backward = compare(base, head), compare(head, base)
    assert any(change.kind is Kind.MOVED for change in forward)
    _assert_mirrors(forward, backward)


# What the policy reader must see, at the right place ----------------------------------------


def test_removed_required_safeguard_weakens(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(head, "categories/cyber.yaml", "      - weights-security\n", "")
    (change,) = compare(base, head)
    assert change.address == "/categories/cyber/thresholds/high/safeguards/weights-security"
    assert (change.kind, change.impact) == (Kind.REMOVED, Impact.WEAKENING)
    assert change.before == "weights-security"
    assert change.after is None
    assert change.head_location is None
    assert change.base_location is not None
    line = line_of(base, "categories/cyber.yaml", "- weights-security")
    assert str(change.base_location) == f"{base}/categories/cyber.yaml:{line}:9"
    assert change.detail == "safeguards no longer includes weights-security (more is stricter)"


def test_tracked_to_research_weakens(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(head, "categories/bio.yaml", "status: tracked", "status: research")
    (change,) = compare(base, head)
    assert change.address == "/categories/bio/status"
    assert (change.kind, change.impact) == (Kind.MODIFIED, Impact.WEAKENING)
    assert (change.before, change.after) == ("tracked", "research")
    assert str(change.head_location) == f"{head}/categories/bio.yaml:3:9"
    assert str(change.base_location) == f"{base}/categories/bio.yaml:3:9"
    assert change.detail == 'status "tracked" → "research" (stricter order: research < tracked)'


def test_relaxed_trigger_weakens(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(head, "categories/cyber.yaml", "value: 0.5", "value: 0.7")
    (change,) = compare(base, head)
    assert change.address == "/categories/cyber/evaluations/ctf/trigger/value"
    assert (change.impact, change.before, change.after) == (Impact.WEAKENING, 0.5, 0.7)
    line = line_of(head, "categories/cyber.yaml", "value: 0.7")
    assert str(change.head_location) == f"{head}/categories/cyber.yaml:{line}:14"
    assert change.detail == "value raised 0.5 → 0.7 (lower is stricter)"


def test_must_to_should_weakens(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(head, "categories/cyber.yaml", "must not be deployed", "should not be deployed")
    (change,) = compare(base, head)
    assert change.address == "/categories/cyber/thresholds/high/response"
    assert change.impact is Impact.WEAKENING
    line = line_of(head, "categories/cyber.yaml", "response:")
    assert str(change.head_location) == f"{head}/categories/cyber.yaml:{line}:15"
    assert change.detail == (
        '"…must not be deployed until…" → "…should not be deployed until…" '
        "('must not' → 'should not': force lowered from binding to advisory (force ladder))"
    )


def test_should_to_must_strengthens(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(head, "safeguards/usage-monitoring.yaml", "Monitoring will be", "Monitoring must be")
    (change,) = compare(base, head)
    assert change.impact is Impact.NEUTRAL  # "will" and "must" bind alike
    edit(head, "safeguards/usage-monitoring.yaml", "Monitoring must be", "Monitoring may be")
    (change,) = compare(base, head)
    assert change.impact is Impact.WEAKENING
    (change,) = compare(head, base)
    assert change.impact is Impact.STRENGTHENING


def test_renaming_a_file_with_the_same_ids_is_no_change(pair: tuple[Path, Path]) -> None:
    base, head = pair
    (head / "categories" / "cyber.yaml").rename(head / "categories" / "a-cyber.yaml")
    (head / "safeguards" / "weights-security.yaml").rename(head / "safeguards" / "zz.yaml")
    assert compare(base, head) == []


def test_list_positions_never_matter(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(
        head,
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights-security\n",
        "      - weights-security\n      - usage-monitoring\n",
    )
    edit(
        head,
        "framework.yaml",
        "        - id: review\n          text: The board will review every change to the framework.\n",
        "        - id: review\n          text: The board will review every change to the framework.\n",
    )
    assert compare(base, head) == []


def test_reordering_an_ordered_list_needs_review(pair: tuple[Path, Path]) -> None:
    base, head = pair
    text = (head / "framework.yaml").read_text()
    start, middle, end = (
        text.index("  - id: high"),
        text.index("  - id: critical"),
        text.index("governance:"),
    )
    swapped = text[:start] + text[middle:end] + text[start:middle] + text[end:]
    (head / "framework.yaml").write_text(swapped)
    (change,) = compare(base, head)
    assert change.address == "/levels"
    assert (change.kind, change.impact) == (Kind.MODIFIED, Impact.NEEDS_REVIEW)
    assert (change.before, change.after) == (["high", "critical"], ["critical", "high"])
    assert (
        change.detail
        == "levels reordered: high, critical → critical, high (the order carries meaning)"
    )


def test_whole_item_added_is_one_change(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(
        head,
        "categories/cyber.yaml",
        "evaluations:\n",
        "evaluations:\n  - id: range\n    name: Cyber range\n    measures: Full scenarios.\n"
        "    method: automated\n    trigger:\n      value: 0.2\n      unit: share\n",
    )
    (change,) = compare(base, head)
    assert change.address == "/categories/cyber/evaluations/range"
    assert (change.kind, change.impact) == (Kind.ADDED, Impact.STRENGTHENING)
    assert change.after == {
        "id": "range",
        "name": "Cyber range",
        "measures": "Full scenarios.",
        "method": "automated",
        "trigger": {"value": 0.2, "unit": "share"},
    }
    assert change.detail == "added to evaluations (more is stricter)"


def test_whole_category_removed_is_one_weakening(pair: tuple[Path, Path]) -> None:
    base, head = pair
    (head / "categories" / "bio.yaml").unlink()
    (change,) = compare(base, head)
    assert change.address == "/categories/bio"
    assert (change.kind, change.impact) == (Kind.REMOVED, Impact.WEAKENING)
    assert str(change.base_location) == f"{base}/categories/bio.yaml:1:1"


def _move_threshold(head: Path) -> None:
    """Move the cyber evaluation 'ctf' into bio, rewording its name on the way."""
    edit(
        head,
        "categories/cyber.yaml",
        "evaluations:\n  - id: ctf\n    name: Capture the flag\n"
        "    measures: The share of professional challenges the model solves.\n"
        "    method: automated\n    thresholds:\n      - high\n    trigger:\n"
        "      value: 0.5\n      unit: fraction of challenges solved\n",
        "",
    )
    edit(
        head,
        "categories/bio.yaml",
        "evaluations:\n",
        "evaluations:\n  - id: ctf\n    name: Capture the flag challenges\n"
        "    measures: The share of professional challenges the model solves.\n"
        "    method: automated\n    thresholds:\n      - high\n    trigger:\n"
        "      value: 0.5\n      unit: fraction of challenges solved\n",
    )


def test_item_moved_between_categories_is_one_move(pair: tuple[Path, Path]) -> None:
    base, head = pair
    _move_threshold(head)
    changes = by_address(compare(base, head))
    assert set(changes) == {
        "/categories/bio/evaluations/ctf",
        "/categories/bio/evaluations/ctf/name",
    }
    moved = changes["/categories/bio/evaluations/ctf"]
    assert moved.kind is Kind.MOVED
    assert moved.base_address == "/categories/cyber/evaluations/ctf"
    assert moved.impact is Impact.NEEDS_REVIEW
    assert moved.detail == "moved from /categories/cyber/evaluations/ctf"
    was = line_of(base, "categories/cyber.yaml", "- id: ctf")
    now = line_of(head, "categories/bio.yaml", "- id: ctf")
    assert str(moved.base_location) == f"{base}/categories/cyber.yaml:{was}:5"
    assert str(moved.head_location) == f"{head}/categories/bio.yaml:{now}:5"
    renamed = changes["/categories/bio/evaluations/ctf/name"]
    assert renamed.base_address == "/categories/cyber/evaluations/ctf/name"
    assert (renamed.before, renamed.after) == ("Capture the flag", "Capture the flag challenges")
    assert renamed.impact is Impact.EDITORIAL
    assert str(renamed.base_location) == f"{base}/categories/cyber.yaml:{was + 1}:11"
    assert str(renamed.head_location) == f"{head}/categories/bio.yaml:{now + 1}:11"


def test_references_do_not_move_they_are_removed_and_added(pair: tuple[Path, Path]) -> None:
    """Dropping a safeguard from one threshold and adding it to another is not a 'move': the
    first threshold is weaker, whatever happens elsewhere."""
    base, head = pair
    edit(head, "categories/cyber.yaml", "      - weights-security\n", "")
    edit(
        head,
        "categories/bio.yaml",
        "      - usage-monitoring\n",
        "      - usage-monitoring\n      - weights-security\n",
    )
    changes = by_address(compare(base, head))
    assert changes["/categories/cyber/thresholds/high/safeguards/weights-security"].impact is (
        Impact.WEAKENING
    )
    assert changes["/categories/bio/thresholds/high/safeguards/weights-security"].impact is (
        Impact.STRENGTHENING
    )


def test_ambiguous_moves_stay_removals_and_additions(pair: tuple[Path, Path]) -> None:
    base, head = pair
    for name in ("cyber", "bio"):
        edit(
            head,
            f"categories/{name}.yaml",
            "  - id: high\n    level: high\n",
            "  - id: top\n    level: high\n",
        )
    kinds = {change.kind for change in compare(base, head)}
    assert kinds == {Kind.ADDED, Kind.REMOVED}


@pytest.mark.parametrize(
    ("relative", "old", "new", "where", "impact", "detail"),
    [
        (
            "categories/cyber.yaml",
            "last-reviewed: 2026-01-01",
            "last-reviewed: 2026-06-01",
            "/categories/cyber/last-reviewed",
            Impact.NEUTRAL,
            'last-reviewed "2026-01-01" → "2026-06-01" (neutral by the schema)',
        ),
        (
            "categories/cyber.yaml",
            "    level: high\n",
            "    level: critical\n",
            "/categories/cyber/thresholds/high/level",
            Impact.NEEDS_REVIEW,
            'level "high" → "critical" (the schema does not say which way is stricter)',
        ),
        (
            "categories/cyber.yaml",
            "value: 0.5",
            "value: half",
            "/categories/cyber/evaluations/ctf/trigger/value",
            Impact.NEEDS_REVIEW,
            "value changed from a number to text",
        ),
        (
            "categories/cyber.yaml",
            "value: 0.5",
            "value: 0.25",
            "/categories/cyber/evaluations/ctf/trigger/value",
            Impact.STRENGTHENING,
            "value lowered 0.5 → 0.25 (lower is stricter)",
        ),
        (
            "framework.yaml",
            "interval: P365D",
            "interval: P730D",
            "/governance/review/interval",
            Impact.WEAKENING,
            'interval "P365D" → "P730D": longer (shorter is stricter)',
        ),
        (
            "framework.yaml",
            "interval: P365D",
            "interval: P52W1D",
            "/governance/review/interval",
            Impact.NEUTRAL,
            'interval "P365D" → "P52W1D" (the same length of time)',
        ),
        (
            "framework.yaml",
            "        effect: halt\n",
            "        effect: requires-safeguards\n",
            "/levels/critical/rules/development-halt/effect",
            Impact.WEAKENING,
            'effect "halt" → "requires-safeguards" '
            "(stricter order: allowed < requires-safeguards < halt < prohibited)",
        ),
        (
            "framework.yaml",
            "summary: A small framework for tests.",
            "summary: A small framework used by the tests.",
            "/summary",
            Impact.EDITORIAL,
            '"…for tests." → "…used by the tests." (editorial text)',
        ),
        (
            "categories/cyber.yaml",
            "capability: The model automates end-to-end",
            "capability: The model partly automates end-to-end",
            "/categories/cyber/thresholds/high/capability",
            Impact.NEEDS_REVIEW,
            '"…model automates end-to-end operations…" → '
            '"…model partly automates end-to-end operations…" (substantive text)',
        ),
        (
            "safeguards/usage-monitoring.yaml",
            "within 24 hours",
            "within 72 hours",
            "/safeguards/usage-monitoring/measures/review/text",
            Impact.WEAKENING,
            "\"…within 24 hours\" → \"…within 72 hours\" ('within 24 hours' → 'within 72 hours': "
            "a later deadline, 1 day → 3 days (timing))",
        ),
        (
            "framework.yaml",
            "    reviewed-by: safety-board\n",
            "    reviewed-by: safety-board\nexceptions:\n  - id: parity\n"
            "    text: Another lab shipped.\n"
            "    preconditions:\n      - id: public\n        text: We will say so publicly.\n",
            "/exceptions/parity",
            Impact.WEAKENING,
            "added to exceptions (fewer is stricter)",
        ),
    ],
)
def test_classification_comes_from_the_schema(
    pair: tuple[Path, Path],
    relative: str,
    old: str,
    new: str,
    where: str,
    impact: Impact,
    detail: str,
) -> None:
    base, head = pair
    edit(head, relative, old, new)
    (change,) = compare(base, head)
    assert (change.address, change.impact, change.detail) == (where, impact, detail)


def test_same_number_written_differently_is_no_change(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(head, "categories/cyber.yaml", "value: 0.5", "value: 0.50")
    assert compare(base, head) == []


def test_true_and_one_differ(pair: tuple[Path, Path]) -> None:
    base, head = pair
    for folder, flag in ((base, "true"), (head, "1")):
        edit(
            folder,
            "framework.yaml",
            "kind: advisory\n",
            f"kind: advisory\n      independent: {flag}\n",
        )
    (change,) = compare(base, head)
    assert change.impact is Impact.NEEDS_REVIEW


def test_keys_deepdiff_would_call_private_are_still_compared(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(base, "framework.yaml", "publisher: Test Lab\n", "publisher: Test Lab\n__note: a\n")
    edit(head, "framework.yaml", "publisher: Test Lab\n", "publisher: Test Lab\n__note: b\n")
    (change,) = compare(base, head)
    assert (change.address, change.impact) == ("/__note", Impact.NEEDS_REVIEW)


def test_change_records_are_not_compared(pair: tuple[Path, Path]) -> None:
    base, head = pair
    _record(head, "2026-01-note", ["/levels"])
    assert compare(base, head) == []


def test_fingerprint_ignores_lines_and_labels(pair: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = pair
    edit(head, "categories/cyber.yaml", "value: 0.5", "value: 0.7")
    other = write_framework(tmp_path / "elsewhere")
    edit(
        other,
        "categories/cyber.yaml",
        "id: cyber\n",
        "# a comment that moves every line\nid: cyber\n",
    )
    edit(other, "categories/cyber.yaml", "value: 0.5", "value: 0.7")
    (first,) = compare(base, head)
    (second,) = compare(base, other)
    assert first.head_location != second.head_location
    assert first.fingerprint == second.fingerprint
    assert len(first.fingerprint) == 16


def test_openai_beta_to_v2_reads_like_the_policy_change() -> None:
    beta = load(FIXTURES / "openai-pf-beta-2023")
    v2 = load(FIXTURES / "openai-pf-v2-2025")
    changes = by_address(diff.compare(beta, v2))

    def impact(where: str) -> tuple[Kind, Impact]:
        return changes[where].kind, changes[where].impact

    # Persuasion moved to the Model Spec and usage policies (p. 9): still a weakening here.
    assert impact("/categories/persuasion") == (Kind.RELOCATED, Impact.WEAKENING)
    assert impact("/levels/low") == (Kind.REMOVED, Impact.WEAKENING)
    assert impact("/levels/medium") == (Kind.REMOVED, Impact.WEAKENING)
    assert impact("/categories/cybersecurity/thresholds/low") == (Kind.REMOVED, Impact.WEAKENING)
    assert impact("/categories/sandbagging") == (Kind.ADDED, Impact.STRENGTHENING)
    assert impact("/exceptions/marginal-risk") == (Kind.ADDED, Impact.WEAKENING)
    assert impact("/categories/cybersecurity/evaluations/" + _first_evaluation(v2)) == (
        Kind.ADDED,
        Impact.STRENGTHENING,
    )
    assert impact("/version") == (Kind.MODIFIED, Impact.NEUTRAL)
    assert "/categories/persuasion/thresholds/high" not in changes  # one change per category
    assert str(changes["/categories/persuasion"].base_location).endswith(
        "openai-pf-beta-2023/categories/persuasion.yaml:2:1"
    )


def _first_evaluation(doc: document.Document) -> str:
    evaluations = doc.get("/categories/cybersecurity/evaluations")
    assert isinstance(evaluations, list)
    return str(evaluations[0]["id"])


# Change records and the gate ---------------------------------------------------------------


def _record(folder: Path, record_id: str, covers: list[str]) -> None:
    lines = "".join(f"  - {where}\n" for where in covers)
    (folder / "changes").mkdir(exist_ok=True)
    (folder / "changes" / f"{record_id}.yaml").write_text(
        f"id: {record_id}\ntitle: A change\ncovers:\n{lines}rationale: Because.\n"
        "approved-by:\n  - safety-board\napproved-on: 2026-02-01\n",
        encoding="utf-8",
    )


def _weaken(head: Path) -> None:
    edit(head, "categories/cyber.yaml", "      - weights-security\n", "")
    edit(head, "categories/cyber.yaml", "value: 0.5", "value: 0.7")


def test_new_record_covering_an_ancestor_justifies(pair: tuple[Path, Path]) -> None:
    base, head = pair
    _weaken(head)
    _record(head, "2026-02-cyber", ["/categories/cyber/thresholds"])
    result = diff.diff(load(base), load(head))
    justified = {c.address: c.justified_by for c in result.changes}
    assert justified == {
        "/categories/cyber/evaluations/ctf/trigger/value": None,
        "/categories/cyber/thresholds/high/safeguards/weights-security": "2026-02-cyber",
    }
    assert [r.id for r in result.records] == ["2026-02-cyber"]
    assert result.records[0].file == f"{head}/changes/2026-02-cyber.yaml"
    assert result.failed
    assert [c.address for c in result.failing] == [
        "/categories/cyber/evaluations/ctf/trigger/value"
    ]


def test_record_already_in_base_justifies_nothing(pair: tuple[Path, Path]) -> None:
    base, head = pair
    _record(base, "2025-old", ["/categories/cyber"])
    _record(head, "2025-old", ["/categories/cyber"])
    _weaken(head)
    result = diff.diff(load(base), load(head))
    assert result.records == ()
    assert all(change.justified_by is None for change in result.changes)
    assert len(result.unjustified) == 2


def test_modified_record_counts_again(pair: tuple[Path, Path]) -> None:
    base, head = pair
    _record(base, "2025-old", ["/levels"])
    _record(head, "2025-old", ["/levels", "/categories/cyber"])
    _weaken(head)
    result = diff.diff(load(base), load(head))
    assert {change.justified_by for change in result.changes} == {"2025-old"}
    assert not result.failed


@pytest.mark.parametrize(
    ("fail_on", "failed"),
    [
        (FailOn.UNJUSTIFIED, False),
        (FailOn.WEAKENING, True),
        (FailOn.NEEDS_REVIEW, True),
        (FailOn.ANY, True),
        (FailOn.NONE, False),
    ],
)
def test_fail_on_levels_with_a_justified_weakening(
    pair: tuple[Path, Path], fail_on: FailOn, failed: bool
) -> None:
    base, head = pair
    _weaken(head)
    _record(head, "2026-02-cyber", ["/categories/cyber"])
    assert diff.diff(load(base), load(head), fail_on=fail_on).failed is failed


@pytest.mark.parametrize(
    ("fail_on", "failed"),
    [
        (FailOn.UNJUSTIFIED, False),
        (FailOn.WEAKENING, False),
        (FailOn.NEEDS_REVIEW, True),
        (FailOn.ANY, True),
        (FailOn.NONE, False),
    ],
)
def test_fail_on_levels_with_a_change_to_review(
    pair: tuple[Path, Path], fail_on: FailOn, failed: bool
) -> None:
    base, head = pair
    edit(head, "categories/cyber.yaml", "    level: high\n", "    level: critical\n")
    assert diff.diff(load(base), load(head), fail_on=fail_on).failed is failed


def test_editorial_change_fails_only_on_any(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(head, "framework.yaml", "name: Test Framework", "name: The Test Framework")
    failed = {f: diff.diff(load(base), load(head), fail_on=f).failed for f in FailOn}
    assert failed == {f: f is FailOn.ANY for f in FailOn}


# The command line ---------------------------------------------------------------------------


def test_cli_exit_codes_follow_fail_on(run_cli: Any, pair: tuple[Path, Path]) -> None:
    base, head = pair
    assert run_cli("diff", str(base), str(base)).code == 0
    _weaken(head)
    result = run_cli("diff", str(base), str(head))
    assert result.code == 1
    assert result.err == ""
    assert result.out.splitlines()[-1] == (
        f"2 changes between {base} and {head}: 2 weakening (2 unjustified) · exit 1 "
        "(--fail-on unjustified)"
    )
    assert run_cli("diff", str(base), str(head), "--fail-on", "none").code == 0


def test_cli_defaults_head_to_the_working_tree(
    run_cli: Any, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, head = pair
    _weaken(head)
    monkeypatch.chdir(head.parent)
    result = run_cli("diff", str(base), "-f", "json")
    assert result.code == 1
    assert '"label": "framework"' in result.out
    result = run_cli("diff", "--against", str(base), "-f", "json")
    assert result.code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a", "b", "c"], "give at most two versions: BASE and HEAD"),
        (["--against", "main", "a", "b"], "--against names BASE; give at most HEAD besides it"),
        (["-f", "sarif"], "unknown format 'sarif' (choose from text, markdown, json, github)"),
    ],
)
def test_cli_usage_errors(run_cli: Any, args: list[str], message: str) -> None:
    result = run_cli("diff", *args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_cli_writes_reports_to_files(run_cli: Any, pair: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = pair
    _weaken(head)
    target = tmp_path / "out.md"
    result = run_cli("diff", str(base), str(head), "-f", f"markdown:{target}", "-f", "text")
    assert result.code == 1
    assert target.read_text().startswith("### Preparedness framework: 2 unjustified weakenings\n")
    assert result.out.startswith("Cybersecurity\n")


def test_broken_yaml_in_a_version_is_one_line(run_cli: Any, pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(head, "categories/cyber.yaml", "status: tracked\n", "status: [tracked\n")
    result = run_cli("diff", str(base), str(head))
    assert result.code == 2
    assert result.err.startswith(f"prepctl: {head}/categories/cyber.yaml:")
    assert result.err.count("\n") == 1


def test_copy_of_real_framework_diffs_clean(tmp_path: Path) -> None:
    copy = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, copy)
    assert diff.compare(load(FRAMEWORK), load(copy)) == []


# The walk agrees with DeepDiff ---------------------------------------------------------------


def _deepdiff_view(old: Any, new: Any) -> set[tuple[str, str]]:
    """DeepDiff's differences between the same keyed trees, lists expanded as the walk does."""
    from deepdiff import DeepDiff

    found = DeepDiff(
        old.data,
        new.data,
        view="tree",
        threshold_to_diff_deeper=0,
        ignore_private_variables=False,
    )
    kinds = {
        "dictionary_item_added": "added",
        "dictionary_item_removed": "removed",
        "values_changed": "modified",
        "type_changes": "modified",
    }
    view: set[tuple[str, str]] = set()

    def expand(kind: str, where: str, value: Any, keyed: Any) -> None:
        if where in keyed.lists:
            for segment, child in value.items():
                expand(
                    kind, f"{where}/{segment.replace('~', '~0').replace('/', '~1')}", child, keyed
                )
        else:
            view.add((kind, where))

    for report, levels in found.items():
        for level in levels:
            path = level.path(output_format="list")
            if level.up is not None and isinstance(level.up.t1, tuple):
                path = path[:-1]  # inside the walk's (flag, bool) marker: the boolean itself
            where = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
            t1, t2 = level.t1, level.t2
            numbers = all(isinstance(v, (int, float)) for v in (t1, t2))
            if report == "type_changes" and numbers and t1 == t2:
                continue  # 1 and 1.0
            kind = kinds[report]
            if kind == "removed":
                expand(kind, where, t1, old)
            elif kind == "added":
                expand(kind, where, t2, new)
            else:
                view.add((kind, where))
    return view


@pytest.mark.parametrize(
    ("base", "head"),
    [
        (FIXTURES / "openai-pf-beta-2023", FIXTURES / "openai-pf-v2-2025"),
        (FIXTURES / "anthropic-rsp-2.2", FIXTURES / "gdm-fsf-3.0"),
        (FRAMEWORK, FIXTURES / "openai-pf-v2-2025"),
    ],
    ids=["openai", "anthropic-gdm", "framework-openai"],
)
def test_walk_agrees_with_deepdiff(base: Path, head: Path) -> None:
    old, new = diff.keyed_tree(load(base)), diff.keyed_tree(load(head))
    walked = {(raw.kind.value, raw.address) for raw in diff.differences(old, new)}
    assert walked
    assert walked == _deepdiff_view(old, new)


def test_walk_agrees_with_deepdiff_on_awkward_values(pair: tuple[Path, Path]) -> None:
    base, head = pair
    edit(
        base,
        "framework.yaml",
        "publisher: Test Lab\n",
        "publisher: Test Lab\n__x: 1\nweird~/key: a\n",
    )
    edit(
        head,
        "framework.yaml",
        "publisher: Test Lab\n",
        "publisher: Test Lab\n__x: 2\nweird~/key: b\n",
    )
    edit(head, "framework.yaml", "        effect: halt\n", "        effect: 1\n")
    edit(head, "categories/cyber.yaml", "value: 0.5", "value: [0.5]")
    edit(head, "categories/bio.yaml", "evaluations:\n", "evaluations: []\nold-evaluations:\n")
    old, new = diff.keyed_tree(load(base)), diff.keyed_tree(load(head))
    walked = {(raw.kind.value, raw.address) for raw in diff.differences(old, new)}
    assert ("modified", "/weird~0~1key") in walked
    assert ("modified", "/levels/critical/rules/development-halt/effect") in walked
    assert walked == _deepdiff_view(old, new)


# Absent optional fields mean their schema default ------------------------------------------


@pytest.mark.parametrize(
    ("base_line", "head_line", "impact"),
    [
        ("        basis: reached\n", "", Impact.NEUTRAL),
        ("        basis: forecast\n", "", Impact.WEAKENING),
        ("", "        basis: forecast\n", Impact.STRENGTHENING),
        ("", "        basis: reached\n", Impact.NEUTRAL),
    ],
)
def test_an_absent_field_means_its_default(
    tmp_path: Path, base_line: str, head_line: str, impact: Impact
) -> None:
    folders = []
    for name, line in (("base", base_line), ("head", head_line)):
        folder = write_framework(tmp_path / name)
        edit(folder, "framework.yaml", "        effect: halt\n", "        effect: halt\n" + line)
        folders.append(folder)
    found = by_address(compare(*folders))
    change = found["/levels/critical/rules/development-halt/basis"]
    assert change.impact is impact, change.detail
    assert 'absent means "reached"' in change.detail or "is its default" in change.detail
    assert by_address(compare(folders[1], folders[0]))[change.address].impact is impact.mirrored()


def copy_framework(target: Path) -> Path:
    shutil.copytree(FRAMEWORK, target)
    return target
