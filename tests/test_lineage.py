"""Lineage: renamed, split, merged and relocated items are reported as such, their content is
compared across the pair, and diffs in both directions mirror each other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prepctl.core import diff, document, source
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, Kind

MANIFEST = """\
schema-version: 2
name: Lineage Test Framework
publisher: Test Lab
version: 1.0.0
effective: 2026-01-01
summary: A small framework for lineage tests.
levels:
  - id: high
    name: High
    meaning: The model meaningfully strengthens an existing pathway to severe harm.
    response: The model must not be deployed until its safeguards are in place.
    rules:
      - id: external-deployment
        when: external-deployment
        effect: requires-safeguards
  - id: critical
    name: Critical
    meaning: The model opens a pathway to severe harm without precedent.
    response: Development must stop until the required safeguards are in place.
    rules:
      - id: development-halt
        when: development
        effect: halt
governance:
  bodies:
    - id: board
      name: Safety board
      kind: advisory
      responsibilities:
        - id: review
          text: The board will review every change to the framework.
  decisions: []
"""

CBRN = """\
id: cbrn
name: Chemical, biological, radiological and nuclear
status: tracked
summary: Uplift towards weapons of mass destruction.
thresholds:
  - id: high
    level: high
    capability: The model gives novices meaningful uplift towards a known agent.
    safeguards:
      - monitoring
      - weights
  - id: critical
    level: critical
    capability: The model lets experts build a novel agent.
    safeguards:
      - monitoring
      - weights
evaluations:
  - id: wet-lab
    name: Wet lab uplift
    measures: How much faster novices complete protocols with the model.
    method: deep-dive
    thresholds:
      - high
  - id: radiation
    name: Radiological sourcing
    measures: Whether the model helps acquire radiological material.
    method: automated
    thresholds:
      - high
"""

SAFEGUARDS = {
    "safeguards/monitoring.yaml": """\
id: monitoring
name: Usage monitoring
kind: monitoring
summary: Watches how deployed models are used.
measures:
  - id: review
    text: Investigators will review every alert within 24 hours.
verification: Monitoring will be tested every quarter.
""",
    "safeguards/weights.yaml": """\
id: weights
name: Weights security
kind: security
summary: Protects model weights.
measures:
  - id: access
    text: Access to weights will be limited to named staff.
