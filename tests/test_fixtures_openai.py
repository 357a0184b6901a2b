"""OpenAI's encodings hold what their texts say, and their lineage reads as the texts show."""

from __future__ import annotations

from typing import Any

from helpers import FIXTURES

from prepctl.core import diff, document, source
from prepctl.io import yaml as yamlio


def _load(name: str) -> dict[str, Any]:
    return document.load(source.read_directory(FIXTURES / name)).data


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def _changes(base: str, head: str) -> list[diff.Change]:
    return diff.compare(
        document.load(source.read_directory(FIXTURES / base)),
        document.load(source.read_directory(FIXTURES / head)),
    )


def test_persuasion_left_the_preparedness_framework_for_other_documents() -> None:
    # PF v2, p. 9 and Appendix A item 4: persuasion is handled through the Model Spec, the usage
    # policies and the investigation of misuse, outside the framework.
    changes = _changes("openai-pf-beta-2023", "openai-pf-v2-2025")
    (persuasion,) = [c for c in changes if c.address == "/categories/persuasion"]
    assert (persuasion.kind.value, persuasion.impact.value) == ("relocated", "weakening")
    retired = {r["address"]: r for r in _load("openai-pf-v2-2025")["retired"]}
    assert retired["/categories/persuasion"]["relocation"] == "other-document"
    assert "Model Spec" in retired["/categories/persuasion"]["relocated-to"]


def test_frontier_governance_framework_tiers_its_three_risks_and_explores_manipulation() -> None:
    data = _load("openai-fgf-2026")
    assert _ids(data["levels"]) == ["tier-1", "tier-2", "tier-3"]
    categories = {c["id"]: c for c in data["categories"]}
    tracked = sorted(c for c, v in categories.items() if v["status"] == "tracked")
    assert tracked == ["cbrn", "cyber-offense", "loss-of-control"]
    # Section 2.4: harmful manipulation is "exploratory" and has no tiers.
    manipulation = categories["harmful-manipulation"]
    assert (manipulation["status"], manipulation.get("thresholds")) == ("research", None)
    for category in tracked:
        assert [t["level"] for t in categories[category]["thresholds"]] == _ids(data["levels"])
    # CBRN Tier 2 is about novices against the tools of 2021.
    tier2 = {t["id"]: t for t in categories["cbrn"]["thresholds"]}["tier-2"]
    assert tier2["bar"]["actor"] == "novice"
    assert "2021" in tier2["bar"]["baseline"]


def test_frontier_governance_framework_ties_nothing_to_its_tiers() -> None:
    # Section 2.5 tailors mitigations "as appropriate": no tier carries a rule or a safeguard.
    data = _load("openai-fgf-2026")
    assert all(not level.get("rules") for level in data["levels"])
    for category in data["categories"]:
        for threshold in category.get("thresholds", []):
            assert not threshold.get("safeguards")
            assert not threshold.get("rules")


def test_frontier_governance_framework_governance_as_section_7_sets_it() -> None:
    data = _load("openai-fgf-2026")
    governance = data["governance"]
    decisions = {d["id"]: d for d in governance["decisions"]}
    assert decisions["framework-change"]["decided-by"] == ["legal-function"]
    reports = {r["id"]: r for r in governance["reports"]}
    assert (reports["changelog"]["deadline"], reports["changelog"]["published"]) == ("P30D", True)
    assert governance["review"]["interval"] == "P1Y"
    duties = {d["id"]: d for d in governance["duties"]}
    assert duties["model-report-review"]["interval"] == "P6M"
    # "more than 50 fatalities or $1 billion": the systemic-risk bar of section 2.1.
    (systemic,) = [d for d in data["definitions"] if d["id"] == "systemic-risk"]
    assert "50 deaths" in systemic["meaning"]
    assert "$1 billion" in systemic["meaning"]


def test_every_openai_fixture_says_where_it_was_read() -> None:
    for name in ("openai-pf-beta-2023", "openai-pf-v2-2025", "openai-fgf-2026"):
        provenance = yamlio.parse((FIXTURES / name / "PROVENANCE.yaml").read_bytes(), name).data
        assert provenance["corpus-commit"] == "2a84d134f1ae4fddaca4505cc6df5eadb1a38f15"
        assert len(provenance["sha256"]) == 64
        assert provenance["source-url"].startswith("https://")
        assert (FIXTURES / name / "LOSSES.md").is_file()
