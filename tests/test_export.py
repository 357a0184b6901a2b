"""``prepctl export``: every shipped framework as a Safety Framework Card and as an OSCAL
catalog, each checked against the format's published schema (vendored under tests/data), run
as a user runs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import FIXTURES, FRAMEWORK, ROOT, Run

RunCli = Callable[..., Run]

DATA = ROOT / "tests" / "data"
FRAMEWORKS = sorted(
    [FRAMEWORK, *(p for p in FIXTURES.iterdir() if (p / "framework.yaml").is_file())]
)
IDS = [p.name if p != FRAMEWORK else "framework" for p in FRAMEWORKS]


@cache
def card_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((DATA / "sfc" / "safety_framework_card.schema.json").read_text())
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _python_patterns(value: Any) -> Any:
    """NIST's schema writes Unicode classes as ``\\p{L}`` (letters) and ``\\p{N}`` (digits),
    which Python's ``re`` does not know. Only those are rewritten, to what Python's ``re``
    means by them in a Unicode pattern: ``[^\\W\\d_]`` is any letter; ``\\d`` any decimal
    digit (``\\p{N}`` also takes other numerals; no export writes one). Every other keyword
    is NIST's as written."""
    if isinstance(value, dict):
        return {
            key: (
                child.replace(r"\p{L}", r"[^\W\d_]").replace(r"\p{N}", r"\d")
                if key == "pattern" and isinstance(child, str)
                else _python_patterns(child)
            )
            for key, child in value.items()
        }
    if isinstance(value, list):
        return [_python_patterns(child) for child in value]
    return value


@cache
def catalog_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((DATA / "oscal" / "oscal_catalog_schema.json").read_text())
    assert schema["$id"] == "http://csrc.nist.gov/ns/oscal/1.1.3/oscal-catalog-schema.json"
    return jsonschema.Draft7Validator(
        _python_patterns(schema), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def errors(validator: jsonschema.protocols.Validator, document: Any) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(document)]


def export(run_cli: RunCli, folder: Path, to: str, out: Path, *extra: str) -> tuple[Any, Run]:
    result = run_cli("export", "--to", to, str(folder), "-o", str(out), *extra)
    assert result.code == 0, result.err
    assert result.out == ""
    return json.loads(out.read_text(encoding="utf-8")), result


def objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside a JSON document, outermost first."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from objects(child)
    elif isinstance(value, list):
        for child in value:
            yield from objects(child)


