"""Anthropic's Responsible Scaling Policy 3.x, encoded from the corpus texts, keeps the facts
those texts state: what each version binds Anthropic to, what it only recommends, and which
items of the previous version each one continues."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from helpers import FIXTURES, Run

from prepctl.core import document, source
from prepctl.io import yaml as yamlio

RSP3 = sorted(p.name for p in FIXTURES.glob("anthropic-rsp-3.*") if p.is_dir())

# The SHA-256 the corpus's manifest records for each version's PDF.
MANIFEST_SHA256 = {
    "anthropic-rsp-3.0": "a71bfa08a7fa4b750b2b408b4b9c8681ad50c6b53271c314f591c59c84c38064",
    "anthropic-rsp-3.1": "5aa73a3b3155ef856e429711c8d156e18d9b5ce1e28c2e0a74019a2c3c764d7b",
    "anthropic-rsp-3.2": "5410e3d986cf6917e9105c3d3a661ccc91bfbcb8672bca18b7752ca394e3f2a1",
    "anthropic-rsp-3.3": "b7e7cc1e72e9371949415522ae3c9e61103cc739c5df64579af32dd941624f42",
    "anthropic-rsp-3.4": "6247b9e4001fd342827526fabc476c9d4dd6b2041ac00055f0ccda26f4d0b07d",
}


def _load(name: str) -> dict[str, Any]:
    return document.load(source.read_directory(FIXTURES / name)).data


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _thresholds(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for c in data["categories"] for t in c.get("thresholds", [])}


def _all_rules(data: dict[str, Any]) -> list[dict[str, Any]]:
    rules = [r for level in data["levels"] for r in level.get("rules", [])]
    return rules + [r for t in _thresholds(data).values() for r in t.get("rules", [])]


def test_the_rsp_3_versions_are_encoded() -> None:
    assert "anthropic-rsp-3.0" in RSP3


@pytest.mark.parametrize("name", RSP3)
def test_lints_clean_at_its_publication(run_cli: Callable[..., Run], name: str) -> None:
    published = _load(name)["effective"]
    result = run_cli("lint", "--today", published, str(FIXTURES / name))
    assert result.code == 0, result.out


@pytest.mark.parametrize("name", RSP3)
def test_provenance_pins_the_corpus_text(name: str) -> None:
    folder = FIXTURES / name
    provenance = yamlio.parse((folder / "PROVENANCE.yaml").read_bytes(), name).data
    version = name.removeprefix("anthropic-rsp-")
    assert provenance["sha256"] == MANIFEST_SHA256[name]
    assert provenance["corpus-commit"] == "2a84d134f1ae4fddaca4505cc6df5eadb1a38f15"
    assert re.fullmatch(
        rf"corpus/documents/anthropic_rsp_v{re.escape(version)}_\d{{4}}-\d\d-\d\d\.txt",
        provenance["corpus-path"],
    )
    assert provenance["corpus-path"].endswith(f"_{provenance['published']}.txt")
    assert str(_load(name)["effective"]) == str(provenance["published"])
    assert (folder / "LOSSES.md").is_file()


@pytest.mark.parametrize("name", RSP3)
def test_no_encoder_notes_in_published_prose(name: str) -> None:
    # Comments are not part of the document; only prose that render publishes is checked.
    text = repr(_load(name)).lower()
    for note in ("encoded as", "encoding", "wording is uncertain", "losses.md"):
        assert note not in text, note


def test_3_0_drops_the_unilateral_pause() -> None:
    data = _load("anthropic-rsp-3.0")
    assert [r for r in _all_rules(data) if r["effect"] in ("halt", "prohibited")] == []
    duties = _by_id(data["governance"]["duties"])
    assert "interim-measures" not in duties
    # What remains is the delay of Appendix A, bound to the competitor scenarios.
    assert "significant lead" in duties["lead-delay"]["text"]
    assert duties["general-upleveling"]["force"] == "committed"


def test_3_0_separates_company_plans_from_industry_recommendations() -> None:
    data = _load("anthropic-rsp-3.0")
    for threshold in _thresholds(data).values():
        forces = {r["id"]: r.get("force", "required") for r in threshold["rules"]}
        assert forces["industry-recommendation"] == "recommended", threshold["id"]
    roadmap = _thresholds(data)["automated-rd"]
    safeguards = _by_id(data["safeguards"])
    for safeguard in roadmap["safeguards"]:
        assert safeguards[safeguard]["force"] == "intended", safeguard
    rules = _by_id(roadmap["rules"])
    assert rules["roadmap-goals"]["force"] == "intended"


def test_3_0_continues_2_2_by_lineage() -> None:
    data = _load("anthropic-rsp-3.0")
    categories = _by_id(data["categories"])
    assert categories["chem-bio"]["replaces"] == ["cbrn"]
    thresholds = _thresholds(data)
    assert thresholds["non-novel-cb"]["replaces"] == ["cbrn-3"]
    assert thresholds["novel-cb"]["replaces"] == ["cbrn-4"]
    assert thresholds["sabotage"]["replaces"] == ["ai-rd-4"]
    assert thresholds["automated-rd"]["replaces"] == ["ai-rd-5"]
    assert _by_id(data["levels"])["highly-capable"]["replaces"] == ["asl-4"]
    decisions = _by_id(data["governance"]["decisions"])
    assert decisions["risk-report-determination"]["replaces"] == [
        "capability-determination",
        "safeguards-determination",
    ]


def test_3_0_thresholds_name_their_actors() -> None:
    thresholds = _thresholds(_load("anthropic-rsp-3.0"))
    assert thresholds["non-novel-cb"]["bar"]["actor"] == "novice"
    # "moderately resourced expert-backed teams", no longer "state programs" as in 2.2.
    assert thresholds["novel-cb"]["bar"]["actor"] == "low-to-medium-resourced-group"
    assert thresholds["novel-cb"]["level"] == "asl-3"


def test_3_0_governance_gives_the_trust_approval_of_marginal_risk_reports() -> None:
    governance = _load("anthropic-rsp-3.0")["governance"]
    decision = _by_id(governance["decisions"])["marginal-risk-determination"]
    assert decision["approved-by"] == ["board", "ltbt"]
    reports = _by_id(governance["reports"])
    assert reports["risk-report"]["interval"] == "P6M"
    assert reports["risk-report"]["published"] is True
    assert reports["external-review"]["deadline"] == "P30D"
    assert _by_id(governance["bodies"])["external-reviewers"]["independent"] is True


def test_3_4_raises_the_novel_chem_bio_bar_and_narrows_internal_sharing() -> None:
    data = _load("anthropic-rsp-3.4")
    novel = _thresholds(data)["novel-cb"]
    assert novel["bar"]["actor"] == "well-resourced-group"
    assert "world-leading specialists" in novel["capability"]
    duties = _by_id(data["governance"]["duties"])
    assert "at least 200" in duties["internal-transparency"]["text"]
    assert duties["consider-pausing"]["force"] == "intended"
    assert [r for r in _all_rules(data) if r["effect"] in ("halt", "prohibited")] == []


def test_3_4_gives_the_trust_power_over_external_review() -> None:
    governance = _load("anthropic-rsp-3.4")["governance"]
    selection = _by_id(governance["decisions"])["external-reviewer-selection"]
    assert selection["approved-by"] == ["ltbt"]
    assert selection["consulted"] == ["board"]
    trust = _by_id(_by_id(governance["bodies"])["ltbt"]["responsibilities"])
    assert {"request-external-review", "briefings"} <= set(trust)
