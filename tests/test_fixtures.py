"""The public frameworks, encoded in our schema, keep what the facts say about them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from helpers import FIXTURES, FRAMEWORK, Run

from prepctl.core import document, source
from prepctl.core.clocks import Duration

FOLDERS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def _load(name: str) -> dict[str, Any]:
    return document.load(source.read_directory(FIXTURES / name)).data


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def test_the_expected_fixtures_exist() -> None:
    assert FOLDERS == [
        "anthropic-rsp-2.2",
        "anthropic-rsp-3.0",
        "anthropic-rsp-3.4",
        "gdm-fsf-2.0",
        "gdm-fsf-3.0",
        "gdm-fsf-3.1",
        "meta-aasf-2",
        "meta-faf-1.1",
        "microsoft-fgf-2025",
        "microsoft-fgf-2026",
        "openai-fgf-2026",
        "openai-pf-beta-2023",
        "openai-pf-v2-2025",
        "xai-faif-2026-06",
        "xai-rmf-2025-08",
    ]


@pytest.mark.parametrize("name", FOLDERS)
def test_fixture_lints_clean_as_of_its_publication(run_cli: Callable[..., Run], name: str) -> None:
    # A fixture is a dated snapshot: linted today, its yearly reviews would be overdue.
    published = _load(name)["effective"]
    result = run_cli("lint", "--today", published, str(FIXTURES / name))
    assert result.code == 0, result.out


def test_shipped_framework_lints_clean(run_cli: Callable[..., Run]) -> None:
    result = run_cli("lint", str(FRAMEWORK))
    assert result.code == 0, result.out


def test_openai_beta_has_four_levels_and_scorecard_categories() -> None:
    data = _load("openai-pf-beta-2023")
    assert _ids(data["levels"]) == ["low", "medium", "high", "critical"]
    tracked = {c["id"] for c in data["categories"] if c["status"] == "tracked"}
    assert {"cybersecurity", "cbrn", "persuasion", "model-autonomy"} <= tracked
    for category in data["categories"]:
        if category["status"] == "tracked":
            levels = [t["level"] for t in category["thresholds"]]
            assert levels == ["low", "medium", "high", "critical"], category["id"]
    levels = {level["id"]: level for level in data["levels"]}
    limits = {
        (level_id, rule["when"])
        for level_id, level in levels.items()
        for rule in level.get("rules", [])
        if rule.get("assessed") == "post-mitigation" and rule["effect"] == "prohibited"
    }
    assert limits == {
        ("high", "external-deployment"),
        ("critical", "external-deployment"),
        ("critical", "development"),
    }
    # "if we reach (or are forecasted to reach)" holds for High and for Critical (p. 21).
    for level_id in ("high", "critical"):
        for rule in levels[level_id]["rules"]:
            if rule.get("assessed") != "post-mitigation":
                assert rule["basis"] == "forecast", (level_id, rule["id"])
    # The SAG calls for drills at a "recommended minimum yearly basis" (p. 25).
    drills = {duty["id"]: duty for duty in data["governance"]["duties"]}["safety-drills"]
    assert (drills["force"], drills["interval"]) == ("recommended", "P1Y")
    assert "process" in data["governance"]["review"]


def test_openai_v2_tracks_three_categories_and_retires_persuasion() -> None:
    data = _load("openai-pf-v2-2025")
    assert _ids(data["levels"]) == ["high", "critical"]
    tracked = sorted(c["id"] for c in data["categories"] if c["status"] == "tracked")
    assert tracked == ["ai-self-improvement", "biological-chemical", "cybersecurity"]
    research = {c["id"] for c in data["categories"] if c["status"] == "research"}
    assert {
        "long-range-autonomy",
        "sandbagging",
        "autonomous-replication",
        "undermining-safeguards",
        "nuclear-radiological",
    } <= research
    assert "/categories/persuasion" in [r["address"] for r in data["retired"]]
    exceptions = {exception["id"]: exception for exception in data["exceptions"]}
    assert set(exceptions) == {"marginal-risk", "derivative-models"}  # section 4.3, footnote 6
    assert len(exceptions["marginal-risk"]["preconditions"]) == 4
    assert "share information" in exceptions["marginal-risk"]["preconditions"][3]["text"]
    # Table 1 gates large-scale internal deployment at High for Cybersecurity only.
    levels = {level["id"]: level for level in data["levels"]}
    assert "internal-deployment" not in {rule["when"] for rule in levels["high"]["rules"]}
    gated = {
        c["id"]
        for c in data["categories"]
        for t in c.get("thresholds", [])
        for rule in t.get("rules", [])
        if t["level"] == "high" and rule["when"] == "internal-deployment"
    }
    assert gated == {"cybersecurity"}
    # Section 4.4: reached or forecast to reach Critical needs safeguards during development.
    development = {rule["id"]: rule for rule in levels["critical"]["rules"]}["development"]
    assert development["basis"] == "forecast"
    # Section 3.2's covered deployments, each an evaluation trigger.
    events = {e for t in data["evaluation-triggers"] for e in t.get("events", [])}
    assert {"internal-agentic-deployment", "deployment-change", "weights-release"} <= events
    # Table 2's potential responses, not a generic stand-in.
    categories = {c["id"]: c for c in data["categories"]}
    (response,) = categories["sandbagging"]["responses"]
    assert "conservative upper bound" in response["text"]
    for category in categories.values():
        for evaluation in category.get("evaluations", []):
            assert evaluation["method"] != "external", category["id"]


def test_anthropic_rsp_levels_are_ai_safety_levels() -> None:
    data = _load("anthropic-rsp-2.2")
    assert [level["id"] for level in data["levels"]][:2] == ["asl-2", "asl-3"]
    thresholds = {t["id"] for c in data["categories"] for t in c.get("thresholds", [])}
    assert {"cbrn-3", "cbrn-4"} <= thresholds
    # Version 2.2 excludes sophisticated and state-compromised insiders; basic insider risk
    # stays in scope of the ASL-3 Security Standard (section 4.2, footnote 11).
    security = {s["id"]: s for s in data["safeguards"]}["asl-3-security"]
    assert "insiders" in security["protects-against"]
    assert "insiders" not in security.get("out-of-scope", [])
    # Footnote 17: three conditions, and two duties when the exception is used.
    (exception,) = data["exceptions"]
    assert len(exception["preconditions"]) == 3
    assert len(exception["duties"]) == 2
    # Section 7.1: the Board approves changes, in consultation with the Trust.
    decisions = {d["id"]: d for d in data["governance"]["decisions"]}
    assert decisions["policy-change"]["approved-by"] == ["board"]
    assert decisions["policy-change"]["consulted"] == ["ltbt"]


def test_gdm_fsf_has_critical_capability_levels() -> None:
    data = _load("gdm-fsf-3.0")
    categories = {c["id"]: c for c in data["categories"]}
    assert {"cbrn", "cyber", "ml-rd", "harmful-manipulation", "misalignment"} <= set(categories)
    # Version 3.0 names harmful manipulation among the four identified risk domains, under the
    # misuse risk-acceptance criteria (sections 1.3, 1.6); only misalignment is exploratory.
    assert categories["harmful-manipulation"]["status"] == "tracked"
    assert categories["misalignment"]["status"] == "research"
    cbrn = {t["id"]: t for t in categories["cbrn"]["thresholds"]}["cbrn-uplift-1"]
    assert "low to medium resourced" in " ".join(cbrn["capability"].split())
    # Security levels are recommended; the disclosure to governments is an aim (section 5.2).
    safeguards = {s["id"]: s for s in data["safeguards"]}
    for level in ("sl2", "sl3", "sl4"):
        assert safeguards[level]["force"] == "recommended"
    duties = {d["id"]: d for d in data["governance"]["duties"]}
    assert duties["inform-governments"]["force"] == "intended"
    # Large-scale internal deployment waits on a safety case for the ML R&D CCLs only.
    (ccl,) = [level for level in data["levels"] if level["id"] == "ccl"]
    assert "internal-deployment" not in {rule["when"] for rule in ccl["rules"]}
    gated = {
        c["id"]
        for c in data["categories"]
        for t in c.get("thresholds", [])
        for rule in t.get("rules", [])
        if rule["when"] == "internal-deployment"
    }
    assert gated == {"ml-rd"}


def test_shipped_framework_covers_what_the_design_asks() -> None:
    data = document.load(source.read_directory(FRAMEWORK)).data
    categories = {c["id"]: c["status"] for c in data["categories"]}
    for tracked in (
        "biological-chemical",
        "cybersecurity",
        "ai-self-improvement",
        # The EU Code's specified risks each need tiers (Measure 4.1(1)(b)).
        "nuclear-radiological",
        "autonomous-replication",
        "harmful-manipulation",
    ):
        assert categories[tracked] == "tracked"
    for research in (
        "long-range-autonomy",
        "sandbagging",
        "undermining-safeguards",
        "mental-health",
    ):
        assert categories[research] == "research"
    assert _ids(data["levels"]) == ["high", "critical"]
    kinds = {body["kind"] for body in data["governance"]["bodies"]}
    assert {"advisory", "decision-maker", "oversight"} <= kinds
    interval = Duration.parse(data["governance"]["review"]["interval"])
    assert interval is not None
    assert interval.approximate_days() <= 366
