"""What starting prepctl imports: --version, --help and a clean lint stay off the heavy modules.

Timings live in benchmarks/run.py; these tests check the cause (which modules get imported),
which does not depend on the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FRAMEWORK, ROOT

HEAVY = ["jsonschema", "git", "deepdiff", "jinja2", "markdown_it"]

PROBE = """
import json, sys
sys.argv = ["prepctl", *sys.argv[1:]]
from prepctl.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def imported(*args: str) -> set[str]:
    """Top-level modules loaded by a fresh interpreter running ``prepctl ARGS``."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(loaded)


def test_render_formats_are_read_from_the_registry() -> None:
    # The command line keeps no list of its own: a format added to the registry is offered.
    code = (
        "import prepctl.render as r; r.FORMATS['odt'] = r.FORMATS['html']._replace(name='odt'); "
        "from prepctl.cli import main; main(['render', '--help'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "[html|md|markdown|pdf|odt]" in done.stdout


def test_importing_the_cli_loads_no_heavy_module() -> None:
    code = "import json, sys, prepctl.cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded = {name.split(".")[0] for name in json.loads(done.stdout)}
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "prepctl.render" not in json.loads(done.stdout)


def test_version_and_help_load_no_heavy_module() -> None:
    for args in (["--version"], ["--help"]):
        loaded = imported(*args)
        assert loaded.isdisjoint(HEAVY), (args, sorted(loaded & set(HEAVY)))


def test_clean_lint_loads_no_heavy_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Schemas are checked with jsonschema-rs alone; python-jsonschema is never loaded by lint.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # no verdicts remembered yet
    loaded = imported("lint", str(FRAMEWORK))
    assert "jsonschema_rs" in loaded  # the probe did run the lint
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_help_does_not_load_shutil_and_keeps_clicks_layout() -> None:
    # click measures the terminal with shutil, which imports the compression libraries.
    assert "shutil" not in imported("--help")
    for columns, widest in (("60", 58), ("200", 98)):
        done = subprocess.run(
            [sys.executable, "-m", "prepctl", "lint", "--help"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            env={**os.environ, "COLUMNS": columns},
        )
        lines = done.stdout.splitlines()
        assert max(len(line) for line in lines) <= widest
        assert max(len(line) for line in lines) > widest - 12  # the text fills the width


def test_clean_lint_loads_only_what_it_needs() -> None:
    loaded = imported("lint", str(FRAMEWORK))
    on_demand = {"tomllib", "tempfile", "difflib", "hashlib", "xml", "shutil"}
    assert loaded.isdisjoint(on_demand), sorted(loaded & on_demand)


def test_the_collector_is_given_back_to_in_process_callers_only() -> None:
    import gc

    from prepctl.cli import main

    assert gc.isenabled()
    assert main(["--version"]) == 0
    assert gc.isenabled()
    # As the process's own command, it stays off: the process ends with the command.
    probe = "import gc, sys; sys.argv = ['prepctl', '--version']; from prepctl.cli import main; "
    probe += "main(); print(gc.isenabled())"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.splitlines()[-1] == "False"


def test_clicks_forced_help_width_is_honoured(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from click import formatting

    from prepctl.cli import main

    monkeypatch.setattr(formatting, "FORCED_WIDTH", 60)
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["lint", "--help"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 50 < max(len(line) for line in lines) <= 60


def test_a_first_clean_lint_loads_only_what_it_needs_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first run writes what it found valid to the cache, without tempfile and shutil.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    loaded = imported("lint", str(FRAMEWORK))
    assert any((tmp_path / "prepctl" / "valid").iterdir())
    on_demand = {"tomllib", "tempfile", "difflib", "hashlib", "xml", "shutil"}
    assert loaded.isdisjoint(on_demand), sorted(loaded & on_demand)


def _modules_of_lint(folder: Path) -> set[str]:
    code = PROBE.replace(
        'print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))',
        "print(json.dumps(sorted(sys.modules)))",
    )
    assert code != PROBE
    done = subprocess.run(
        [sys.executable, "-c", code, "lint", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_lint_reads_assessments_but_never_determines_them(tmp_path: Path) -> None:
    # Beside the shipped framework are assessments: lint reads them (their references, their
    # version) but determines nothing, so the determination and revision code stay unloaded.
    loaded = _modules_of_lint(FRAMEWORK)
    assert "prepctl.core.assess.reading" in loaded
    determining = {f"prepctl.core.assess.{name}" for name in ("determination", "revision")}
    assert loaded.isdisjoint(determining), sorted(loaded & determining)
    # Without assessments, a rule needs only the words assessments share with the framework.
    alone = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, alone)
    loaded = _modules_of_lint(alone)
    assert "prepctl.core.assess.vocabulary" in loaded
    machinery = {
        f"prepctl.core.assess.{name}" for name in ("determination", "frameworks", "reading")
    }
    assert loaded.isdisjoint(machinery), sorted(loaded & machinery)