def controls_by_address(catalog: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for value in objects(catalog):
        if "title" in value and "props" in value and "id" in value and "class" in value:
            props = {p["name"]: p["value"] for p in value["props"]}
            found[props["address"]] = value
    return found


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", FRAMEWORKS, ids=IDS)
def test_every_framework_exports_a_valid_card(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    card, result = export(run_cli, folder, "sfc", tmp_path / "card.json")
    assert errors(card_validator(), card) == []
    manifest = read_yaml(folder / "framework.yaml")
    assert card["metadata"]["framework_name"] == manifest["name"]
    assert card["metadata"]["effective_date"] == str(manifest["effective"])
    # The tiers are the framework's levels, lowest first.
    assert [t["tier_id"] for t in card["d2_capability_thresholds"]["tier_taxonomy"]] == [
        level["id"] for level in manifest["levels"]
    ]
    # What the card cannot carry is in the card and on standard error, one note a line.
    notes = [line for line in result.err.splitlines() if line.startswith("prepctl: note: ")]
    assert card["x-prepctl"]["losses"]
    assert len(notes) == len(card["x-prepctl"]["losses"])
    assert result.err.splitlines()[0].startswith("prepctl: wrote the Safety Framework Card")


@pytest.mark.parametrize("folder", FRAMEWORKS, ids=IDS)
def test_every_framework_exports_a_valid_oscal_catalog(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    catalog, _ = export(run_cli, folder, "oscal", tmp_path / "catalog.json")
    assert errors(catalog_validator(), catalog) == []
    # What the schema cannot check and OSCAL's constraints require: ids unique in the
    # document, every local link pointing at a control, group or back-matter resource.
    ids = [v["id"] for v in objects(catalog) if isinstance(v.get("id"), str)]
    assert len(ids) == len(set(ids))
    targets = set(ids) | {v["uuid"] for v in objects(catalog) if "uuid" in v}
    hrefs = [v["href"][1:] for v in objects(catalog) if str(v.get("href", "")).startswith("#")]
    assert hrefs
    assert set(hrefs) <= targets
    manifest = read_yaml(folder / "framework.yaml")
    metadata = catalog["catalog"]["metadata"]
    assert metadata["last-modified"] == f"{manifest['effective']}T00:00:00Z"
    assert metadata["version"] == str(manifest["version"])


def test_a_threshold_and_its_rules_are_controls_with_level_and_effect(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = FIXTURES / "openai-pf-v2-2025"
    category = read_yaml(folder / "categories" / "biological-chemical.yaml")
    threshold = category["thresholds"][0]
    rule = threshold["rules"][0]
    catalog, _ = export(run_cli, folder, "oscal", tmp_path / "catalog.json")
    controls = controls_by_address(catalog)
    where = f"/categories/biological-chemical/thresholds/{threshold['id']}"
    control = controls[where]
    props = {p["name"]: p["value"] for p in control["props"]}
    assert control["class"] == "threshold"
    assert props["level"] == threshold["level"]
    prose = {part["name"]: part["prose"] for part in control["parts"]}
    assert prose["guidance"] == threshold["capability"].strip()
    linked = {link["href"][1:] for link in control["links"] if link["rel"] == "safeguards"}
    assert linked == {
        controls_or_group(catalog, f"/safeguards/{s}") for s in threshold["safeguards"]
    }
    child = controls[f"{where}/rules/{rule['id']}"]
    assert child in control["controls"]
    rule_props = {p["name"]: p["value"] for p in child["props"]}
    assert (rule_props["when"], rule_props["effect"]) == (rule["when"], rule["effect"])
    assert rule_props["level"] == threshold["level"]
    assert rule_props["force"] == "required"
    assert [p["prose"] for p in child["parts"] if p["name"] == "statement"] == [
        rule["text"].strip()
    ]


def controls_or_group(catalog: dict[str, Any], where: str) -> str:
    for value in objects(catalog):
        props = {p["name"]: p["value"] for p in value.get("props", []) if "name" in p}
        if props.get("address") == where and "id" in value:
            return str(value["id"])
    raise AssertionError(f"nothing in the catalog stands for {where}")


def test_compliance_claims_and_mappings_link_to_profile_resources(
    run_cli: RunCli, tmp_path: Path
) -> None:
    manifest = read_yaml(FRAMEWORK / "framework.yaml")
    claimed = manifest["compliance"]["claims"]
    duties = {d["id"]: d for d in manifest["governance"]["duties"] if d.get("satisfies")}
    duty_id, duty = next(iter(duties.items()))
    catalog, _ = export(run_cli, FRAMEWORK, "oscal", tmp_path / "catalog.json")
    resources = catalog["catalog"]["back-matter"]["resources"]
    by_profile = {
        {p["name"]: p["value"] for p in r["props"]}["compliance-profile"]: r for r in resources
    }
    for profile in claimed:
        props = {p["name"]: p["value"] for p in by_profile[profile]["props"]}
        assert props["claimed"] == "true"
    control = controls_by_address(catalog)[f"/governance/duties/{duty_id}"]
    links = {
        (link["href"], link["resource-fragment"])
        for link in control["links"]
        if link["rel"] == "satisfies"
    }
    expected = {
        ("#" + by_profile[m.partition("/")[0]]["uuid"], m.partition("/")[2])
        for m in duty["satisfies"]
    }
    assert links == expected


def test_the_card_lists_the_hazards_tracked_categories_cover(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = FIXTURES / "openai-pf-v2-2025"
    categories = [read_yaml(p) for p in sorted((folder / "categories").glob("*.yaml"))]
    tracked = {h for c in categories if c.get("status") == "tracked" for h in c.get("covers", [])}
    research = {h for c in categories if c.get("status") == "research" for h in c.get("covers", [])}
    card, _ = export(run_cli, folder, "sfc", tmp_path / "card.json")
    harms = set(card["d1_risk_ontology"]["in_scope_harms"])
    # Biological and chemical are tracked in version 2; nuclear and radiological are research.
    assert {"biological", "chemical"} <= tracked
    assert "nuclear" in research
    assert {"biological_uplift", "chemical_uplift"} <= harms
    assert "nuclear_uplift" not in harms


def test_export_is_the_same_bytes_every_run_and_every_process(tmp_path: Path) -> None:
    """Two processes with different hash seeds, to stdout and to a file: the same bytes."""
    folder = FIXTURES / "anthropic-rsp-2.2"
    for to in ("sfc", "oscal"):
        outputs = []
        for seed, target in (("1", None), ("2", tmp_path / f"{to}.json")):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            command = [sys.executable, "-m", "prepctl", "export", "--to", to, str(folder)]
            if target is not None:
                command += ["-o", str(target)]
            done = subprocess.run(command, capture_output=True, env=env, check=True)
            outputs.append(done.stdout if target is None else target.read_bytes())
        assert outputs[0] == outputs[1]
        assert outputs[0].endswith(b"}\n")


def test_losses_file_holds_what_stderr_notes(run_cli: RunCli, tmp_path: Path) -> None:
    lost = tmp_path / "losses.txt"
    card, result = export(
        run_cli, FIXTURES / "gdm-fsf-3.0", "sfc", tmp_path / "card.json", "--losses", str(lost)
    )
    assert lost.read_text(encoding="utf-8").splitlines() == card["x-prepctl"]["losses"]
    noted = [line.removeprefix("prepctl: note: not carried: ") for line in result.err.splitlines()]
    assert noted[1:] == card["x-prepctl"]["losses"]


def test_the_vendored_validators_reject_a_broken_export(run_cli: RunCli, tmp_path: Path) -> None:
    """The schemas are not vacuous: an export with a required field removed fails."""
    catalog, _ = export(run_cli, FIXTURES / "gdm-fsf-3.0", "oscal", tmp_path / "c.json")
    del catalog["catalog"]["metadata"]["oscal-version"]
    catalog["catalog"]["groups"][0]["id"] = "1 not a token"
    assert len(errors(catalog_validator(), catalog)) == 2
    card, _ = export(run_cli, FIXTURES / "gdm-fsf-3.0", "sfc", tmp_path / "s.json")
    card["d1_risk_ontology"]["in_scope_harms"] = ["bioweapons"]
    assert len(errors(card_validator(), card)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "sfc", "no-such-folder"], "'no-such-folder' is not a framework folder"),
        (["--to", "pdf", "framework"], "invalid value for '--to'"),
        (["framework"], "say which format to export: --to sfc or --to oscal"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("export", *args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert message in result.err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("levels: [unclosed", "duplicate key 'levels'"),
        ("name: [a, b]", "cannot export"),
    ],
)
def test_a_broken_framework_is_one_line_with_its_place_and_nothing_written(
    run_cli: RunCli, tmp_path: Path, line: str, message: str
) -> None:
    folder = tmp_path / "fw"
    shutil.copytree(FIXTURES / "gdm-fsf-3.0", folder)
    manifest = folder / "framework.yaml"
    text = manifest.read_text(encoding="utf-8")
    if line.startswith("name:"):
        text = re.sub(r"(?m)^name: .*$", line, text)
    else:
        text += line + "\n"
    manifest.write_text(text, encoding="utf-8")
    out = tmp_path / "card.json"
    result = run_cli("export", "--to", "sfc", str(folder), "-o", str(out))
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert re.search(r"framework\.yaml:\d+:\d+: ", result.err)
    assert message in result.err
    assert not out.exists()


def test_an_output_inside_the_framework_folder_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "fw"
    shutil.copytree(FIXTURES / "gdm-fsf-3.0", folder)
    result = run_cli("export", "--to", "oscal", str(folder), "-o", str(folder / "c.json"))
    assert result.code == 2
    assert "inside the framework folder" in result.err
    assert not (folder / "c.json").exists()