verification: An external auditor will test the controls every year.
""",
}


def write(root: Path, files: dict[str, str]) -> Path:
    folder = root / "framework"
    for relative, text in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def base_files() -> dict[str, str]:
    return {"framework.yaml": MANIFEST, "categories/cbrn.yaml": CBRN, **SAFEGUARDS}


def compare(base: Path, head: Path) -> list[Change]:
    return diff.compare(_load(base), _load(head))


def _load(folder: Path) -> document.Document:
    return document.load(source.read_directory(folder))


def _mirror(change: Change) -> tuple[Any, ...]:
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
    )


def _plain(change: Change) -> tuple[Any, ...]:
    return (
        change.address,
        change.base_address,
        change.kind,
        change.impact,
        change.before,
        change.after,
    )


def assert_mirrors(base: Path, head: Path) -> None:
    forward, backward = compare(base, head), compare(head, base)
    assert sorted(map(_mirror, forward), key=repr) == sorted(map(_plain, backward), key=repr)


def summary(changes: list[Change]) -> list[tuple[str, str, str, str | None]]:
    return [(c.kind.value, c.impact.value, c.address, c.base_address) for c in changes]


# Renamed -----------------------------------------------------------------------------------


def renamed_category(tmp_path: Path) -> tuple[Path, Path]:
    base = write(tmp_path / "a", base_files())
    files = base_files()
    del files["categories/cbrn.yaml"]
    files["categories/wmd.yaml"] = CBRN.replace("id: cbrn\n", "id: wmd\nreplaces:\n  - cbrn\n")
    return base, write(tmp_path / "b", files)


def test_a_rename_with_identical_content_is_one_neutral_change(tmp_path: Path) -> None:
    base, head = renamed_category(tmp_path)
    (change,) = compare(base, head)
    assert summary([change]) == [("renamed", "neutral", "/categories/wmd", "/categories/cbrn")]
    assert change.detail == "renamed from /categories/cbrn"
    assert change.base_location is not None
    assert change.head_location is not None
    assert str(change.head_location).endswith("categories/wmd.yaml:1:1")


def test_a_rename_mirrors_its_reverse_and_each_side_equals_itself(tmp_path: Path) -> None:
    base, head = renamed_category(tmp_path)
    assert_mirrors(base, head)
    (back,) = compare(head, base)
    assert (back.kind, back.address, back.base_address) == (
        Kind.RENAMED,
        "/categories/cbrn",
        "/categories/wmd",
    )
    assert compare(base, base) == []
    assert compare(head, head) == []


def test_what_changes_across_a_rename_is_reported_at_its_new_place(tmp_path: Path) -> None:
    base, head = renamed_category(tmp_path)
    wmd = head / "categories" / "wmd.yaml"
    text = wmd.read_text().replace(
        "      - monitoring\n      - weights\n  - id: critical",
        "      - monitoring\n  - id: critical",
    )
    wmd.write_text(text.replace("status: tracked", "status: research"))
    found = summary(compare(base, head))
    assert found == [
        ("renamed", "neutral", "/categories/wmd", "/categories/cbrn"),
        ("modified", "weakening", "/categories/wmd/status", "/categories/cbrn/status"),
        (
            "removed",
            "weakening",
            "/categories/wmd/thresholds/high/safeguards/weights",
            "/categories/cbrn/thresholds/high/safeguards/weights",
        ),
    ]
    assert_mirrors(base, head)


def test_a_renamed_safeguard_keeps_its_references(tmp_path: Path) -> None:
    base = write(tmp_path / "a", base_files())
    files = base_files()
    del files["safeguards/weights.yaml"]
    files["safeguards/weight-protection.yaml"] = SAFEGUARDS["safeguards/weights.yaml"].replace(
        "id: weights\n", "id: weight-protection\nreplaces:\n  - weights\n"
    )
    files["categories/cbrn.yaml"] = CBRN.replace("      - weights\n", "      - weight-protection\n")
    head = write(tmp_path / "b", files)
    assert summary(compare(base, head)) == [
        ("renamed", "neutral", "/safeguards/weight-protection", "/safeguards/weights")
    ]
    assert_mirrors(base, head)


# Split and merged --------------------------------------------------------------------------


def split_category(tmp_path: Path, *, drop_critical: bool = False) -> tuple[Path, Path]:
    base = write(tmp_path / "a", base_files())
    files = base_files()
    del files["categories/cbrn.yaml"]
    bio = CBRN.replace("id: cbrn\n", "id: bio-chem\nreplaces:\n  - cbrn\n").replace(
        "  - id: radiation\n    name: Radiological sourcing\n"
        "    measures: Whether the model helps acquire radiological material.\n"
        "    method: automated\n    thresholds:\n      - high\n",
        "",
    )
    if drop_critical:
        bio = bio.replace(
            "  - id: critical\n    level: critical\n"
            "    capability: The model lets experts build a novel agent.\n"
            "    safeguards:\n      - monitoring\n      - weights\n",
            "",
        )
    files["categories/bio-chem.yaml"] = bio.replace(
        "name: Chemical, biological, radiological and nuclear", "name: Biological and chemical"
    )
    files["categories/nuclear.yaml"] = """\
id: nuclear
replaces:
  - cbrn
name: Nuclear and radiological
status: research
summary: Uplift towards weapons of mass destruction.
evaluations:
  - id: radiation
    name: Radiological sourcing
    measures: Whether the model helps acquire radiological material.
    method: automated
    thresholds:
      - high
