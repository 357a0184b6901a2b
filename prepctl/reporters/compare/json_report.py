"""Machine-readable comparison; its shape is published as the ``compare-report`` schema."""

from __future__ import annotations

from typing import Any, TextIO

from prepctl.core.compare import Comparison, Concept
from prepctl.terminal import write_json

FORMAT_VERSION = 1


def _concept(concept: Concept) -> dict[str, Any]:
    return {
        "id": concept.id,
        "title": concept.title,
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "stricter_when": row.rule or None,
                "gap_when_missing": row.gap,
                "cells": [
                    {"lines": list(cell.lines), "stricter": cell.stricter} for cell in row.cells
                ],
            }
            for row in concept.rows
        ],
        "gaps": [
            {
                "framework": gap.framework,
                "key": gap.key,
                "label": gap.label,
                "had_by": list(gap.had_by),
            }
            for gap in concept.gaps
        ],
    }


def as_object(comparison: Comparison) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "frameworks": [
            {
                "title": side.title,
                "source": side.source,
                "name": side.name,
                "publisher": side.publisher or None,
                "version": side.version or None,
                "effective": side.effective or None,
            }
            for side in comparison.frameworks
        ],
        "concepts": [_concept(concept) for concept in comparison.concepts],
    }


def report(comparison: Comparison, stream: TextIO, color: bool) -> None:
    write_json(as_object(comparison), stream)
