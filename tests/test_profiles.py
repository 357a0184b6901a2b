"""The shipped compliance profiles, a team's own profiles, and their configuration."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from helpers import ROOT

from prepctl.core import compliance
from prepctl.errors import InputError, PrepctlError
from prepctl.io import schemas
from prepctl.io import yaml as yamlio
from prepctl.lint import config

SHIPPED = ["ca-sb53", "eu-gpai-cop", "ny-raise", "seoul-2024"]
PROFILES = ROOT / "prepctl" / "core" / "profiles"


def profile(profile_id: str) -> compliance.Profile:
    return compliance.Catalogue().require(profile_id)


def test_the_four_regimes_are_shipped() -> None:
    assert list(compliance.shipped()) == SHIPPED
    assert sorted(p.name for p in PROFILES.iterdir()) == [f"{i}.yaml" for i in SHIPPED]


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_shipped_profile_validates_against_its_schema(profile_id: str) -> None:
    path = PROFILES / f"{profile_id}.yaml"
    data = yamlio.parse(path.read_bytes(), str(path)).data
    jsonschema.Draft202012Validator(schemas.bundle("profile")).validate(data)
    assert data["id"] == profile_id
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/profile.schema.json"


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_requirement_ids_are_unique_and_fit_for_addresses(profile_id: str) -> None:
    ids = [r.id for r in profile(profile_id).requirements]
    assert len(ids) == len(set(ids))
    for requirement_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9.-]+", f"{requirement_id}")
        assert re.fullmatch(r"^[a-z0-9-]+/[A-Za-z0-9.-]+$", f"{profile_id}/{requirement_id}")


def test_ids_follow_the_official_numbering() -> None:
    ca, ny = profile("ca-sb53"), profile("ny-raise")
    assert [r.id for r in ca.requirements] == [f"a{n}" for n in range(1, 11)]
    assert [r.section for r in ca.requirements] == [f"§22757.12(a)({n})" for n in range(1, 11)]
    assert [r.id for r in ny.requirements] == [f"1-{letter}" for letter in "abcdefghij"]
    assert [r.section for r in ny.requirements] == [f"§1421(1)({x})" for x in "abcdefghij"]
    eu = profile("eu-gpai-cop")
    assert [r.id for r in eu.requirements] == [
        "F0",
        "F1",
        "F2a",
        "F2b",
        "F2c",
        "F2d",
        "F3",
        "F4",
        "risk-cbrn",
        "risk-loss-of-control",
        "risk-cyber-offence",
        "risk-harmful-manipulation",
        "tiers-cbrn",
        "tiers-loss-of-control",
        "tiers-cyber-offence",
        "tiers-harmful-manipulation",
    ]
    assert all("Appendix 1.4" in r.section for r in eu.requirements if r.id.startswith("risk-"))
    assert [r.section for r in eu.requirements if r.id.startswith("tiers-")] == [
        f"Measure 4.1(1)(a) and (b); Appendix 1.4({n})" for n in range(1, 5)
    ]
    seoul = profile("seoul-2024")
    assert [r.id for r in seoul.requirements] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert seoul.requirements[0].section == "Commitment I"


def test_the_eu_code_asks_for_tiers_for_each_specified_risk() -> None:
    """Measure 4.1(1)(b) allows criteria other than tiers only for a risk that is not one of
    the four specified in Appendix 1.4; a tier is a capability threshold."""
    eu = profile("eu-gpai-cop")
    tiers = [r for r in eu.requirements if r.id.startswith("tiers-")]
    assert [r.id.removeprefix("tiers-") for r in tiers] == [
        r.id.removeprefix("risk-") for r in eu.requirements if r.id.startswith("risk-")
    ]
    for requirement in tiers:
        assert requirement.evidence == ("/categories/*/thresholds/*",)
        summary = " ".join(requirement.summary.split())
        assert "measurable" in summary
        assert "at least one tier the model has not reached" in summary
        assert "other acceptance criteria cannot take the place of tiers" in summary
        assert requirement.evidenced_by("/categories/cyber/thresholds/high")
        assert not requirement.evidenced_by("/categories/cyber")
        assert not requirement.evidenced_by("")
    f2a = eu.requirement("F2a")
    assert f2a is not None
    assert "for each identified systemic risk" in " ".join(f2a.summary.split())


def test_eu_external_input_leaves_out_independent_external_evaluations() -> None:
    f2d = profile("eu-gpai-cop").requirement("F2d")
    assert f2d is not None
    assert " ".join(f2d.summary.split()) == (
        "Whether, and if so by what process, input from outside the provider, including from "
        "governments, bears on the decision to proceed with developing, placing on the market or "
        "using a model (Measure 4.2), other than as the result of independent external "
        "evaluations."
    )


def test_the_eu_overview_is_the_framework_itself() -> None:
    """Measure 1.1 asks the Framework to contain the overview: a root mapping is evidence."""
    f0 = profile("eu-gpai-cop").requirement("F0")
    assert f0 is not None
    assert f0.evidence == ("/",)
    assert f0.evidenced_by("")
    assert profile("ca-sb53").requirement("a5").evidenced_by("") is False  # type: ignore[union-attr]


def test_california_and_new_york_map_their_ten_elements_one_to_one() -> None:
    ca, ny = profile("ca-sb53"), profile("ny-raise")
    assert len(ca.requirements) == len(ny.requirements) == 10
    pairs = [
        (n.same_as, f"ca-sb53/{c.id}")
        for n, c in zip(ny.requirements, ca.requirements, strict=True)
    ]
    assert all(same_as == (target,) for same_as, target in pairs)
    # The same element under both laws has the same short name.
    assert [r.title for r in ny.requirements] == [r.title for r in ca.requirements]


def test_every_cross_reference_names_a_requirement_that_exists() -> None:
    catalogue = compliance.Catalogue()
    for profile_id in SHIPPED:
        for requirement in catalogue.require(profile_id).requirements:
            for other in requirement.same_as:
                other_profile, _, other_id = other.partition("/")
                assert catalogue.require(other_profile).requirement(other_id) is not None


def test_sources_cite_the_official_publishers() -> None:
    hosts = {
        "ca-sb53": "https://leginfo.legislature.ca.gov/",
        "ny-raise": "https://www.nysenate.gov/legislation/laws/GBS/1421",
        "eu-gpai-cop": "https://digital-strategy.ec.europa.eu/",
        "seoul-2024": "https://www.gov.uk/government/publications/frontier-ai-safety-commitments",
    }
    for profile_id, prefix in hosts.items():
        found = profile(profile_id)
        assert found.url.startswith(prefix)
        assert all(r.link is None or r.link.startswith(prefix) for r in found.requirements)


def test_dates_and_kinds() -> None:
    ca, ny, eu, seoul = (profile(i) for i in ("ca-sb53", "ny-raise", "eu-gpai-cop", "seoul-2024"))
    assert (ca.kind, ca.date, ca.in_force) == ("law", "2025-09-29", "2026-01-01")
    assert (ny.kind, ny.date, ny.in_force) == ("law", "2026-03-27", "2027-01-01")
    assert (eu.kind, eu.date) == ("code-of-practice", "2025-07-10")
    assert (seoul.kind, seoul.date, seoul.in_force) == ("voluntary-commitment", "2024-05-21", None)


def test_review_rules() -> None:
    ca, ny, eu, seoul = (profile(i) for i in ("ca-sb53", "ny-raise", "eu-gpai-cop", "seoul-2024"))
    assert ca.review_interval == ny.review_interval == eu.review_interval == 365
    for law in (ca, ny):
        assert law.rules["material-change"]["publish-within-days"] == 30
        assert law.rules["material-change"]["justification"] is True
    assert ca.rules["redaction"]["state-character-and-justification"] is True
    assert ca.rules["redaction"]["retain-unredacted-years"] == 5
    assert eu.rules["update-record"] == {
        "changelog": True,
        "version": True,
        "date": True,
        "section": "Measure 1.3",
    }
    assert eu.rules["regulator-access"]["within-business-days"] == 5
    assert eu.rules["regulator-access"]["unredacted"] is True
    assert seoul.rules == {}
    assert seoul.review_interval is None


def test_unverified_facts_keep_their_caveats() -> None:
    ny = profile("ny-raise")
    for rule in ("review", "material-change"):
        assert ny.rules[rule]["status"] == "unverified"
        assert "summary" in ny.rules[rule]["note"] or "seen only" in ny.rules[rule]["note"]
    assert any("superseded" in caveat for caveat in ny.caveats)
    assert any("$100 million" in caveat for caveat in ny.caveats)
    seoul = profile("seoul-2024")
    assert [r.id for r in seoul.requirements if r.unverified] == ["VI", "VII", "VIII"]
    assert all(r.note for r in seoul.requirements if r.unverified)


# A team's own profiles ------------------------------------------------------------------------

OWN = """\
id: internal-policy
name: Internal deployment policy
kind: policy
jurisdiction: Example Lab
source:
  citation: Example Lab policy P-7
  url: https://example.org/p-7
