"""OpenAI's encodings hold what their texts say, and their lineage reads as the texts show."""

from __future__ import annotations

from typing import Any

from helpers import FIXTURES

from prepctl.core import diff, document, source


def _load(name: str) -> dict[str, Any]:
    return document.load(source.read_directory(FIXTURES / name)).data


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
