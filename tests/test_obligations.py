"""``prepctl obligations``: the calendar of dated duties, in text, JSON (validated against its
published schema) and iCalendar (read back by the icalendar library, as a calendar program
would)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest
from helpers import FRAMEWORK, GIT_ENV, GitRepo, Run
from helpers.frameworks import RECORD, edit, framework, write_framework

from prepctl.core.clocks import Duration, cadence, deadline
from prepctl.io import schemas
from prepctl.io import yaml as yamlio

RunCli = Callable[..., Run]
TODAY = "2026-11-30"
CLAIMS = "compliance:\n  claims:\n    - ca-sb53\n    - eu-gpai-cop\n    - seoul-2024\n"


def _yaml(path: Path) -> Any:
    return yamlio.parse(path.read_bytes(), str(path)).data


def _json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    result = run_cli("obligations", *args, "-f", "json")
    assert result.code == 0, result.err
    report: dict[str, Any] = json.loads(result.out)
    jsonschema.validate(report, schemas.bundle("obligations-report"))
    return report


def _dates(report: dict[str, Any], **source: str) -> list[str]:
    return [
        duty["due"]
        for duty in report["duties"]
        if all(duty["source"][key] == value for key, value in source.items())
    ]


# Clocks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "times", "expected"),
    [
        ("P3M", date(2026, 1, 31), 1, date(2026, 4, 30)),  # the last day of a shorter month
        ("P3M", date(2026, 1, 31), 2, date(2026, 7, 31)),  # counted from the anchor, no drift
        ("P1Y", date(2028, 2, 29), 1, date(2029, 2, 28)),
        ("P15D", date(2026, 12, 20), 1, date(2027, 1, 4)),
        ("PT72H", date(2026, 3, 1), 1, date(2026, 3, 4)),
        ("P2W", date(2026, 3, 1), 1, date(2026, 3, 15)),
    ],
)
def test_durations_count_as_a_calendar_does(
    text: str, start: date, times: int, expected: date
) -> None:
    duration = Duration.parse(text)
    assert duration is not None
    assert duration.after(start, times) == expected
    assert Duration.parse(duration.iso()) == duration


@pytest.mark.parametrize("text", ["P", "PT", "3M", "P1.5Y", "P3M\n", "p3m", "P99999Y", "-P1D"])
def test_what_is_not_a_duration(text: str) -> None:
    assert Duration.parse(text) is None


def test_clocks_are_read_from_either_way_of_writing_them() -> None:
    assert cadence({"interval-days": 92}) == Duration(days=92)
    assert cadence({"interval-months": 6}) == Duration(months=6)
    assert cadence({"interval": "P1Y"}) == Duration(months=12)
    assert deadline({"deadline-hours": 360}) == Duration(hours=360)
    assert deadline({"deadline": "PT24H"}) == Duration(hours=24)
    assert cadence({"interval-days": True}) is None
    assert cadence({"term-months": 6}) is None
    assert Duration(hours=360).words() == "360 hours (15 days)"
    assert Duration(months=3).words() == "3 months"
    assert Duration(months=24).iso() == "P2Y"


# The shipped framework ---------------------------------------------------------------------


def test_the_shipped_frameworks_calendar_in_json(run_cli: RunCli) -> None:
    report = _json(run_cli, str(FRAMEWORK), "--today", TODAY)
    manifest = _yaml(FRAMEWORK / "framework.yaml")
    review = manifest["governance"]["review"]
    last = date.fromisoformat(review["last-reviewed"])
    interval = Duration.parse(review["interval"])
    assert interval is not None
    yearly = interval.after(last).isoformat()
    assert report["reference_date"] == TODAY
    assert (report["from"], report["until"]) == (TODAY, "2027-11-30")
    # The framework's own review, and the same review under each claimed profile's rule.
    assert _dates(report, address="/governance/review") == [yearly]
    for profile, section in (
        ("ca-sb53", "§22757.12(b)(1)"),
        ("ny-raise", "§1421(2)(a)"),
        ("eu-gpai-cop", "Measure 1.3"),
    ):
        assert _dates(report, profile=profile, rule="review") == [yearly]
        assert _dates(report, profile=profile, rule="review", section=section) == [yearly]
    assert _dates(report, profile="seoul-2024") == []
    # Each category's next review, counted with the framework's interval.
    for path in sorted((FRAMEWORK / "categories").glob("*.yaml")):
        category = _yaml(path)
        due = date.fromisoformat(category["last-reviewed"]) + timedelta(days=365)
        expected = [due.isoformat()] if due <= date(2027, 11, 30) else []
        assert _dates(report, address=f"/categories/{category['id']}") == expected
    # California's quarterly summaries to OES (quarters from its coming into force), New
    # York's from its own (2027-01-01, so the first falls due 2027-04-01).
    assert _dates(report, profile="ca-sb53", rule="reports") == [
        "2027-01-01",
        "2027-04-01",
        "2027-07-01",
        "2027-10-01",
    ]
    assert _dates(report, profile="ny-raise", rule="reports") == [
        "2027-04-01",
        "2027-07-01",
        "2027-10-01",
    ]
    # The framework's recurring reports, from its effective date.
    effective = date.fromisoformat(manifest["effective"])
    for item in manifest["governance"]["reports"]:
        if "interval-days" not in item:
            continue
        every = item["interval-days"]
        expected = [
            day.isoformat()
            for n in range(1, 100)
            if date(2026, 11, 30)
            <= (day := effective + timedelta(days=every * n))
            <= date(2027, 11, 30)
        ]
        assert _dates(report, address=f"/governance/reports/{item['id']}") == expected
    assert report["summary"]["overdue"] == 0
    assert report["summary"]["duties"] == len(report["duties"])
    assert [duty["due"] for duty in report["duties"]] == sorted(d["due"] for d in report["duties"])
    assert len({duty["uid"] for duty in report["duties"]}) == len(report["duties"])


def test_the_shipped_frameworks_standing_windows(run_cli: RunCli) -> None:
    report = _json(run_cli, str(FRAMEWORK), "--today", TODAY)
    windows = {
        (w["source"]["profile"], w["source"]["section"], w["when"]) for w in report["windows"]
    }
    assert (
        "ca-sb53",
        "§22757.13",
        "within 15 days of discovering a critical safety incident",
    ) in windows
    assert (
        "ca-sb53",
        "§22757.13",
        "within 24 hours of discovering a critical safety incident that poses an imminent risk "
        "of death or serious physical injury",
    ) in windows
    assert (
        "ny-raise",
        "§1422",
        "within 72 hours (3 days) of learning of a safety incident",
    ) in windows
    assert ("ca-sb53", "§22757.12(b)(2)", "within 30 days of a material modification") in windows
    assert (
        "eu-gpai-cop",
        "Measure 1.4",
        "within 5 business days of confirming an update",
    ) in windows
    assert ("eu-gpai-cop", "Measure 1.3", "with every update") in windows
    by_address = {w["source"]["address"]: w for w in report["windows"] if w["source"]["address"]}
    incident = by_address["/governance/reports/incident-report"]
    assert (incident["duration"], incident["clock"]) == ("PT360H", "360 hours (15 days)")
    # Not yet in force on the reference date: said in the rule.
    raise_window = next(w for w in report["windows"] if w["source"]["section"] == "§1422")
    assert raise_window["title"].endswith("; from 2027-01-01, when ny-raise comes into force")


def test_the_shipped_frameworks_calendar_in_text(run_cli: RunCli) -> None:
    result = run_cli("obligations", str(FRAMEWORK), "--today", TODAY)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == (
        "Meridian AI Preparedness Framework 1.0.0: obligations from 2026-11-30 to 2027-11-30 "
        "(reference date 2026-11-30)"
    )
    january = lines.index("January 2027")
    assert lines[january + 1].startswith("  2027-01-01  ")
    assert (
        "  2027-09-15  review the whole framework: 365 days after the last review on "
        "2026-09-15  [/governance/review]"
    ) in lines
    assert (
        "  2027-01-01  send a summary of the assessments of catastrophic risk from internal use "
        "of frontier models (to the Office of Emergency Services): every 3 months from "
        "2026-01-01  [ca-sb53 §22757.12(d)]"
    ) in lines
    standing = lines.index("Standing windows (rules with clocks, not dated)")
    assert (
        "  within 15 days of discovering a critical safety incident: report the critical safety "
        "incident (to the Office of Emergency Services)  [ca-sb53 §22757.13]"
    ) in lines[standing:]
    # Every dated line of a month section starts with its due date, in that month.
    month = None
    for line in lines[1:standing]:
        if line and not line.startswith(" ") and line != "Overdue":
            month = line
        elif line:
            due = date.fromisoformat(line.split()[0])
            assert due.strftime("%B %Y") == month, line
    assert lines[-1].endswith("standing windows")


def test_the_shipped_frameworks_calendar_in_ics(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "obligations.ics"
    result = run_cli("obligations", str(FRAMEWORK), "--today", TODAY, "-o", str(target))
    assert (result.code, result.out) == (0, ""), result.err
    raw = target.read_bytes()
    report = _json(run_cli, str(FRAMEWORK), "--today", TODAY)
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(report["duties"]) > 30
    for event, duty in zip(events, report["duties"], strict=True):
        due = date.fromisoformat(duty["due"])
        assert event.decoded("DTSTART") == due
        assert event.decoded("DTEND") == due + timedelta(days=1)
        assert str(event["UID"]) == duty["uid"]
        assert event.decoded("DTSTAMP").isoformat() == "2026-11-30T00:00:00+00:00"
        assert str(event["SUMMARY"]).lower() == duty["title"].lower()
        assert str(event["DESCRIPTION"]).startswith(duty["detail"] + "\n")
        assert f"Source: {_label(duty['source'])}" in str(event["DESCRIPTION"])
    assert str(calendar["VERSION"]) == "2.0"
    assert raw.endswith(b"END:VCALENDAR\r\n")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        assert b"\n" not in line


def _label(source: dict[str, Any]) -> str:
    if source["profile"] is None:
        return str(source["address"])
    text = f"{source['profile']} {source['section']}"
    return text + (", unverified" if source["status"] == "unverified" else "")


def test_uids_are_stable_across_runs_and_reference_dates(run_cli: RunCli) -> None:
    first = _json(run_cli, str(FRAMEWORK), "--today", TODAY)
    later = _json(run_cli, str(FRAMEWORK), "--today", "2026-12-15", "--from", TODAY)
    assert first["duties"] == [duty for duty in later["duties"] if duty["due"] <= first["until"]]
    ics = [run_cli("obligations", str(FRAMEWORK), "--today", TODAY, "-f", "ics").out for _ in "ab"]
    assert ics[0] == ics[1]


def test_the_window_is_chosen_with_from_and_until(run_cli: RunCli) -> None:
    report = _json(
        run_cli, str(FRAMEWORK), "--today", TODAY, "--from", "2027-01-01", "--until", "2027-03-31"
    )
    assert {duty["due"][:7] for duty in report["duties"]} == {"2027-01", "2027-02", "2027-03"}
    assert (report["from"], report["until"]) == ("2027-01-01", "2027-03-31")


# Overdue reviews, and texts a calendar must escape -----------------------------------------


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_framework(tmp_path)
    with (folder / "framework.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(CLAIMS)
    monkeypatch.chdir(tmp_path)
    return folder


def test_an_overdue_review_is_listed_first_whatever_the_window(
    run_cli: RunCli, small: Path
) -> None:
    assert "Overdue" not in run_cli("obligations", "--today", "2027-01-01").out
    result = run_cli("obligations", "--today", "2027-06-01", "--from", "2027-09-01")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    overdue = lines.index("Overdue")
    assert lines[overdue + 1 : overdue + 4] == [
        "  2027-01-01  review Biological and chemical: 365 days after the last review on "
        "2026-01-01, overdue  [/categories/bio]",
        "  2027-01-01  review Cybersecurity: 365 days after the last review on 2026-01-01, "
        "overdue  [/categories/cyber]",
        "  2027-01-01  review the whole framework: 365 days after the last review on "
        "2026-01-01, overdue  [/governance/review]",
    ]
    report = _json(run_cli, "--today", "2027-06-01")
    overdue_duties = [duty for duty in report["duties"] if duty["overdue"]]
    assert {
        (d["due"], d["source"]["address"] or d["source"]["profile"]) for d in overdue_duties
    } == {
        ("2027-01-01", "/governance/review"),
        ("2027-01-01", "/categories/cyber"),
        ("2027-01-01", "/categories/bio"),
        ("2027-01-01", "ca-sb53"),
        ("2027-01-01", "eu-gpai-cop"),
    }
    assert report["summary"]["overdue"] == 5


def test_text_a_calendar_must_escape_and_fold(run_cli: RunCli, small: Path, tmp_path: Path) -> None:
    name = (
        "Risk report; bio, chem \\ nuclear — évaluation trimestrielle des risques catastrophiques"
    )
    edit(
        small,
        "framework.yaml",
        "  decisions: []\n",
        "  decisions: []\n"
        "  reports:\n"
        "    - id: risk-report\n"
        f'      name: "{name.replace(chr(92), chr(92) * 2)}"\n'
        "      prepared-by: safety-board\n"
        "      recipients: [leadership]\n"
        "      when: The board will report every quarter.\n"
        "      interval-days: 90\n",
    )
    result = run_cli("obligations", "--today", "2026-01-01", "-f", "ics")
    assert result.code == 0, result.err
    raw = result.out.encode("utf-8")
    assert "SUMMARY:Risk report\\; bio\\, chem \\\\ nuclear" in result.out.replace("\r\n ", "")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character split by a fold
    events = [
        e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT") if "Risk" in str(e["SUMMARY"])
    ]
    assert [e.decoded("DTSTART") for e in events] == [
        date(2026, 4, 1),
        date(2026, 6, 30),
        date(2026, 9, 28),
        date(2026, 12, 27),
    ]
    assert {str(e["SUMMARY"]) for e in events} == {f"{name} due"}


# Unpublished material modifications --------------------------------------------------------


@pytest.fixture
def released(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The small framework claiming three profiles, released as framework-v1.0.0."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    folder = write_framework(git_repo.path)
    with (folder / "framework.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(CLAIMS)
    git_repo.commit("framework")
    git_repo.git("tag", "-a", "framework-v1.0.0", "-m", "first")
    monkeypatch.chdir(git_repo.path)
    return git_repo


def _weaken(repo: GitRepo, record: str | None) -> None:
    edit(
        framework(repo),
        "categories/cyber.yaml",
        "      - usage-monitoring\n      - weights",
        "      - weights",
    )
    if record is not None:
        (framework(repo) / "changes").mkdir()
        (framework(repo) / "changes" / "drop-monitoring.yaml").write_text(record)


def test_publication_deadlines_count_from_the_records_effective_date(
    run_cli: RunCli, released: GitRepo
) -> None:
    _weaken(released, RECORD + "effective: 2026-12-01\n")
    report = _json(run_cli, "--today", TODAY)
    published = [d for d in report["duties"] if d["kind"] == "publication"]
    assert [(d["due"], d["source"]["profile"], d["source"]["section"]) for d in published] == [
        ("2026-12-31", "ca-sb53", "§22757.12(b)(2)")
    ]
    assert published[0]["detail"] == (
        "publish the modified framework with a justification by 2026-12-31 (30 days after the "
        "effective date of change record drop-monitoring 2026-12-01); 1 weakening since "
        "framework-v1.0.0: /categories/cyber/thresholds/high/safeguards/usage-monitoring"
    )
    access = [d for d in report["duties"] if d["kind"] == "regulator-access"]
    assert [(d["due"], d["source"]["profile"]) for d in access] == [("2026-12-08", "eu-gpai-cop")]
    assert report["notes"] == []


def test_the_effective_date_the_next_release_sets_wins(run_cli: RunCli, released: GitRepo) -> None:
    _weaken(released, RECORD + "effective: 2026-12-01\n")
    edit(framework(released), "framework.yaml", "effective: 2026-01-01", "effective: 2027-02-01")
    report = _json(run_cli, "--today", TODAY)
    assert [d["due"] for d in report["duties"] if d["kind"] == "publication"] == ["2027-03-03"]


def test_a_weakening_with_no_date_is_a_note(run_cli: RunCli, released: GitRepo) -> None:
    _weaken(released, None)
    report = _json(run_cli, "--today", TODAY)
    assert [d for d in report["duties"] if d["kind"] == "publication"] == []
    assert report["notes"] == [
        "1 weakening since framework-v1.0.0 (/categories/cyber/thresholds/high/safeguards/"
        "usage-monitoring) has no effective date yet: the publication deadlines count from it; "
        "set it with 'prepctl release --date' or an effective date in the change record that "
        "justifies the weakening"
    ]


def test_a_past_publication_deadline_is_overdue(run_cli: RunCli, released: GitRepo) -> None:
    _weaken(released, RECORD + "effective: 2026-10-01\n")
    result = run_cli("obligations", "--today", TODAY)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    overdue = lines[lines.index("Overdue") + 1 :]
    assert overdue[0].startswith("  2026-10-08  give the AI Office access to the update: ")
    assert overdue[1].startswith("  2026-10-31  publish the material modification: ")
    assert overdue[2] == ""


def test_without_a_release_tag_it_says_so(run_cli: RunCli, small: Path) -> None:
    report = _json(run_cli, "--today", TODAY)
    assert report["notes"] == [
        "not in a git repository: unpublished material modifications (weakenings since the "
        "last release tag) cannot be found"
    ]


# Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01"], "invalid value for '--from': '2026-13-01' is not a date"),
        (
            ["--until", "2026-01-01", "--from", "2026-02-01"],
            "invalid value for '--until': 2026-01-01 is before",
        ),
        (["--until", "2040-01-01"], "a calendar covers at most 10 years"),
        (["-f", "json", "-o", "x.ics"], "'-f json' contradicts the name 'x.ics', which means ics"),
        (["-f", "vcal"], "unknown format 'vcal' (choose from text, json, ics)"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run_cli: RunCli, small: Path, args: list[str], message: str
) -> None:
    result = run_cli("obligations", "--today", TODAY, *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1, result.err
    assert message in result.err


OWN_PROFILE = """\
id: internal
name: Internal policy
kind: policy
jurisdiction: Test Lab
source:
  citation: Internal policy 1
  url: https://example.com/policy