date: 2026-02-01
requirements:
  - id: P7.1
    section: P-7 section 1
    title: deployment gate
    summary: Say who approves each deployment.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_own_profile_is_read_from_its_file(tmp_path: Path) -> None:
    path = write(tmp_path / "policies" / "internal.yaml", OWN)
    catalogue = compliance.Catalogue([path])
    own = catalogue.require("internal-policy")
    assert own.origin == str(path)
    assert own.requirement("P7.1") is not None
    assert catalogue.ids() == [
        "ca-sb53",
        "eu-gpai-cop",
        "internal-policy",
        "ny-raise",
        "seoul-2024",
    ]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            OWN.replace("requirements:", "requirement:"),
            "9:1",
            "not a valid compliance profile: unknown key 'requirement'; did you mean "
            "'requirements'? (and 1 more)",
        ),
        (
            OWN.replace("P7.1", "P7 1"),
            "10:9",
            "not a valid compliance profile: must be a requirement id that follows the official "
            "numbering, such as a7, 1-g, F2c or VIII: letters, digits, and single dots or "
            "hyphens between them, got 'P7 1'",
        ),
        (
            OWN.replace("https://example.org/p-7", "javascript:alert(1)"),
            "7:8",
            "not a valid compliance profile: must be a web address starting with https://, got "
            "'javascript:alert(1)'",
        ),
        (
            OWN.replace("date: 2026-02-01", "date: 2026-02-29"),
            "8:7",
            "not a valid compliance profile: must be a calendar date written as YYYY-MM-DD, got "
            "'2026-02-29' (February 2026 has 28 days)",
        ),
        (
            OWN.replace("date: 2026-02-01", "date: 2026-02-01\nin-force: 2026-06-31"),
            "9:11",
            "not a valid compliance profile: must be a calendar date written as YYYY-MM-DD, got "
            "'2026-06-31' (June has 30 days)",
        ),
        (OWN.replace("kind: policy\n", "kind: [policy\n"), "4:13", None),
        ("", "1:1", "file is empty; a compliance profile was expected"),
    ],
)
def test_bad_own_profile_is_one_located_error(
    tmp_path: Path, text: str, where: str, message: str | None
) -> None:
    path = write(tmp_path / "internal.yaml", text)
    with pytest.raises(InputError) as raised:
        compliance.Catalogue([path]).custom()
    shown = str(raised.value)
    assert shown.startswith(f"{path}:{where}: ")
    assert "\n" not in shown
    if message is not None:
        assert shown == f"{path}:{where}: {message}"


