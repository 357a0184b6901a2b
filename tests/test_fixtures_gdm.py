"""Google DeepMind's Frontier Safety Framework fixtures keep what the texts say."""

from __future__ import annotations

from typing import Any

import yaml
from helpers import FIXTURES

from prepctl.core import diff, document, source


def _load(name: str) -> dict[str, Any]:
    return document.load(source.read_directory(FIXTURES / name)).data


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _thresholds(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for c in data["categories"] for t in c.get("thresholds", [])}


def test_fsf_3_1_has_tracked_capability_levels_below_its_ccls() -> None:
    data = _load("gdm-fsf-3.1")
    assert [level["id"] for level in data["levels"]] == ["tcl", "alert", "ccl"]
    thresholds = _thresholds(data)
    tcls = {tid for tid, t in thresholds.items() if t["level"] == "tcl"}
    assert tcls == {"cbrn-uplift-tcl", "stealth-situational-awareness-tcl"}
    cbrn_tcl = thresholds["cbrn-uplift-tcl"]
    assert cbrn_tcl["bar"]["actor"] == "low-to-medium-resourced-group"
    assert "significant but not severe" in cbrn_tcl["capability"]
    # Alert thresholds warn of CCLs only.
    for tid, threshold in thresholds.items():
        if threshold["level"] == "alert":
            assert thresholds[threshold["alerts-for"]]["level"] == "ccl", tid


def test_fsf_3_1_misuse_ccls_recommend_security_level_2_plus() -> None:
    data = _load("gdm-fsf-3.1")
    thresholds = _thresholds(data)
    for tid in ("cbrn-uplift-1", "cyber-uplift-1", "harmful-manipulation-1"):
        assert "sl2-plus" in thresholds[tid]["safeguards"], tid
    safeguards = _by_id(data["safeguards"])
    assert "sl2" not in safeguards
    sl2_plus = safeguards["sl2-plus"]
    assert sl2_plus["replaces"] == ["sl2"]
    assert sl2_plus["force"] == "recommended"
    assert "insiders" in sl2_plus["protects-against"]
    assert thresholds["ml-rd-acceleration-1"]["safeguards"][0] == "sl3"
    assert thresholds["ml-rd-automation-1"]["safeguards"][0] == "sl4"


def test_fsf_3_1_merges_ml_rd_and_misalignment_and_gates_high_risk_internal_use() -> None:
    data = _load("gdm-fsf-3.1")
    categories = _by_id(data["categories"])
    assert set(categories) == {"cbrn", "cyber", "harmful-manipulation", "ml-rd-misalignment"}
    merged = categories["ml-rd-misalignment"]
    assert merged["replaces"] == ["ml-rd", "misalignment"]
    assert merged["status"] == "tracked"
    thresholds = _by_id(merged["thresholds"])
    assert "instrumental-reasoning-2" not in thresholds
    assert thresholds["stealth-situational-awareness-tcl"]["replaces"] == [
        "instrumental-reasoning-1"
    ]
    for tid in ("stealth-situational-awareness-tcl", "ml-rd-acceleration-1", "ml-rd-automation-1"):
        (rule,) = thresholds[tid]["rules"]
        assert (rule["when"], rule["effect"]) == ("internal-deployment", "requires-safeguards")
        assert "High-risk internal deployment" in rule["text"], tid
    # Internal deployment is gated only in this domain, never for misuse.
    for cid in ("cbrn", "cyber", "harmful-manipulation"):
        for threshold in categories[cid]["thresholds"]:
            assert not threshold.get("rules"), threshold["id"]


def test_fsf_3_1_keeps_aims_and_recommendations_at_their_force() -> None:
    data = _load("gdm-fsf-3.1")
    duties = _by_id(data["governance"]["duties"])
    assert duties["inform-governments"]["force"] == "intended"
    assert "aims to share" in duties["inform-governments"]["text"]
    for sid in ("sl2-plus", "sl3", "sl4"):
        assert _by_id(data["safeguards"])[sid]["force"] == "recommended"
    exceptions = _by_id(data["exceptions"])
    assert {"marginal-risk", "security-level-alternatives", "low-risk-external-deployments"} == (
        set(exceptions)
    )


def test_fsf_3_0_to_3_1_reads_the_merge_and_the_rename() -> None:
    base = document.load(source.read_directory(FIXTURES / "gdm-fsf-3.0"))
    head = document.load(source.read_directory(FIXTURES / "gdm-fsf-3.1"))
    kinds = {(c.kind.value, c.address) for c in diff.compare(base, head)}
    assert ("merged", "/categories/ml-rd-misalignment") in kinds
    assert ("renamed", "/safeguards/sl2-plus") in kinds
    assert (
        "renamed",
        "/categories/ml-rd-misalignment/thresholds/stealth-situational-awareness-tcl",
    ) in kinds


def test_gdm_fixtures_carry_their_provenance() -> None:
    for name in ("gdm-fsf-2.0", "gdm-fsf-3.1"):
        provenance = yaml.safe_load((FIXTURES / name / "PROVENANCE.yaml").read_text())
        assert provenance["corpus-commit"] == "2a84d134f1ae4fddaca4505cc6df5eadb1a38f15"
        assert len(provenance["sha256"]) == 64
        assert provenance["corpus-path"].startswith("corpus/documents/google-deepmind_fsf_")
        assert str(provenance["published"]) == _load(name)["effective"]
        assert (FIXTURES / name / "LOSSES.md").is_file()


def test_fsf_2_0_holds_its_hold_provision_industry_condition_and_named_councils() -> None:
    data = _load("gdm-fsf-2.0")
    (hold,) = _by_id(data["levels"])["alert"]["rules"]
    assert (hold["when"], hold["effect"], hold["force"]) == ("development", "halt", "recommended")
    assert "industry-adoption" in _by_id(data["exceptions"])
    bodies = _by_id(data["governance"]["bodies"])
    assert {"agi-safety-council", "responsibility-and-safety-council"} <= set(bodies)
    thresholds = _thresholds(data)
    assert thresholds["cyber-uplift-1"]["bar"]["uplift"] == 10
    assert "cyber-autonomy-1" in thresholds
    assert _by_id(data["governance"]["duties"])["evaluate-mitigations"]["force"] == "recommended"
