"""Compliance: which requirements of which laws and codes a framework meets, and what a
material modification of it owes.

A framework claims **profiles** (laws, codes of practice, policies as data: :mod:`.profiles`)
and maps its items to their requirements (:mod:`.mappings`); **coverage** checks each
requirement of each claimed profile against the items that meet it (:mod:`.coverage`). When a
new version weakens or removes a commitment it is a **material modification**
(:mod:`.material`), and each claimed profile then asks for something by a date
(:mod:`.obligations`).

The names below are the package's interface; the modules say more.
"""

from __future__ import annotations

from prepctl.core.compliance.coverage import (
    CLAIMED_WITHOUT_EVIDENCE,
    COVERED,
    NOT_COVERED,
    Coverage,
    Issue,
    IssueKind,
    ProfileCoverage,
    Row,
    analyse,
    for_lint,
    uses_compliance,
)
from prepctl.core.compliance.mappings import (
    MAPPINGS,
    Claim,
    Mapping,
    claims,
    mapping_keys,
    mappings,
)
from prepctl.core.compliance.material import material_modification
from prepctl.core.compliance.obligations import (
    EFFECTIVE_DATE,
    MaterialModification,
    Obligation,
    Weakening,
    add_business_days,
    obligations,
)
from prepctl.core.compliance.profiles import (
    MATERIAL_CHANGE,
    REGULATOR_ACCESS,
    REVIEW,
    UPDATE_RECORD,
    Catalogue,
    Profile,
    Requirement,
    read_profile,
    shipped,
)

__all__ = [
    "CLAIMED_WITHOUT_EVIDENCE",
    "COVERED",
    "EFFECTIVE_DATE",
    "MAPPINGS",
    "MATERIAL_CHANGE",
    "NOT_COVERED",
    "REGULATOR_ACCESS",
    "REVIEW",
    "UPDATE_RECORD",
    "Catalogue",
    "Claim",
    "Coverage",
    "Issue",
    "IssueKind",
    "Mapping",
    "MaterialModification",
    "Obligation",
    "Profile",
    "ProfileCoverage",
    "Requirement",
    "Row",
    "Weakening",
    "add_business_days",
    "analyse",
    "claims",
    "for_lint",
    "mapping_keys",
    "mappings",
    "material_modification",
    "obligations",
    "read_profile",
    "shipped",
    "uses_compliance",
]