date: 2026-01-01
requirements:
  - id: r1
    section: "1"
    title: a requirement
    summary: Something the framework must say.
reports:
  - id: board
    title: brief the board
    recipient: the board
    interval: {interval}
    starts: 2026-01-31
    section: "2"
"""


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        ("P1M", ["2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"]),
        ("P2W", ["2026-03-14", "2026-03-28", "2026-04-11"]),
    ],
)
def test_a_teams_own_profile_adds_its_reports(
    run_cli: RunCli, small: Path, interval: str, expected: list[str]
) -> None:
    (small.parent / "internal.yaml").write_text(OWN_PROFILE.format(interval=interval))
    (small.parent / "pyproject.toml").write_text(
        '[tool.prepctl.compliance]\nprofiles = ["internal.yaml"]\n'
    )
    edit(small, "framework.yaml", "    - seoul-2024\n", "    - seoul-2024\n    - internal\n")
    report = _json(
        run_cli,
        "--today",
        "2026-03-01",
        "--until",
        "2026-04-15" if "W" in interval else "2026-06-30",
    )
    assert _dates(report, profile="internal") == expected


@pytest.mark.parametrize("interval", ["P0D", "PT0H", "P", "P1.5M", "1M"])
def test_a_clock_of_no_time_is_refused_in_a_profile(
    run_cli: RunCli, small: Path, interval: str
) -> None:
    (small.parent / "internal.yaml").write_text(OWN_PROFILE.format(interval=interval))
    (small.parent / "pyproject.toml").write_text(
        '[tool.prepctl.compliance]\nprofiles = ["internal.yaml"]\n'
    )
    edit(small, "framework.yaml", "    - seoul-2024\n", "    - seoul-2024\n    - internal\n")
    result = run_cli("obligations", "--today", TODAY)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"prepctl: {small.parent / 'internal.yaml'}:18:15: not a valid ")
    assert "must be an ISO 8601 duration longer than zero" in result.err
