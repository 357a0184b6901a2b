"""Lint configuration: finding it, checking it, and what each setting does to a run."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Run
from helpers.rule_cases import RULE_CASES, build

from prepctl.core import address
from prepctl.core.finding import Severity
from prepctl.errors import PrepctlError
from prepctl.lint import config

RunCli = Callable[..., Run]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- finding the file ----------------------------------------------------------------------------


def test_found_upward_from_the_framework_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    framework = tmp_path / "policy" / "framework"
    framework.mkdir(parents=True)
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.prepctl]: passed over
    assert config.find(framework) is None
    pyproject = write(tmp_path / "pyproject.toml", "[tool.prepctl]\nignore = []\n")
    assert config.find(framework) == pyproject.resolve()
    dotfile = write(tmp_path / "policy" / ".prepctl.toml", "ignore = []\n")
    assert config.find(framework) == dotfile.resolve()


def test_a_dotfile_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.prepctl]\n")
    dotfile = write(tmp_path / ".prepctl.toml", "")
    assert config.find(tmp_path) == dotfile.resolve()


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / ".prepctl.toml", "ignore = ['unused-safeguard']\n")
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    assert config.find(repository / "framework") is None
    assert config.for_framework(repository) is config.DEFAULT


def test_defaults() -> None:
    settings = config.DEFAULT
    assert settings.enabled("dangling-reference")
    assert settings.severity("stale-review") is Severity.WARNING
    assert settings.options_for("stale-review") == {"max-age-days": 0}


# -- reading it ----------------------------------------------------------------------------------


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """
[tool.prepctl]
select = ["stale-review", "unused-safeguard", "missing-threshold"]
ignore = ["missing-threshold"]

[tool.prepctl.rules]
unused-safeguard = "error"

[tool.prepctl.rules.stale-review]
severity = "info"
max-age-days = 400