def test_own_profile_cannot_take_a_shipped_id_or_repeat_one(tmp_path: Path) -> None:
    shadow = write(tmp_path / "a.yaml", OWN.replace("id: internal-policy", "id: ca-sb53"))
    with pytest.raises(PrepctlError, match="already the id of a profile prepctl ships"):
        compliance.Catalogue([shadow]).custom()
    first = write(tmp_path / "b.yaml", OWN)
    second = write(tmp_path / "c.yaml", OWN)
    with pytest.raises(PrepctlError, match=r"already used by .*b\.yaml"):
        compliance.Catalogue([first, second]).custom()
    twice = write(tmp_path / "d.yaml", OWN + OWN[OWN.index("  - id: P7.1") :])
    with pytest.raises(PrepctlError, match=r"requirement id 'P7\.1' is used twice"):
        compliance.Catalogue([twice]).custom()


def test_configuration_names_own_profiles_relative_to_itself(tmp_path: Path) -> None:
    write(tmp_path / "policies" / "internal.yaml", OWN)
    pyproject = write(
        tmp_path / "pyproject.toml",
        '[tool.prepctl.compliance]\nprofiles = ["policies/internal.yaml"]\n',
    )
    settings = config.load(pyproject)
    assert settings.profiles == (tmp_path / "policies" / "internal.yaml",)
    assert config.load(write(tmp_path / ".prepctl.toml", "select = []\n")).profiles == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[compliance]\nprofile = []\n",
            "unknown key 'profile' in [compliance] (did you mean 'profiles'?)",
        ),
        (
            "[compliance]\nprofiles = 'policy.yaml'\n",
            "profiles in [compliance] must be a list of file paths, got 'policy.yaml'",
        ),
        ("compliance = 3\n", "[compliance] must be a table, got a whole number"),
    ],
)
def test_configuration_mistakes_are_reported(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / ".prepctl.toml", text)
    with pytest.raises(PrepctlError) as raised:
        config.load(path)
    assert str(raised.value) == f"{path}: {message}"


def test_configuration_naming_a_missing_profile_file(tmp_path: Path) -> None:
    path = write(tmp_path / ".prepctl.toml", '[compliance]\nprofiles = ["nowhere.yaml"]\n')
    with pytest.raises(PrepctlError) as raised:
        config.load(path)
    assert str(raised.value) == (
        f"{path}: profiles in [compliance]: no file 'nowhere.yaml' "
        f"(looked for {tmp_path / 'nowhere.yaml'})"
    )


# Packaging ------------------------------------------------------------------------------------


def test_wheel_carries_the_profiles_and_the_coverage_template(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for profile_id in SHIPPED:
        assert f"prepctl/core/profiles/{profile_id}.yaml" in names
    assert "prepctl/render/templates/coverage.html.j2" in names
    assert "prepctl/_schemas/profile.schema.json" in names
    assert "prepctl/_schemas/coverage-report.schema.json" in names


def test_installed_package_checks_coverage_anywhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import shutil

    shutil.copytree(ROOT / "framework", elsewhere / "framework")
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-m", "prepctl", "coverage", "-f", "html"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "44 of 44 requirements covered in 4 profiles" in result.stdout