"""
    return base, write(tmp_path / "b", files)


def test_a_split_names_each_part_and_weakens_where_a_part_is_weaker(tmp_path: Path) -> None:
    base, head = split_category(tmp_path)
    found = compare(base, head)
    kinds = {(c.kind, c.address) for c in found if c.kind is Kind.SPLIT}
    assert kinds == {(Kind.SPLIT, "/categories/bio-chem"), (Kind.SPLIT, "/categories/nuclear")}
    by = {c.address: c for c in found}
    assert by["/categories/nuclear"].detail == (
        "split from /categories/cbrn (with /categories/bio-chem)"
    )
    assert by["/categories/nuclear/status"].impact is Impact.WEAKENING
    assert by["/categories/nuclear/status"].base_address == "/categories/cbrn/status"
    # Thresholds and evaluations kept by one part are not lost because the other lacks them.
    assert not [c for c in found if c.kind is Kind.REMOVED]
    # The radiological evaluation's threshold reference now points at a research category's
    # missing threshold: that is for lint, not a change of the evaluation itself.
    assert all(c.impact is not Impact.STRENGTHENING for c in found)


def test_a_threshold_no_part_keeps_is_removed_once(tmp_path: Path) -> None:
    base, head = split_category(tmp_path, drop_critical=True)
    removed = [c for c in compare(base, head) if c.kind is Kind.REMOVED]
    assert summary(removed) == [
        (
            "removed",
            "weakening",
            "/categories/bio-chem/thresholds/critical",
            "/categories/cbrn/thresholds/critical",
        )
    ]


@pytest.mark.parametrize("drop_critical", [False, True])
def test_a_split_read_backwards_is_a_merge(tmp_path: Path, drop_critical: bool) -> None:
    base, head = split_category(tmp_path, drop_critical=drop_critical)
    assert_mirrors(base, head)
    merged = [c for c in compare(head, base) if c.kind is Kind.MERGED]
    assert {(c.address, c.base_address) for c in merged} == {
        ("/categories/cbrn", "/categories/bio-chem"),
        ("/categories/cbrn", "/categories/nuclear"),
    }


# Relocated and unlinked --------------------------------------------------------------------


def test_a_removal_whose_tombstone_says_where_it_went_is_relocated(tmp_path: Path) -> None:
    base = write(tmp_path / "a", base_files())
    files = base_files()
    del files["categories/cbrn.yaml"]
    files["framework.yaml"] = MANIFEST + (
        "retired:\n"
        "  - address: /categories/cbrn\n"
        "    retired: 2026-06-01\n"
        "    reason: Weapons uplift is governed by the usage policies now.\n"
        "    relocated-to: the usage policies\n"
        "    relocation: other-document\n"
    )
    head = write(tmp_path / "b", files)
    found = compare(base, head)
    relocated = [c for c in found if c.address == "/categories/cbrn"]
    assert summary(relocated) == [("relocated", "weakening", "/categories/cbrn", None)]
    assert relocated[0].detail == (
        "removed from categories (more is stricter); relocated to: the usage policies"
    )
    assert_mirrors(base, head)
    (back,) = [c for c in compare(head, base) if c.address == "/categories/cbrn"]
    assert (back.kind, back.impact) == (Kind.RELOCATED, Impact.STRENGTHENING)
    assert back.detail.endswith("relocated back from: the usage policies")


def test_without_replaces_a_same_content_pair_is_suggested_not_linked(tmp_path: Path) -> None:
    base = write(tmp_path / "a", base_files())
    files = base_files()
    del files["categories/cbrn.yaml"]
    files["categories/wmd.yaml"] = CBRN.replace("id: cbrn\n", "id: wmd\n")
    head = write(tmp_path / "b", files)
    found = compare(base, head)
    assert summary(found) == [
        ("removed", "weakening", "/categories/cbrn", None),
        ("added", "strengthening", "/categories/wmd", None),
    ]
    hint = "same content as /categories/wmd; if it continues /categories/cbrn, give it replaces: [cbrn]"
    assert all(change.detail.endswith(hint) for change in found)


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "frameworks"


def _fixture(name: str) -> document.Document:
    return document.load(source.read_directory(FIXTURES / name))


def test_openai_beta_to_v2_reads_the_renamed_and_split_categories() -> None:
    beta, v2 = _fixture("openai-pf-beta-2023"), _fixture("openai-pf-v2-2025")
    changes = {change.address: change for change in diff.compare(beta, v2)}
    renamed = changes["/categories/ai-self-improvement"]
    assert (renamed.kind, renamed.impact) == (Kind.RENAMED, Impact.NEUTRAL)
    assert renamed.base_address == "/categories/model-autonomy"
    for part in ("biological-chemical", "nuclear-radiological"):
        assert changes[f"/categories/{part}"].kind is Kind.SPLIT
    # Nuclear and radiological risk moved from a tracked category to a research one.
    moved = changes["/categories/nuclear-radiological/status"]
    assert (moved.kind, moved.impact) == (Kind.MODIFIED, Impact.WEAKENING)
    # The split parts cover, together, what CBRN covered: no hazard is dropped or added.
    assert not [address for address in changes if "/covers/" in address and "cbrn" in address]
    assert not [
        address
        for address in changes
        if address.startswith(("/categories/biological-chemical/covers", "/categories/nuclear"))
        and "/covers/" in address
    ]
    # Autonomous replication left the renamed category (it became a research category).
    dropped = changes["/categories/ai-self-improvement/covers/autonomous-replication"]
    assert dropped.impact is Impact.WEAKENING
    # A report prepared by the renamed body is still prepared by the same body.
    assert not [address for address in changes if address.endswith("/prepared-by")]
    # Five tests a risk must now pass before it is tracked: each narrows what is tracked.
    added_tests = [c for a, c in changes.items() if a.startswith("/tracking-criteria/")]
    assert len(added_tests) == 5
    assert {c.impact for c in added_tests} == {Impact.WEAKENING}
    # Naming the criteria a category meets binds nothing.
    named = [c for a, c in changes.items() if "/criteria/" in a and a.startswith("/categories/")]
    assert named
    assert {c.impact for c in named} == {Impact.NEUTRAL}
    # The reverse reading mirrors it: the split becomes a merge, the rename a rename back.
    back = {change.address: change for change in diff.compare(v2, beta)}
    assert back["/categories/cbrn"].kind is Kind.MERGED
    assert back["/categories/model-autonomy"].kind is Kind.RENAMED


def test_openai_beta_to_v2_puts_each_documented_change_at_a_field_with_a_direction() -> None:
    changes = diff.compare(_fixture("openai-pf-beta-2023"), _fixture("openai-pf-v2-2025"))
    at = {change.address: change for change in changes}
    # "Catastrophic risk" (many people) continues as "severe harm" (thousands): a larger harm
    # is a higher bar for everything defined against it.
    term = at["/definitions/severe-harm"]
    assert (term.kind, term.base_address) == (Kind.RENAMED, "/definitions/catastrophic-risk")
    scale = at["/definitions/severe-harm/harm/scale"]
    assert (scale.before, scale.after, scale.impact) == ("many", "thousands", Impact.WEAKENING)
    assert "/definitions/severe-harm/harm/damage-usd" not in at
    # Biological Critical no longer fires for "anyone at all", only for an expert.
    actor = at["/categories/biological-chemical/thresholds/critical/bar/actor"]
    assert (actor.before, actor.after, actor.impact) == ("novice", "expert", Impact.WEAKENING)
    # The Beta's undivided mitigations continue as the safeguards against misuse and against
    # misalignment: a threshold that required the one and now requires the others loses
    # nothing; one that requires neither has lost it.
    for part in ("misuse-safeguards", "misalignment-safeguards"):
        split = at[f"/safeguards/{part}"]
        assert (split.kind, split.base_address) == (
            Kind.SPLIT,
            "/safeguards/deployment-mitigations",
        )
    for kept in ("biological-chemical/thresholds/high", "cybersecurity/thresholds/high"):
        assert not [a for a in at if a.startswith(f"/categories/{kept}/safeguards/")], kept
    lost = at["/categories/ai-self-improvement/thresholds/high/safeguards/deployment-mitigations"]
    assert (lost.kind, lost.impact) == (Kind.REMOVED, Impact.WEAKENING)
    # Everything a reader must still judge is at most a tenth of the revision.
    undecided = [c for c in changes if c.impact is Impact.NEEDS_REVIEW]
    assert len(undecided) * 10 <= len(changes), [c.address for c in undecided]


def test_a_merged_item_keeps_references_to_renamed_targets() -> None:
    # RSP 3.0 merges the capability and safeguards determinations into one Risk Report
    # determination, advised by the same teams under their new names (each `replaces` the old).
    changes = diff.compare(_fixture("anthropic-rsp-2.2"), _fixture("anthropic-rsp-3.0"))
    merged = "/governance/decisions/risk-report-determination"
    assert {c.kind for c in changes if c.address == merged} == {Kind.MERGED}
    assert not [c for c in changes if c.address.startswith(f"{merged}/advised-by")]


_MERGE_BASE = """\
schema-version: 2
name: X
publisher: X
version: 1.0.0
effective: 2025-01-01
summary: x
levels:
  - {id: l, name: L, meaning: m, response: r}