[tool.prepctl.per-address-ignores]
"/categories/*/thresholds" = ["unused-safeguard"]
""",
    )
    settings = config.load(path)
    assert settings.enabled("stale-review")
    assert not settings.enabled("missing-threshold")  # selected, but ignored
    assert not settings.enabled("dangling-reference")  # not selected
    assert settings.enabled("schema")  # always
    assert settings.severity("unused-safeguard") is Severity.ERROR
    assert settings.severity("stale-review") is Severity.INFO
    assert settings.options_for("stale-review") == {"max-age-days": 400}
    assert settings.ignored_at("unused-safeguard", "/categories/alpha/thresholds/high")
    assert not settings.ignored_at("unused-safeguard", "/categories/alpha")
    assert not settings.ignored_at("stale-review", "/categories/alpha/thresholds")


def test_off_turns_a_rule_off(tmp_path: Path) -> None:
    settings = config.load(write(tmp_path / ".prepctl.toml", "[rules]\nstale-review = 'off'\n"))
    assert not settings.enabled("stale-review")


@pytest.mark.parametrize(
    ("pattern", "where", "expected"),
    [
        ("/categories/mental-health/*", "/categories/mental-health", True),
        ("/categories/mental-health/*", "/categories/mental-health/thresholds/high", True),
        ("/categories/mental-health/*", "/categories/mental-health-2", False),
        ("/categories/mental-health", "/categories/mental-health/evaluations/x", True),
        ("/categories/*/thresholds/high", "/categories/cyber/thresholds/high/level", True),
        ("/categories/*/thresholds/high", "/categories/cyber/thresholds/critical", False),
        ("/categories/**/level", "/categories/cyber/thresholds/high/level", True),
        ("/categories/cyber-*", "/categories/cyber-offense", True),
        ("/safeguards", "/categories/cyber", False),
    ],
)
def test_per_address_patterns(pattern: str, where: str, expected: bool) -> None:
    assert address.matches(pattern, where) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selct = []\n", "unknown key 'selct' in the top level (did you mean 'select'?)"),
        (
            "ignore = ['stale-reveiw']\n",
            "unknown rule 'stale-reveiw' in ignore in the top level (did you mean 'stale-review'?)",
        ),
        (
            "ignore = 'stale-review'\n",
            "ignore in the top level must be a list of rule ids, got text",
        ),
        ("select = ['schema']\n", "select in the top level: the schema rule cannot be configured"),
        (
            "[rules]\nstale-review = 'fatal'\n",
            "stale-review in [rules] must be one of error, warning, info, off, got 'fatal'",
        ),
        (
            "[rules.stale-review]\nmax-age = 3\n",
            "unknown option 'max-age' in [rules.stale-review] (did you mean 'max-age-days'?)",
        ),
        (
            "[rules.dangling-reference]\nstrict = true\n",
            "unknown option 'strict' in [rules.dangling-reference] (known: severity)",
        ),
        (
            "[rules.stale-review]\nmax-age-days = '400'\n",
            "max-age-days in [rules.stale-review] must be a whole number, 0 or more, got '400'",
        ),
        (
            "[rules.stale-review]\nmax-age-days = true\n",
            "max-age-days in [rules.stale-review] must be a whole number, 0 or more, got true",
        ),
        (
            "[rules.stale-review]\nmax-age-days = -1\n",
            "max-age-days in [rules.stale-review] must be a whole number, 0 or more, got -1",
        ),
        (
            "[rules.commitment-language]\nallow = ['may', 3]\n",
            "allow in [rules.commitment-language] must be a list of text, got ['may', 3]",
        ),
        (
            "[per-address-ignores]\n'categories/x' = ['stale-review']\n",
            "'categories/x' in [per-address-ignores] is not an address; addresses start with '/'",
        ),
        (
            "[tool.prepctl]\nignore = []\n",
            "in .prepctl.toml, write the settings at the top level, without [tool.prepctl]",
        ),
        ("ignore = []\nselect = = 1\n", ".prepctl.toml:2:10: invalid TOML: Invalid value"),
        (
            "[rules.stale-review]\nmax-age-days = 2026-02-30\n",
            ".prepctl.toml:2:16: invalid TOML: Invalid date or datetime",
        ),
        ("ignore = [\n", ".prepctl.toml: invalid TOML: Invalid value at the end of the file"),
    ],
)
def test_mistakes_name_the_file_and_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / ".prepctl.toml", text)
    with pytest.raises(PrepctlError) as raised:
        config.load(path)
    shown = str(raised.value)
    assert "\n" not in shown
    assert shown.startswith(str(path))
    assert message in shown


DEEP = 100_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = " + "1" * 5000 + "\n", ".prepctl.toml:1:5: this number is 5,000 characters long"),
        (
            "[rules.stale-review]\nmax-age-days = 0x" + "f" * 5000 + "\n",
            ".prepctl.toml:2:16: this number is 5,002 characters long",
        ),
        (
            "x = " + "[" * DEEP + "]" * DEEP + "\n",
            ".prepctl.toml:1:37: lists and tables are nested more than 32 levels deep here",
        ),
        (
            "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
            ".prepctl.toml:1:165: lists and tables are nested more than 32 levels deep here",
        ),
        (
            "ignore = ['" + "a" * 5000 + "']\n",
            "unknown rule '" + "a" * 40 + "…' (5,000 characters) in ignore in the top level",
        ),
        (
            "'" + "k" * 5000 + "' = 1\n",
            "unknown key '" + "k" * 40 + "…' (5,000 characters) in the top level",
        ),
    ],
    ids=["digits", "hex-digits", "deep-list", "deep-table", "long-rule", "long-key"],
)
def test_huge_or_deep_values_are_refused_in_one_short_line(
    tmp_path: Path, text: str, message: str
) -> None:
    """Python refuses over 4,300 digits and recurses once a level: neither may end in a
    traceback, and nothing refused is echoed whole."""
    path = write(tmp_path / ".prepctl.toml", text)
    with pytest.raises(PrepctlError) as raised:
        config.load(path)
    shown = str(raised.value)
    assert shown.startswith(str(path))
    assert message in shown
    assert len(shown) < len(str(path)) + 200


@pytest.mark.parametrize(
    "text",
    [
        "ignore = ['stale-review'] # [[[[ " + "1" * 200 + "\n",
        "[rules.commitment-language]\nallow = ['" + "[" * 100 + "1" * 200 + "']\n",
        '[rules.commitment-language]\nallow = ["""\n' + "{" * 100 + '\n"""]\n',
        "[rules.stale-review]\nmax-age-days = 1_000 # 1e3\n",
    ],
    ids=["comment", "literal-string", "multi-line-string", "number"],
)
def test_brackets_and_digits_inside_text_and_comments_are_not_counted(
    tmp_path: Path, text: str
) -> None:
    config.load(write(tmp_path / ".prepctl.toml", text))


def test_pyproject_tables_are_named_in_full(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.prepctl.rules.stale-review]\nmaxage = 1\n")
    with pytest.raises(PrepctlError, match=r"in \[tool\.prepctl\.rules\.stale-review\]"):
        config.load(path)


def test_a_pyproject_without_the_table_is_an_error_when_named(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(PrepctlError, match=r"no \[tool\.prepctl\] table"):
        config.load(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / ".prepctl.toml"
    path.write_bytes(b"ignore = ['\xff']\n")
    with pytest.raises(PrepctlError, match="not valid UTF-8"):
        config.load(path)


# -- through the command line --------------------------------------------------------------------


@pytest.fixture
def unused(tmp_path: Path) -> Path:
    """A framework with one finding: an unused safeguard (a warning)."""
    return build(RULE_CASES / "unused-safeguard" / "fail-unrequired-safeguard", tmp_path / "fw")


def lint(run_cli: RunCli, *args: str) -> Run:
    return run_cli("lint", "--today", "2026-11-01", *args)


def test_configuration_found_beside_the_framework(
    run_cli: RunCli, unused: Path, tmp_path: Path
) -> None:
    assert lint(run_cli, str(unused)).code == 1
    write(tmp_path / ".prepctl.toml", "[rules]\nunused-safeguard = 'info'\n")
    result = lint(run_cli, str(unused))
    assert result.code == 0
    assert "info[unused-safeguard]" in result.out


def test_config_option_names_the_file(run_cli: RunCli, unused: Path, tmp_path: Path) -> None:
    settings = write(tmp_path / "elsewhere" / "lint.toml", "ignore = ['unused-safeguard']\n")
    result = lint(run_cli, "--config", str(settings), str(unused))
    assert (result.code, result.out) == (0, "no findings in 7 files\n")


def test_per_address_ignores_count_as_suppressed(
    run_cli: RunCli, unused: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = write(
        tmp_path / "lint.toml",
        "[per-address-ignores]\n'/safeguards/guard-c' = ['unused-safeguard']\n",
    )
    result = lint(run_cli, "--config", str(settings), str(unused))
    assert (result.code, result.out) == (0, "no findings in 7 files · 1 suppressed\n")
    report = json.loads(lint(run_cli, "--config", str(settings), "-f", "json", str(unused)).out)
    assert report["suppressed"][0]["reason"] == f"per-address-ignores in {settings}"
    included = ("-f", "sarif", "--sarif-suppressed", "include")
    sarif = json.loads(lint(run_cli, "--config", str(settings), *included, str(unused)).out)
    (result_,) = sarif["runs"][0]["results"]
    assert result_["suppressions"] == [
        {"kind": "external", "justification": f"per-address-ignores in {settings}"}
    ]
    # Named as reports name files: relative to the working directory below it.
    monkeypatch.chdir(tmp_path)
    here = json.loads(lint(run_cli, "--config", "lint.toml", "-f", "json", str(unused)).out)
    assert here["suppressed"][0]["reason"] == "per-address-ignores in lint.toml"


def test_a_bad_configuration_exits_2_with_one_line(
    run_cli: RunCli, unused: Path, tmp_path: Path
) -> None:
    settings = write(tmp_path / "lint.toml", "[rules.stale-review]\nmax-age-days = 'soon'\n")
    result = lint(run_cli, "--config", str(settings), str(unused))
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        f"prepctl: {settings}: max-age-days in [rules.stale-review] must be a whole number, "
        "0 or more, got 'soon'\n"
    )


def test_a_missing_configuration_file_exits_2(run_cli: RunCli, unused: Path) -> None:
    result = lint(run_cli, "--config", "no-such.toml", str(unused))
    assert result.code == 2
    assert result.err == (
        "prepctl: cannot read configuration no-such.toml: No such file or directory\n"
    )


def test_the_shipped_framework_needs_no_configuration(tmp_path: Path) -> None:
    from helpers import FRAMEWORK

    copy = tmp_path / "anywhere" / "framework"
    shutil.copytree(FRAMEWORK, copy)
    assert config.for_framework(copy) is config.DEFAULT
