"""The Meta, xAI and Microsoft frameworks, encoded from their texts, keep the facts the texts
state: which rule each risk level sets, the lineage between versions, where each was read."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import FIXTURES

from prepctl.core import document, source
from prepctl.io import yaml as yamlio

OTHERS = [
    "meta-faf-1.1",
    "meta-aasf-2",
    "xai-rmf-2025-08",
    "xai-faif-2026-06",
    "microsoft-fgf-2025",
    "microsoft-fgf-2026",
]


def _load(name: str) -> dict[str, Any]:
    return document.load(source.read_directory(FIXTURES / name)).data


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _rules(data: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {
        (level["id"], rule["when"]): rule["effect"]
        for level in data["levels"]
        for rule in level.get("rules", [])
    }


@pytest.mark.parametrize("name", OTHERS)
def test_fixture_says_where_it_was_read(name: str) -> None:
    folder = FIXTURES / name
    provenance: Any = yamlio.parse((folder / "PROVENANCE.yaml").read_bytes(), name).data
    assert provenance["corpus-commit"] == "2a84d134f1ae4fddaca4505cc6df5eadb1a38f15"
    assert provenance["corpus-path"].startswith("corpus/documents/")
    assert len(provenance["sha256"]) == 64
    assert str(provenance["published"]) == str(_load(name)["effective"])
    assert "| fact | where |" in (folder / "LOSSES.md").read_text(encoding="utf-8")


def test_meta_faf_critical_stops_development_and_high_is_not_released() -> None:
    data = _load("meta-faf-1.1")
    assert [level["id"] for level in data["levels"]] == ["moderate", "high", "critical"]
    assert _rules(data) == {
        ("moderate", "external-deployment"): "allowed",
        ("high", "development"): "requires-safeguards",
        ("high", "external-deployment"): "prohibited",
        ("critical", "development"): "halt",
        ("critical", "external-deployment"): "prohibited",
    }
    categories = _by_id(data["categories"])
    assert set(categories) == {"cybersecurity", "chemical-biological"}
    assert categories["chemical-biological"]["covers"] == ["chemical", "biological"]


def test_meta_aasf_develops_and_deploys_with_mitigations_at_every_level() -> None:
    data = _load("meta-aasf-2")
    assert _rules(data) == {
        ("moderate", "external-deployment"): "allowed",
        ("high", "development"): "requires-safeguards",
        ("high", "external-deployment"): "requires-safeguards",
        ("critical", "development"): "requires-safeguards",
        ("critical", "external-deployment"): "requires-safeguards",
    }
    categories = _by_id(data["categories"])
    statuses = {cid: c["status"] for cid, c in categories.items()}
    assert statuses == {
        "cybersecurity": "tracked",
        "chemical-biological": "tracked",
        "loss-of-control": "tracked",
        "nuclear-radiological": "research",
        "physical-autonomy": "research",
        "loss-of-control-emerging": "research",
    }
    # The loss-of-control checkpoint and the cyber simple suite warn of the high threshold.
    loc = _by_id(categories["loss-of-control"]["thresholds"])
    assert loc["checkpoint"]["alerts-for"] == "high"
    cyber = _by_id(categories["cybersecurity"]["thresholds"])
    assert cyber["simple-suite"]["alerts-for"] == "high"
    assert cyber["simple-suite"]["rules"][0]["effect"] == "halt"
    simple = _by_id(categories["cybersecurity"]["evaluations"])["simple-ctf-suite"]
    assert simple["trigger"]["value"] == 0.75


def test_meta_aasf_names_its_decision_makers_and_continues_the_old_ones() -> None:
    data = _load("meta-aasf-2")
    bodies = _by_id(data["governance"]["bodies"])
    assert bodies["chief-ai-officer"]["replaces"] == ["leadership-team", "senior-decision-makers"]
    decisions = _by_id(data["governance"]["decisions"])
    assert decisions["deployment"]["replaces"] == ["release"]
    assert decisions["deployment"]["approved-by"] == ["chief-ai-officer"]
    assert data["governance"]["review"]["interval"] == "P1Y"
    reports = _by_id(data["governance"]["reports"])
    assert reports["preparedness-report"]["published"] is True


def test_xai_rmf_states_its_two_acceptance_criteria_as_triggers() -> None:
    data = _load("xai-rmf-2025-08")
    categories = _by_id(data["categories"])
    restricted = _by_id(categories["biological-chemical"]["evaluations"])["restricted-queries"]
    assert restricted["trigger"]["value"] == 0.05
    mask = _by_id(categories["loss-of-control"]["evaluations"])["mask"]
    assert mask["trigger"]["value"] == 0.5
    assert categories["cyber"]["status"] == "research"
    reports = _by_id(data["governance"]["reports"])
    assert reports["benchmark-results"]["force"] == "recommended"


def test_xai_faif_merges_cbrn_and_publishes_no_threshold_numbers() -> None:
    data = _load("xai-faif-2026-06")
    categories = _by_id(data["categories"])
    assert categories["cbrn"]["replaces"] == ["biological-chemical", "nuclear-radiological"]
    assert categories["offensive-cybersecurity"]["replaces"] == ["cyber"]
    assert set(categories) == {
        "cbrn",
        "offensive-cybersecurity",
        "loss-of-control",
        "harmful-manipulation",
    }
    for category in categories.values():
        for evaluation in category.get("evaluations", []):
            assert "trigger" not in evaluation, evaluation["id"]
    triggers = _by_id(data["evaluation-triggers"])
    assert triggers["annual-assessment"]["interval"] == "P1Y"
    assert _rules(data) == {
        ("above-acceptance", "development"): "requires-safeguards",
        ("above-acceptance", "external-deployment"): "requires-safeguards",
    }


def test_microsoft_levels_allow_low_and_medium_and_pause_what_cannot_be_mitigated() -> None:
    for name in ("microsoft-fgf-2025", "microsoft-fgf-2026"):
        data = _load(name)
        levels = _by_id(data["levels"])
        for level in ("low", "medium"):
            assert [(r["when"], r["effect"]) for r in levels[level]["rules"]] == [
                ("external-deployment", "allowed")
            ]
        for level in ("high", "critical"):
            rules = _by_id(levels[level]["rules"])
            assert rules["external-deployment"]["effect"] == "requires-safeguards"
            assert rules["deployment-post-mitigation"]["assessed"] == "post-mitigation"
            assert rules["deployment-post-mitigation"]["effect"] == "halt"
            assert rules["development-post-mitigation"]["effect"] == "halt"
        cbrn = _by_id(_by_id(data["categories"])["cbrn"]["thresholds"])
        assert cbrn["critical-known"]["bar"]["actor"] == "novice"
        assert cbrn["critical-novel"]["bar"]["actor"] == "expert"


def test_microsoft_2026_moves_its_cadences_and_adds_two_research_capabilities() -> None:
    before, after = _load("microsoft-fgf-2025"), _load("microsoft-fgf-2026")
    assert before["governance"]["review"]["interval"] == "P6M"
    assert after["governance"]["review"]["interval"] == "P1Y"
    deeper_before = _by_id(before["evaluation-triggers"])["deeper-assessment"]
    deeper_after = _by_id(after["evaluation-triggers"])["deeper-assessment"]
    assert deeper_before["interval"] == "P6M"
    assert "interval" not in deeper_after
    statuses = {c["id"]: c["status"] for c in after["categories"]}
    assert statuses["loss-of-control"] == statuses["harmful-manipulation"] == "research"
    duties = _by_id(after["governance"]["duties"])
    assert duties["publish-revisions"]["deadline"] == "P30D"