governance:
  bodies:
    - {id: p, name: P, kind: team, responsibilities: [{id: r1, text: Do one.}]}
    - {id: q, name: Q, kind: team, responsibilities: [{id: r2, text: Do two.}]}
  decisions: []
  review: {last-reviewed: 2025-01-01}
"""
_MERGE_HEAD = _MERGE_BASE.replace(
    """    - {id: p, name: P, kind: team, responsibilities: [{id: r1, text: Do one.}]}
    - {id: q, name: Q, kind: team, responsibilities: [{id: r2, text: Do two.}]}
""",
    """    - id: pq
      replaces: [p, q]
      name: PQ
      kind: team
      responsibilities:
        - {id: s1, replaces: [r1], text: Do one.}
        - {id: s2, replaces: [r2], text: Do two.}
""",
)


def test_lineage_inside_a_merge_resolves_against_every_predecessor() -> None:
    base = document.load(source.Snapshot("a", {"framework.yaml": _MERGE_BASE.encode()}))
    head = document.load(source.Snapshot("b", {"framework.yaml": _MERGE_HEAD.encode()}))
    found = {(c.kind, c.address, c.base_address) for c in diff.compare(base, head)}
    bodies = "/governance/bodies"
    assert (
        Kind.RENAMED,
        f"{bodies}/pq/responsibilities/s1",
        f"{bodies}/p/responsibilities/r1",
    ) in (found)
    assert (
        Kind.RENAMED,
        f"{bodies}/pq/responsibilities/s2",
        f"{bodies}/q/responsibilities/r2",
    ) in (found)
    assert not [c for c in found if c[0] in (Kind.REMOVED, Kind.ADDED)]
