from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import FIXTURES, FRAMEWORK

from prepctl.core import document, meaning, source, validate
from prepctl.core.document import Location
from prepctl.errors import PrepctlError
from prepctl.io import yaml as yamlio
from prepctl.lint import engine as lint

SHIPPED = source.read_directory(FRAMEWORK)


def _snapshot_with(
    snapshot: source.Snapshot, relative: str, text: str, *, alone: bool = False
) -> source.Snapshot:
    """The snapshot with one file replaced; with ``alone``, that file and the manifest only."""
    files = dict(snapshot.files)
    if alone:
        files = {name: files[name] for name in ("framework.yaml", relative)}
    files[relative] = text.encode("utf-8")
    return source.Snapshot(label=snapshot.label, files=files)


def test_every_file_of_the_framework_is_read() -> None:
    doc = document.load(SHIPPED)
    on_disk = {p.relative_to(FRAMEWORK).as_posix() for p in FRAMEWORK.rglob("*.yaml")}
    assert {f.relative for f in doc.files} == on_disk
    assert doc.files[0].relative == "framework.yaml"


def test_collections_become_lists_in_file_name_order() -> None:
    doc = document.load(SHIPPED)
    ids = [c["id"] for c in doc.data["categories"]]
    assert ids == sorted(p.stem for p in (FRAMEWORK / "categories").glob("*.yaml"))
    assert "cybersecurity" in ids


def _line_of(path: Path, pattern: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = re.search(pattern, line)
        if match:
            return number, match.start(1) + 1
    raise AssertionError(f"{pattern!r} not in {path}")


def test_addresses_use_ids_and_point_at_the_value() -> None:
    doc = document.load(SHIPPED)
    cyber = FRAMEWORK / "categories" / "cybersecurity.yaml"
    line, column = _line_of(cyber, r"^\s+- (id: high)$")
    assert doc.location("/categories/cybersecurity/thresholds/high") == Location(
        "framework/categories/cybersecurity.yaml", line, column
    )
    line, column = _line_of(cyber, r"^status: (tracked)$")
    assert doc.locations["/categories/cybersecurity/status"] == Location(
        "framework/categories/cybersecurity.yaml", line, column
    )
    manifest = FRAMEWORK / "framework.yaml"
    line, column = _line_of(manifest, r"^version: (\S+)$")
    assert str(doc.locations["/version"]) == f"framework/framework.yaml:{line}:{column}"


def test_a_reference_list_is_addressed_by_its_values() -> None:
    doc = document.load(SHIPPED)
    high = doc.get("/categories/cybersecurity/thresholds/high")
    assert isinstance(high, dict)
    first = high["safeguards"][0]
    where = doc.location(f"/categories/cybersecurity/thresholds/high/safeguards/{first}")
    assert where is not None
    assert where.file == "framework/categories/cybersecurity.yaml"
    text = (FRAMEWORK / "categories" / "cybersecurity.yaml").read_text().splitlines()
    assert text[where.line - 1].strip() == f"- {first}"


def test_unknown_address_falls_back_to_nearest_ancestor() -> None:
    doc = document.load(SHIPPED)
    assert doc.location("/categories/cybersecurity/nothing/here") == doc.location(
        "/categories/cybersecurity"
    )
    assert doc.get("/categories/no-such-category") is None


def test_repeated_ids_are_addressed_by_position() -> None:
    manifest = (FRAMEWORK / "framework.yaml").read_text()
    doubled = manifest.replace("levels:\n", "levels:\n  - id: high\n    name: Twin\n", 1)
    doc = document.load(_snapshot_with(SHIPPED, "framework.yaml", doubled))
    assert doc.get("/levels/high")["name"] == "Twin"
    assert doc.get("/levels/#1")["id"] == "high"


# Any value on any line, replaced by a mapping, is a schema error at exactly that line.
_SCALAR_LINE = re.compile(
    r"^(\s*(?:- )?[a-z][a-z-]*: )(?![>|])(\S.*)$|^(\s*- )([a-z0-9][a-z0-9-]*)$"
)


def _plantable_lines(path: Path) -> list[int]:
    """Lines where a plain scalar value starts (not continuation lines of block scalars)."""
    starts = set(yamlio.parse(path.read_bytes(), path.name).values.values())
    lines = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = _SCALAR_LINE.match(line)
        if match and (number, len(match.group(1) or match.group(3)) + 1) in starts:
            lines.append(number)
    return lines


def _plant(text: str, number: int) -> str:
    lines = text.splitlines()
    match = _SCALAR_LINE.match(lines[number - 1])
    assert match is not None
    prefix = match.group(1) or match.group(3)
    lines[number - 1] = prefix + "{planted: 1}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "relative",
    ["framework.yaml", "categories/cybersecurity.yaml", "safeguards/weights-security-high.yaml"],
)
def test_an_error_planted_on_any_line_is_reported_on_that_line(relative: str) -> None:
    path = FRAMEWORK / relative
    text = path.read_text()
    lines = _plantable_lines(path)
    assert len(lines) > 10
    for number in lines:
        planted = _snapshot_with(SHIPPED, relative, _plant(text, number), alone=True)
        doc = document.load(planted)
        result = lint.lint(doc)
        schema_lines = {(f.file, f.line) for f in result.findings if f.rule == "schema"}
        assert (f"framework/{relative}", number) in schema_lines, (number, result.findings)


def test_fixtures_and_framework_agree_on_structure() -> None:
    for folder in [FRAMEWORK, *sorted(p for p in FIXTURES.iterdir() if p.is_dir())]:
        doc = document.load(source.read_directory(folder))
        assert doc.data["levels"], folder
        for category in doc.data["categories"]:
            where = doc.location(f"/categories/{category['id']}")
            assert where is not None
            assert where.file.endswith(f"categories/{category['id']}.yaml")


def test_lookup_gives_the_value_and_the_schema_that_governs_it() -> None:
    doc = document.load(SHIPPED)
    value, node = doc.lookup("/levels")
    assert value is doc.data["levels"]
    assert node is not None
    assert node.keyword("ordered") is True
    first = value[0]["id"]
    item, item_node = doc.lookup(f"/levels/{first}")
    assert item is value[0]
    assert item_node is not None
    assert item_node.identity == meaning.BY_POSITION  # an item: no list identity of its own
    assert doc.lookup("/levels/no-such-level") == (None, None)
    assert doc.lookup(f"/levels/{first}/id/deeper") == (None, None)
    assert doc.get(f"/levels/{first}") is item


def test_a_framework_a_command_needs_valid_names_its_first_schema_error() -> None:
    manifest = (FRAMEWORK / "framework.yaml").read_text()
    broken = manifest.replace("levels:\n", "levels:\n  - id: Not An Id\n", 1)
    doc = document.load(_snapshot_with(SHIPPED, "framework.yaml", broken))
    with pytest.raises(PrepctlError) as raised:
        validate.require_valid(doc, "framework", "render")
    message = str(raised.value)
    assert re.fullmatch(
        r"cannot render framework: \S*framework\.yaml:\d+:\d+: .+ \(and \d+ more\); "
        r"run 'prepctl lint' for every error",
        message,
    ), message
    validate.require_valid(document.load(SHIPPED), "", "release")
