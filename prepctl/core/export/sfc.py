"""A framework version as a Safety Framework Card (spec v0.1).

The card (github.com/kpyakhmi/safety-framework-cards) describes a framework in six
dimensions. Each field is derived from what prepctl's schema states as structure, never from a
lab's name or wording:

* **risk ontology**: the hazards the tracked categories cover (the shared ``covers``
  vocabulary), the levels as severity definitions; a framework that states tracking criteria
  can admit new categories, so its list is open;
* **capability thresholds**: the levels in order as tiers, each with its thresholds'
  capabilities and the safeguards they and the level's rules require; the thresholds' bars say
  whether capability is measured as uplift over a baseline; the rules' ``assessed`` says
  whether before or after mitigation;
* **evaluation**: the evaluations' methods, independent bodies, the stages the framework
  applies to;
* **mitigations**: the safeguards by kind, the rules that halt or prohibit;
* **governance**: decision rules (pre-committed, or mixed where exceptions can set them
  aside), the body that reviews the framework, published reports;
* **revision**: the framework review's interval.

What the card has no place for, and every card field filled by a default because the
framework does not state it, is listed in :attr:`Export.losses`; the card carries the same list
in its ``x-prepctl`` field, which the card's schema allows.
"""

from __future__ import annotations

import json
import re
from typing import Any

from prepctl.core import address, concepts, meaning, walk
from prepctl.core.clocks import Duration
from prepctl.core.document import Document
from prepctl.core.export import commitments
from prepctl.core.export.result import Export

SPEC_VERSION = "0.1"

# prepctl's shared hazard vocabulary → the card's harms. Hazards missing here have no card
# harm of their own and are listed as "other" (and as a loss).
HARMS = {
    "biological": "biological_uplift",
    "chemical": "chemical_uplift",
    "nuclear": "nuclear_uplift",
    "radiological": "radiological_uplift",
    "cyber-offense": "cyber_offense",
    "ai-rnd": "AI_R_and_D_acceleration",
    "autonomous-replication": "autonomous_replication",
    "long-range-autonomy": "model_autonomy",
    "manipulation": "persuasion_at_scale",
}
# Evaluation methods → the card's evaluation types.
EVAL_TYPES = {
    "automated": "automated_eval",
    "deep-dive": "expert_elicitation",
    "red-team": "red_team",
}
# Safeguard kinds → the card's mitigation lists.
MITIGATIONS = {
    "deployment": "technical",
    "alignment": "technical",
    "monitoring": "technical",
    "security": "operational",
    "governance": "operational",
}
_URL = re.compile(r"https?://[^\s,;)]+")


def export(document: Document) -> Export:
    """The card of a (valid) framework version, as JSON text."""
    card = _Card(document)
    text = json.dumps(card.build(), indent=2, ensure_ascii=False) + "\n"
    return Export(text, card.losses, len(card.entries))


