"""What a framework's parts mean is read from the schema, once, for every command.

Render and the lint rules must agree on which categories are tracked; a safeguard is yet to be
specified at the least strict value of its ordered status; the review date, the tombstones and
the compliance mappings are found by their keywords. A schema that orders a status the other
way round changes what the published document calls tracked: no code names the value.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, FRAMEWORK, ROOT

from prepctl.core import concepts, document, meaning, source, walk
from prepctl.io import schemas
from prepctl.render import model
from prepctl.render.view import Provenance
from prepctl.rules import concepts as rule_concepts

PROVENANCE = Provenance(None, False, "0" * 64, "0")
FRAMEWORKS = [FRAMEWORK, *sorted(FIXTURES.iterdir())]


def _clear() -> None:
    for cached in (
        schemas.source,
        schemas.bundle,
        meaning.root,
        concepts.collection_order,
        concepts.tombstones,
        concepts.vocabulary,
        rule_concepts.vocabulary,
    ):
        cached.cache_clear()


@pytest.fixture
def edit_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str, Callable[[dict[str, Any]], None]], None]]:
    """Edit a copy of the shipped schemas that prepctl then reads instead."""
    copy = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", copy)
    monkeypatch.setattr(schemas, "directory", lambda: copy)
    _clear()

    def edit(name: str, change: Callable[[dict[str, Any]], None]) -> None:
        path = copy / f"{name}.schema.json"
        data = json.loads(path.read_text())
        change(data)
        path.write_text(json.dumps(data))
        _clear()

    yield edit
    monkeypatch.undo()
    _clear()


def load(folder: Path) -> document.Document:
    return document.load(source.read_directory(folder))


@pytest.mark.parametrize("folder", FRAMEWORKS, ids=lambda folder: folder.name)
def test_render_and_the_rules_agree_on_what_is_tracked(folder: Path) -> None:
    doc = load(folder)
    view = model.build(doc, PROVENANCE)
    found = rule_concepts.model(doc)
    assert found is not None
    tracked = {category.address for category in found.categories if category.tracked}
    assert {category.address for category in view.tracked} == tracked
    assert {category.address for category in view.research}.isdisjoint(tracked)


def test_the_strictest_status_is_tracked_whatever_it_is_called(
    edit_schema: Callable[[str, Callable[[dict[str, Any]], None]], None],
) -> None:
    doc = load(FRAMEWORK)
    research = {category.address for category in model.build(doc, PROVENANCE).research}
    assert research  # the shipped framework has categories under research

    def reverse(schema: dict[str, Any]) -> None:
        status = schema["properties"]["status"]
        status["x-prepctl-order"] = status["x-prepctl-order"][::-1]

    edit_schema("category", reverse)
    view = model.build(load(FRAMEWORK), PROVENANCE)
    assert {category.address for category in view.tracked} == research
    found = rule_concepts.model(load(FRAMEWORK))
    assert found is not None
    assert {c.address for c in found.categories if c.tracked} == research


def test_a_safeguard_is_to_be_specified_at_the_least_strict_status(
    edit_schema: Callable[[str, Callable[[dict[str, Any]], None]], None],
) -> None:
    folder = FIXTURES / "anthropic-rsp-2.2"
    shipped = model.build(load(folder), PROVENANCE).safeguards
    pending = {safeguard.id for safeguard in shipped if safeguard.to_be_specified}
    assert pending
    assert len(pending) < len(shipped)

    def reverse(schema: dict[str, Any]) -> None:
        status = schema["properties"]["status"]
        status["x-prepctl-order"] = status["x-prepctl-order"][::-1]

    edit_schema("safeguard", reverse)
    # Now 'specified' (also the default, for a safeguard that gives no status) is least strict.
    view = model.build(load(folder), PROVENANCE).safeguards
    assert {s.id for s in view if s.to_be_specified} == {s.id for s in shipped} - pending


def test_the_review_date_is_the_field_the_schema_marks(
    edit_schema: Callable[[str, Callable[[dict[str, Any]], None]], None],
) -> None:
    view = model.build(load(FRAMEWORK), PROVENANCE)
    assert all(category.last_reviewed for category in view.tracked)

    def unmark(schema: dict[str, Any]) -> None:
        del schema["properties"]["last-reviewed"]["x-prepctl-review"]

    edit_schema("category", unmark)
    view = model.build(load(FRAMEWORK), PROVENANCE)
    assert [category.last_reviewed for category in view.tracked] == [""] * len(view.tracked)


def test_keywords_found_in_the_shipped_schemas() -> None:
    root = meaning.root()
    assert concepts.collection_order("categories") == concepts.Order(
        "status", ("research", "tracked")
    )
    assert concepts.tombstones() == concepts.Tombstones("retired", "address", "retired")
    assert concepts.review_key(walk.schema_at("/governance/review"), "interval") == "interval-days"
    assert concepts.is_mappings(root, "satisfies")
    assert concepts.is_mappings(walk.schema_at("/categories/x/thresholds/y"), "satisfies")
    assert not concepts.is_mappings(root, "sources")
    assert concepts.is_required_reference("/categories/x/thresholds/y/safeguards")
    assert not concepts.is_required_reference("/categories/x/baseline-safeguards")
    words, rules_words = concepts.vocabulary(), rule_concepts.vocabulary()
    assert words is not None
    assert rules_words is not None
    assert words._asdict() == rules_words._asdict()


def test_the_redline_names_what_changed_by_the_schema(tmp_path: Path) -> None:
    from prepctl.core import diff
    from prepctl.render.redline import build

    head = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, head)
    cyber = head / "categories" / "cybersecurity.yaml"
    text = cyber.read_text()
    text = text.replace("  - eu-gpai-cop/risk-cyber-offence\n", "", 1)
    cyber.write_text(text.replace("      - usage-monitoring\n", "", 1))
    mental = head / "categories" / "mental-health.yaml"
    mental.write_text(
        mental.read_text().replace(
            "  - crisis-escalation\n", "  - crisis-escalation\n  - usage-monitoring\n", 1
        )
    )
    base_doc, head_doc = load(FRAMEWORK), load(head)
    marks = build(diff.diff(base_doc, head_doc), base_doc, head_doc).marks
    named = {mark.address: mark.what for mark in marks}
    assert named == {
        "/categories/cybersecurity/satisfies/eu-gpai-cop~1risk-cyber-offence": (
            "compliance mapping"
        ),
        "/categories/cybersecurity/thresholds/high/safeguards/usage-monitoring": (
            "required safeguard"
        ),
        "/categories/mental-health/baseline-safeguards/usage-monitoring": ("baseline safeguard"),
    }


def test_tracked_is_the_strictest_value_of_the_ordered_status() -> None:
    categories = meaning.root().entry("categories")
    assert categories is not None
    item = categories.items()
    assert item is not None
    assert concepts.tracking(item) == concepts.Tracking("status", "tracked")
    assert concepts.is_tracked_category({"id": "cyber", "status": "tracked"})
    assert not concepts.is_tracked_category({"id": "cyber", "status": "research"})
    assert not concepts.is_tracked_category({"id": "cyber"})
    assert not concepts.is_tracked_category(["not", "a", "category"])


def test_without_an_ordered_status_every_item_is_tracked() -> None:
    plain = meaning.SchemaNode({}, {"type": "object", "properties": {"id": {"type": "string"}}})
    assert concepts.tracking(plain) == concepts.Tracking(None, None)
    assert concepts.tracking(plain).tracked({"id": "anything"})
