from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import ROOT

from prepctl.core import meaning
from prepctl.io import schemas

FILE_SCHEMAS = ["framework", "category", "safeguard", "change-record"]
VOCABULARY = {
    "x-prepctl-identity",
    "x-prepctl-stricter",
    "x-prepctl-order",
    "x-prepctl-ordered",
    "x-prepctl-text",
    "x-prepctl-impact",
    "x-prepctl-ref",
    "x-prepctl-collections",
    "x-prepctl-directory",
    "x-prepctl-compare",
    "x-prepctl-archive",
    "x-prepctl-review",
    "x-prepctl-tombstones",
    "x-prepctl-lineage",
    "x-prepctl-relocation",
    "x-prepctl-presence",
    "x-prepctl-release",
    "x-prepctl-group",
    "x-prepctl-compliance",
    "x-prepctl-justifies",
    "x-prepctl-confidential",
}


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@pytest.mark.parametrize("name", schemas.names())
def test_every_schema_is_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schemas.source(name))
    jsonschema.Draft202012Validator.check_schema(schemas.bundle(name))


@pytest.mark.parametrize("name", FILE_SCHEMAS)
def test_bundles_are_self_contained(name: str) -> None:
    bundle = schemas.bundle(name)
    refs = [node["$ref"] for node in _walk(bundle) if "$ref" in node]
    assert refs, "expected references in the bundle"
    for ref in refs:
        assert ref.startswith("#/$defs/"), ref
        assert ref[len("#/$defs/") :] in bundle["$defs"], ref


def test_only_documented_keywords_are_used() -> None:
    readme = (ROOT / "schemas" / "README.md").read_text()
    for name in schemas.names():
        for node in _walk(schemas.source(name)):
            for key in node:
                if key.startswith("x-prepctl-"):
                    assert key in VOCABULARY, (name, key)
                    assert f"`{key}`" in readme, key


def test_keyword_values_are_well_formed() -> None:
    for name in schemas.names():
        for node in _walk(schemas.source(name)):
            stricter = node.get("x-prepctl-stricter")
            if stricter is not None:
                assert stricter in (
                    "higher",
                    "lower",
                    "more",
                    "fewer",
                    "shorter",
                    "longer",
                    True,
                    False,
                ), node
            if "x-prepctl-text" in node:
                assert node["x-prepctl-text"] in ("editorial", "substantive", "commitment")
            if "x-prepctl-impact" in node:
                assert node["x-prepctl-impact"] in ("neutral", "editorial", "needs-review")
            if "x-prepctl-order" in node:
                assert sorted(node["x-prepctl-order"]) == sorted(node["enum"]), node
            if "x-prepctl-release" in node:
                assert node["x-prepctl-release"] in ("version", "effective"), node
            if "x-prepctl-group" in node:
                assert node["x-prepctl-group"] is True, node
            if "x-prepctl-compliance" in node:
                assert node["x-prepctl-compliance"] == "claims", node


def test_every_list_declares_how_its_items_are_identified() -> None:
    """A list without identity would be matched by position, which the design forbids."""
    for name in FILE_SCHEMAS:
        for node in _walk(schemas.bundle(name)):
            if node.get("type") == "array":
                assert "x-prepctl-identity" in node, (name, node.get("description"))


def test_every_reference_target_exists_in_the_document_schema() -> None:
    root = meaning.root()
    for node in _walk(schemas.bundle("framework")):
        target = node.get("x-prepctl-ref")
        if isinstance(target, str) and target.startswith("/"):
            here: meaning.SchemaNode | None = root
            for segment in target.strip("/").split("/"):
                assert here is not None, target
                here = here.entry(segment)
            assert here is not None, target
            assert here.schema.get("type") == "array", target


def test_collections_map_folders_to_schemas() -> None:
    collections = meaning.root().collections()
    assert set(collections) == {"categories", "safeguards", "changes"}
    assert {str(c.keyword("directory")) for c in collections.values()} == set(collections)
    assert collections["changes"].keyword("compare") is False


def test_meaning_is_read_through_references() -> None:
    root = meaning.root()
    category = root.entry("categories")
    assert category is not None
    threshold = category.items().entry("thresholds").items()  # type: ignore[union-attr]
    assert threshold.entry("safeguards").keyword("stricter") == "more"  # type: ignore[union-attr]
    assert threshold.entry("safeguards").items().reference == "/safeguards"  # type: ignore[union-attr]
    assert threshold.entry("response").text == "commitment"  # type: ignore[union-attr]
    status = category.items().entry("status")  # type: ignore[union-attr]
    assert status.keyword("order") == ["research", "tracked"]  # type: ignore[union-attr]


def test_formatted_values_describe_themselves_for_error_messages() -> None:
    for name, definition in schemas.source("common")["$defs"].items():
        if "pattern" in definition:
            assert re.match(r"^An? ", definition["description"]), name


def test_schema_files_are_formatted_json() -> None:
    for path in sorted((ROOT / "schemas").glob("*.json")):
        text = path.read_text()
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", path


def test_an_outside_validator_agrees_on_calendar_dates(tmp_path: Path) -> None:
    """check-jsonschema asserts format 'date' as well; the pattern and the format agree."""
    schema = tmp_path / "change-record.json"
    schema.write_text(json.dumps(schemas.bundle("change-record")))
    verdicts = {}
    for day in ("2028-02-29", "2027-02-29", "2026-04-31", "2026-04-30"):
        record = tmp_path / f"{day}.yaml"
        record.write_text(
            "id: a-change\ntitle: A change\ncovers:\n  - /categories/bio\nrationale: Because.\n"
            f"approved-by:\n  - leadership\napproved-on: '{day}'\n"
        )
        result = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), str(record)],
            capture_output=True,
            text=True,
            check=False,
        )
        verdicts[day] = result.returncode == 0
    assert verdicts == {
        "2028-02-29": True,
        "2027-02-29": False,
        "2026-04-31": False,
        "2026-04-30": True,
    }