class _Card:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.data = document.data
        self.words = concepts.vocabulary()
        self.entries = commitments.entries(document)
        self.rules = [e for e in self.entries if e.kind == commitments.RULE]
        self.losses: list[str] = []

    def lost(self, text: str) -> None:
        self.losses.append(text)

    def items(self, collection: str) -> list[dict[str, Any]]:
        found = self.data.get(collection)
        return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []

    def build(self) -> dict[str, Any]:
        card: dict[str, Any] = {"schema_version": SPEC_VERSION, "metadata": self._metadata()}
        card["d1_risk_ontology"] = self._risks()
        card["d2_capability_thresholds"] = self._thresholds()
        card["d3_evaluation_methodology"] = self._evaluation()
        card["d4_mitigation_commitments"] = self._mitigations()
        card["d5_governance_triggers"] = self._governance()
        card["d6_revision_protocol"] = self._revision()
        card["notes"] = {"verification_status": "draft", "card_authors": ["prepctl export"]}
        card["x-prepctl"] = {"losses": self.losses}
        return card

    def _metadata(self) -> dict[str, Any]:
        data = self.data
        publisher = data.get("publisher") or data.get("owner") or ""
        metadata = {
            "framework_name": str(data.get("name", "")),
            "publisher": str(publisher),
            "version": str(data.get("version", "")),
            "effective_date": str(data.get("effective", "")),
            "canonical_url": "",
        }
        urls = [
            m.group(0) for s in commitments.texts(data.get("sources")) for m in _URL.finditer(s)
        ]
        if urls:
            metadata["canonical_url"] = urls[0].rstrip(".")
        else:
            metadata["canonical_url"] = "urn:prepctl:no-source-url"
            self.lost("metadata.canonical_url: the framework's sources name no URL")
        self.lost("metadata.supersedes, contact, license: the framework does not state them")
        return metadata

    def _categories(self) -> list[tuple[dict[str, Any], bool]]:
        collection = self.words.collection if self.words else ""
        return [(c, concepts.is_tracked(collection, c)) for c in self.items(collection)]

    def _risks(self) -> dict[str, Any]:
        harms: list[str] = []
        for category, tracked in self._categories():
            name = category.get("name", category.get("id"))
            if not tracked:
                self.lost(f"{name}: a research category; the card lists only harms in scope")
                continue
            for hazard in commitments.texts(category.get("covers")):
                harm = HARMS.get(hazard, "other")
                if harm == "other":
                    self.lost(f"{name}: the hazard {hazard} has no card harm; listed as other")
                if harm not in harms:
                    harms.append(harm)
            if not category.get("covers"):
                self.lost(f"{name}: covers no hazard of the shared vocabulary; listed as other")
                if "other" not in harms:
                    harms.append("other")
        if not harms:
            harms.append("other")
        bars = [t.get("bar") for t in self._thresholds_of(tracked_only=True)]
        harm_based = any(isinstance(b, dict) and b.get("harm") for b in bars)
        risks: dict[str, Any] = {
            "scope_basis": "hybrid" if harm_based else "capability_based",
            "in_scope_harms": harms,
            "enumeration_type": "open" if self.data.get("tracking-criteria") else "closed",
        }
        severities = [
            {"level": str(level.get("name", level.get("id"))), "definition": level["meaning"]}
            for level in self._levels()
            if isinstance(level.get("meaning"), str)
        ]
        if severities:
            risks["severity_definitions"] = [
                {**s, "definition": " ".join(s["definition"].split())} for s in severities
            ]
        return risks

    def _levels(self) -> list[dict[str, Any]]:
        if self.words is None:
            return []
        found = self.document.get(self.words.levels)
        return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []

    def _thresholds_of(self, *, tracked_only: bool) -> list[dict[str, Any]]:
        if self.words is None:
            return []
        found = []
        for category, tracked in self._categories():
            if tracked or not tracked_only:
                listed = category.get(self.words.thresholds_key)
                found += (
                    [t for t in listed if isinstance(t, dict)] if isinstance(listed, list) else []
                )
        return found

    def _tier(self, level: dict[str, Any], words: concepts.Vocabulary) -> dict[str, Any]:
        level_id = str(level.get(words.level_identity, ""))
        tier: dict[str, Any] = {"tier_id": level_id, "name": str(level.get("name", level_id))}
        tier["capability_definition"] = " ".join(str(level.get("meaning", tier["name"])).split())
        indicators, mitigations = [], []
        for category, tracked in self._categories():
            for threshold in commitments.listed(category, words.thresholds_key) if tracked else []:
                if threshold.get(words.level_key) != level_id:
                    continue
                capability = " ".join(str(threshold.get("capability", "")).split())
                indicators.append(f"{category.get('name', category.get('id'))}: {capability}")
                for key in words.safeguard_keys:
                    mitigations += commitments.texts(threshold.get(key))
        for rule in self.rules:
            if commitments.level_of(rule, self.document) == level_id:
                mitigations += [address.split(target)[-1] for _, target in rule.references()]
        if indicators:
            tier["indicators"] = indicators
        if mitigations:
            tier["triggered_mitigations"] = list(dict.fromkeys(mitigations))
        return tier

    def _thresholds(self) -> dict[str, Any]:
        words = self.words
        tiers = [self._tier(level, words) for level in self._levels()] if words else []
        bars = [t.get("bar") for t in self._thresholds_of(tracked_only=True)]
        stated = [b for b in bars if isinstance(b, dict)]
        relative = [b for b in stated if "uplift" in b or "baseline" in b]
        if not stated:
            basis = "absolute_capability"
            self.lost("d2.measurement_basis: no threshold states its bar; absolute_capability")
        else:
            basis = "uplift_relative" if len(relative) == len(bars) else "hybrid"
            basis = "absolute_capability" if not relative else basis
        assessed = {v.value for r in self.rules for v in r.values() if v.name == "assessed"}
        mitigation = (
            "both" if len(assessed) > 1 else "post" if assessed == {"post-mitigation"} else "pre"
        )
        result: dict[str, Any] = {"threshold_model": "discrete_tiers"}
        if tiers:
            result["tier_taxonomy"] = tiers
        result.update({"measurement_basis": basis, "pre_or_post_mitigation": mitigation})
        self.lost(
            "thresholds' bars (actor, uplift, harm), alerts and margins: the card keeps "
            "only the capability wording"
        )
        return result

    def _evaluation(self) -> dict[str, Any]:
        methods: list[str] = []
        described = False
        for category, _tracked in self._categories():
            for evaluation in category.get("evaluations") or []:
                if isinstance(evaluation, dict):
                    methods.append(str(evaluation.get("method", "")))
                    described = described or bool(evaluation.get("measures"))
        bodies = commitments.listed(self.data.get("governance"), "bodies")
        independent = [str(b.get("name", b.get("id"))) for b in bodies if b.get("independent")]
        sources = ["internal"] + (["third_party"] if "external" in methods or independent else [])
        types = list(dict.fromkeys(EVAL_TYPES[m] for m in methods if m in EVAL_TYPES))
        if not types:
            types = ["benchmark"]
            self.lost(
                "d3.eval_types: no evaluation method is stated; the card's required "
                "list holds benchmark"
            )
        stages = commitments.texts(commitments.get(self.data, "applies-to", "stages"))
        deployment_rules = any(
            v.name == "when" and v.value == "external-deployment"
            for r in self.rules
            for v in r.values()
        )
        triggers = list(self.items("evaluation-triggers"))
        recurring = any("interval" in t for t in triggers) or "post-deployment" in stages
        result: dict[str, Any] = {"eval_sources": sources}
        if independent:
            result["named_third_parties"] = independent
        result["eval_types"] = types
        result["cadence"] = {
            "pre_deployment": "required"
            if deployment_rules or "pre-deployment" in stages
            else "none",
            "continuous": "required" if recurring else "none",
        }
        result["reproducibility"] = {"methods_published": described}
        self.lost(
            "d3.reproducibility: the framework says nothing of publishing benchmarks, "
            "scripts or results; methods_published means its evaluations are described"
        )
        self.lost(f"evaluation triggers ({len(triggers)}): the card keeps only a cadence")
        return result

    def _mitigations(self) -> dict[str, Any]:
        lists: dict[str, list[str]] = {"technical": [], "access_controls": [], "operational": []}
        for safeguard in self.items("safeguards"):
            kind = MITIGATIONS.get(str(safeguard.get("kind")), "operational")
            lists[kind].append(str(safeguard.get("id")))
        halting = []
        for rule in self.rules:
            values = {v.name: v.value for v in rule.values()}
            if values.get("effect") in ("halt", "prohibited"):
                level = commitments.level_of(rule, self.document) or "a threshold"
                halting.append(
                    f"{values['effect']} {values.get('when', '')} at {level}".replace("  ", " ")
                )
        result: dict[str, Any] = {k: v for k, v in lists.items() if v}
        if halting:
            result["halting_triggers"] = list(dict.fromkeys(halting))
        self.lost(
            "d4: the card splits deployment safeguards into technical and access "
            "controls; prepctl's safeguard kinds do not, so all are listed as technical"
        )
        self.lost("d4.reversibility: the framework does not state how mitigations are lifted")
        return result

    def _governance(self) -> dict[str, Any]:
        exceptions = self.items("exceptions")
        binding = [
            r
            for r in self.rules
            if any(v.name == "effect" and v.value != "allowed" for v in r.values())
        ]
        discretion = "discretionary" if not binding else "mixed" if exceptions else "pre_committed"
        reports = commitments.listed(self.data.get("governance"), "reports")
        published = [r for r in reports if r.get("published")]
        forces = {str(r.get("force", "required")) for r in published}
        disclosure: dict[str, Any] = {
            "threshold_crossings": "required"
            if forces & {"required", "committed"}
            else "optional"
            if forces
            else "none"
        }
        deadlines = [str(r["deadline"]) for r in published if isinstance(r.get("deadline"), str)]
        if deadlines:
            disclosure["timeline_to_disclose"] = f"within {deadlines[0]} (ISO 8601 duration)"
        result: dict[str, Any] = {}
        reviewer = self._review_body()
        if reviewer is not None:
            result["decision_body"] = {"framework_revision": reviewer}
        bodies = commitments.listed(self.data.get("governance"), "bodies")
        independent = [str(b.get("name", b.get("id"))) for b in bodies if b.get("independent")]
        result["pre_commitment_vs_discretion"] = discretion
        review: dict[str, Any] = {"capability_evals": "optional" if independent else "none"}
        if independent:
            review["named_external_reviewers"] = independent
        result["external_review"] = review
        result["public_disclosure"] = disclosure
        decisions = commitments.listed(self.data.get("governance"), "decisions")
        self.lost(
            f"governance decisions ({len(decisions)}): who decides, advises, approves and "
            "can reverse each has no card field beyond the framework's reviewer"
        )
        self.lost(
            "d5.external_review: derived from independent bodies; third-party review "
            "stated only in prose is not seen"
        )
        self.lost(
            "d5.public_disclosure: derived from which reports are published, not from "
            "what each discloses"
        )
        self.lost(f"exceptions ({len(exceptions)}) with their preconditions and duties")
        return result

    def _review_body(self) -> str | None:
        review = self._review()
        if review is None:
            return None
        for _, target in review[1].references():
            value = self.document.get(target)
            if isinstance(value, dict):
                return str(value.get("name", value.get("id")))
        return None

    def _review(self) -> tuple[Duration | None, commitments.Entry] | None:
        """The framework's own review: the value marked ``x-prepctl-review: interval`` outside
        the collections, and the entry holding it."""
        collections = meaning.root().collections()
        for place in walk.places(self.document):
            node = place.node
            if node is None or node.keyword("review") != "interval" or not place.path:
                continue
            if address.split(place.address)[0] in collections:
                continue
            holder = address.parent(place.address)
            entry = next((e for e in self.entries if e.address == holder), None)
            duration = Duration.parse(place.value) if isinstance(place.value, str) else None
            if entry is not None:
                return duration, entry
        return None

    def _revision(self) -> dict[str, Any]:
        review = self._review()
        interval = review[0] if review is not None else None
        days = interval.months * 30 + interval.days if interval is not None else None
        cadence = "unspecified"
        if days is not None and 360 <= days <= 366:
            cadence = "annual"
        elif days is not None and 180 <= days <= 184:
            cadence = "semi_annual"
        elif interval is not None:
            self.lost(f"d6.cadence: a review every {interval.iso()} has no card value")
        self.lost(
            "d6.ratchet_commitment: the framework makes no ratchet promise prepctl can "
            "read; prepctl diff classifies each revision instead"
        )
        return {"cadence": cadence, "ratchet_commitment": "unspecified"}
