"""Frameworks in other formats: a Safety Framework Card (:mod:`.sfc`) and an OSCAL catalog
(:mod:`.oscal`), both derived from the commitments the schema marks
(:mod:`.commitments`). Each export is plain data in, text out: the command writes it."""

from __future__ import annotations

from prepctl.core.export.result import Export

FORMATS = ("sfc", "oscal")
"""The formats ``prepctl export --to`` writes."""

__all__ = ["FORMATS", "Export"]
