"""Field meaning read from the schema's keywords: the release fields, the grouping collection,
the compliance claims, shared definitions, key order and running text."""

from __future__ import annotations

from prepctl.core import meaning, walk
from prepctl.io import schemas


def test_release_fields_are_the_fields_marked_in_the_manifest_schema() -> None:
    assert meaning.release_fields() == {"version": "/version", "effective": "/effective"}
    assert meaning.release_field(meaning.RELEASE_VERSION) == "/version"
    assert meaning.release_field(meaning.RELEASE_EFFECTIVE) == "/effective"
    written = schemas.source("framework")["properties"]
    marked = {key: entry.get("x-prepctl-release") for key, entry in written.items()}
    assert {value: f"/{key}" for key, value in marked.items() if value} == meaning.release_fields()


def test_the_grouping_collection_is_the_one_marked() -> None:
    assert meaning.group_collection() == "categories"
    marked = [
        key
        for key, entry in schemas.source("framework")["x-prepctl-collections"].items()
        if entry.get("x-prepctl-group")
    ]
    assert marked == [meaning.group_collection()]


def test_the_claims_are_found_by_their_keyword() -> None:
    where = meaning.claims_address()
    assert where == "/compliance/claims"
    node = walk.schema_at(where)
    assert node is not None
    assert node.keyword("compliance") == "claims"


def test_a_schema_knows_the_shared_definitions_it_was_reached_through() -> None:
    satisfies = "common.schema.json#/$defs/satisfies"
    category = meaning.root().entry("categories")
    assert category is not None
    item = category.items()
    assert item is not None
    mapped = item.entry("satisfies")
    assert mapped is not None
    assert mapped.is_a(satisfies)
    assert not mapped.is_a("common.schema.json#/$defs/references")
    name = item.entry("name")
    assert name is not None
    assert not name.is_a(satisfies)
    assert not meaning.root().is_a(satisfies)


def test_keys_in_the_schema_order_then_the_others_as_written() -> None:
    records = meaning.root().entry("changes")
    assert records is not None
    record = records.items()
    assert record is not None
    written = ["effective", "later", "covers", "id", "earlier", "title"]
    assert record.order_keys(written) == ["id", "title", "covers", "effective", "later", "earlier"]
    assert record.properties()[:4] == ["id", "kind", "title", "covers"]


def test_running_text_is_text_with_a_kind_and_no_length_limit() -> None:
    records = meaning.root().entry("changes")
    assert records is not None
    record = records.items()
    assert record is not None
    paragraphs = {
        key for key in record.properties() if (entry := record.entry(key)) and entry.paragraph
    }
    assert paragraphs == {"rationale"}


def test_the_compared_collections_and_the_word_for_one_item() -> None:
    assert meaning.compared_collections() == (
        ("categories", "category"),
        ("safeguards", "safeguard"),
    )
