"""The benchmark harness: prepctl against reference tools, whole processes, side by side.

    python benchmarks/run.py [--quick] [--runs 5] [--record] [--log-only | --linearity-only]

Generates synthetic frameworks (``benchmarks/generate.py``) into a temporary folder, then runs
every command of every comparison as its own process, round-robin, ``--runs`` times, and
prints the median wall-clock time and peak memory (maximum resident set size, from
``/usr/bin/time -f %M``, else ``os.wait4``) of each, the ratio of each pair measured in the
same run, and the target verdict. ``--record`` writes the table, with a description of the
machine, as a dated section of ``benchmarks/RESULTS.md`` (replacing a section of the same
date). No timing is asserted in the test suite; this is the only place targets are checked.

Every row of the performance targets is here: clean lint against ``python -c pass``,
check-jsonschema and a bare libyaml parse of the same files (``benchmarks/floor.py``), with peak
memory; diff of two 10 MB versions against lint of one, and diff's growth exponent (t = a + b *
size^k fitted over 200 KB, 1 MB, 3 MB and 10 MB); fmt --check against yamllint; render (Markdown
and HTML, template cache warm and empty) against ``import yaml, jinja2``; log; linearity.
Ratios are medians of the ratios of runs made in the same round. Every command gets a cache
folder of the run's own (``XDG_CACHE_HOME``).

The reference validator is check-jsonschema, given prepctl's own schemas (each bundled with
``prepctl.io.schemas.bundle`` and written to a file) and the same files, one invocation per schema
kind; its time is the sum and its memory the largest of those invocations.

``prepctl log`` is measured on the repository ``benchmarks/history.py`` builds (the shipped
framework, then 1,000 commits of small edits), packed (``git gc``) and with every object loose,
against ``git log -p -- framework/`` on the same repository; ``--log-only`` runs those rows
alone (without generating the frameworks the others need).

The linearity rows run every command on 10 KB and on 100 KB of each pathological pattern of
``benchmarks/pathological.py`` (a commitment of 'x Should ' repeated, thousands of reordered
statements, thousands of mistyped references, ...): the larger may take at most 15 times as
long. ``--linearity-only`` runs those rows alone.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import history as log_repository  # noqa: E402
import pathological  # noqa: E402
from generate import generate  # noqa: E402

from prepctl.io import schemas  # noqa: E402

RESULTS = HERE / "RESULTS.md"
BIN = Path(sys.executable).parent
PY = sys.executable
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
KINDS = {  # folder (or file) inside a framework -> schema name
    "framework.yaml": "framework",
    "categories": "category",
    "safeguards": "safeguard",
    "changes": "change-record",
}


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


@dataclass
class Command:
    """One command line, or several run one after another and counted as one."""

    label: str
    argvs: list[list[str]]
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)  # KiB
    codes: set[int] = field(default_factory=set)
    cwd: Path = ROOT
    env: dict[str, str] | None = None  # added to the environment
    prepare: Callable[[], None] | None = None  # before each run, not timed

    def run(self, scratch: Path) -> None:
        total, peak = 0.0, 0
        report = scratch / "maxrss"
        if self.prepare is not None:
            self.prepare()
        environment = {**os.environ, **self.env} if self.env else None
        for argv in self.argvs:
            # /usr/bin/time reports the command's own peak; os.wait4 on a child forked from
            # this (larger) process would report at least this process's size.
            wrapped = [TIME, "-f", "%M", "-o", str(report), *argv] if TIME else argv
            start = time.perf_counter()
            process = subprocess.Popen(
                wrapped,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=self.cwd,
                env=environment,
            )
            _, status, usage = os.wait4(process.pid, 0)
            total += time.perf_counter() - start
            code = os.waitstatus_to_exitcode(status)
            if TIME:
                text = report.read_text()
                peak = max(peak, int(text.split()[-1]))
                exited = re.search(r"non-zero status (\d+)", text)  # time's own exit is 0
                code = int(exited.group(1)) if exited else code
            else:
                peak = max(peak, usage.ru_maxrss)
            self.codes.add(code)
        self.times.append(total)
        self.peaks.append(peak)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def memory(self) -> int:
        return int(statistics.median(self.peaks))


@dataclass
class Comparison:
    name: str
    subject: Command
    baseline: Command
    target: float | None  # subject / baseline must be at most this; None: for information
    memory_target: float | None = None  # the same for peak memory

    @property
    def ratio(self) -> float:
        """The median of the ratios of runs made in the same round (each round runs every
        command once), so that a burst of load weighs on both sides of a ratio alike."""
        pairs = zip(self.subject.times, self.baseline.times, strict=True)
        return statistics.median(a / b for a, b in pairs)

    @property
    def memory_ratio(self) -> float:
        return self.subject.memory / self.baseline.memory


def files_by_kind(framework: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part, kind in KINDS.items():
        path = framework / part
        paths = [path] if path.is_file() else sorted(path.glob("*.yaml"))
        if paths:
            found[kind] = [str(p) for p in paths]
    return found


def check_jsonschema(framework: Path, schema_files: dict[str, Path]) -> list[list[str]]:
    return [
        [tool("check-jsonschema"), "--schemafile", str(schema_files[kind]), *paths]
        for kind, paths in files_by_kind(framework).items()
    ]


def yaml_files(framework: Path) -> list[str]:
    return [p for paths in files_by_kind(framework).values() for p in paths]


def size_of(framework: Path) -> int:
    return sum(p.stat().st_size for p in framework.rglob("*.yaml"))


def plant_errors(framework: Path, count: int) -> int:
    """Break ``count`` category files against the schema: an unknown key, a wrong status."""
    planted = 0
    for path in sorted((framework / "categories").glob("*-copy-*.yaml"))[:count]:
        text = path.read_text()
        if planted % 2:
            text = re.sub(r"^status: \S+$", "status: dormant", text, count=1, flags=re.M)
        else:
            text = text.replace("\nname: ", "\nlabel: extra\nname: ", 1)
        path.write_text(text)
        planted += 1
    return planted


def mutate(framework: Path, edits: int) -> None:
    """A later version: prose rewritten in ``edits`` files, one category removed."""
    categories = sorted((framework / "categories").glob("*-copy-*.yaml"))
    for path in categories[:edits]:
        text = path.read_text()
        path.write_text(re.sub(r"^name: (.*)$", r"name: \1 (revised)", text, count=1, flags=re.M))
    categories[-1].unlink()


def python(code: str) -> list[str]:
    return [PY, "-c", code]


def prepctl(*args: str) -> list[str]:
    return [tool("prepctl"), *args]


def floor(framework: Path) -> Command:
    return Command("libyaml parse", [[PY, str(HERE / "floor.py"), str(framework)]])


def build(work: Path, quick: bool) -> tuple[list[Comparison], list[Growth], dict[str, str]]:
    schema_files = {}
    for kind in KINDS.values():
        schema_files[kind] = work / f"{kind}.schema.json"
        schema_files[kind].write_text(json.dumps(schemas.bundle(kind)))
    sizes = {"200 KB": 200 * 1024, "1 MB": 1024**2}
    sizes |= {} if quick else {"3 MB": 3 * 1024**2, "10 MB": 10 * 1024**2}
    frameworks, later = {}, {}
    notes = {}
    for label, size in sizes.items():
        frameworks[label] = work / label.replace(" ", "")
        generate(frameworks[label], size, seed=1)
        notes[label] = f"{size_of(frameworks[label]):,} bytes"
        later[label] = work / (label.replace(" ", "") + "-later")
        shutil.copytree(frameworks[label], later[label])
        mutate(later[label], max(1, size // (50 * 1024)))
    errors = work / "1MB-errors"
    shutil.copytree(frameworks["1 MB"], errors)
    notes["errors"] = f"{plant_errors(errors, 20)} files with one schema error each"
    notes["diff"] = (
        "each generated framework, then the names of one category file in 50 KB changed and "
        "one category removed"
    )
    shipped = ROOT / "framework"
    notes["shipped"] = f"{size_of(shipped):,} bytes"
    md, html = work / "out.md", work / "out.html"
    cold = work / "cold-cache"

    def lint(framework: Path) -> Command:
        return Command("prepctl lint", [prepctl("lint", str(framework))])

    def cjs(framework: Path) -> Command:
        return Command("check-jsonschema", check_jsonschema(framework, schema_files))

    def diff(label: str) -> Command:
        arguments = ("diff", str(frameworks[label]), str(later[label]), "--fail-on", "none")
        return Command(f"prepctl diff {label}", [prepctl(*arguments)])

    def render(form: str, out: Path, empty_cache: bool) -> Command:
        argv = prepctl("render", str(frameworks["200 KB"]), "-f", form, "-o", str(out))
        if not empty_cache:
            return Command(f"prepctl render -f {form}", [argv])
        return Command(
            f"prepctl render -f {form}, empty cache",
            [argv],
            env={"XDG_CACHE_HOME": str(cold)},
            prepare=lambda: shutil.rmtree(cold, ignore_errors=True),
        )

    shipped_lint = lint(shipped)
    click = Command("python -c 'import click'", [python("import click")])
    nothing = Command("python -c pass", [python("pass")])
    yaml_jinja = Command("python -c 'import yaml, jinja2'", [python("import yaml, jinja2")])
    comparisons = [
        Comparison(
            "`prepctl --version` vs `import click`",
            Command("prepctl --version", [prepctl("--version")]),
            click,
            1.3,
        ),
        Comparison(
            "`prepctl --help` vs `import click`",
            Command("prepctl --help", [prepctl("--help")]),
            click,
            1.3,
        ),
        Comparison("lint shipped vs `python -c pass`", shipped_lint, nothing, None),
        Comparison("lint shipped vs check-jsonschema", shipped_lint, cjs(shipped), None, 0.5),
    ]
    lints = {label: lint(framework) for label, framework in frameworks.items()}
    comparisons.append(Comparison("lint 200 KB vs `python -c pass`", lints["200 KB"], nothing, 8))
    for label in [size for size in sizes if size != "3 MB"]:  # 3 MB: a point of diff's growth
        target = 0.12 if label == "200 KB" else 0.25
        comparisons += [
            Comparison(
                f"lint {label} vs check-jsonschema",
                lints[label],
                cjs(frameworks[label]),
                target,
                0.5,
            ),
            Comparison(
                f"lint {label} vs libyaml parse", lints[label], floor(frameworks[label]), 1.5
            ),
        ]
    yamllint_1mb = Command("yamllint", [[tool("yamllint"), *yaml_files(frameworks["1 MB"])]])
    largest = "1 MB" if quick else "10 MB"
    diffs = {label: diff(label) for label in sizes}
    comparisons += [
        Comparison(
            "lint 1 MB with 20 errors vs check-jsonschema", lint(errors), cjs(errors), 0.40, 0.5
        ),
        Comparison(
            f"`prepctl diff` {largest} vs lint {largest}", diffs[largest], lints[largest], 1.5
        ),
        Comparison(
            "`prepctl fmt --check` 1 MB vs yamllint",
            Command("prepctl fmt --check", [prepctl("fmt", "--check", str(frameworks["1 MB"]))]),
            yamllint_1mb,
            1.0,
        ),
    ]
    for form, out in (("md", md), ("html", html)):
        for empty_cache, target in ((False, 1.5), (True, 2.5)):
            kind = "empty cache" if empty_cache else "warm"
            comparisons.append(
                Comparison(
                    f"`prepctl render -f {form}` 200 KB ({kind}) vs `import yaml, jinja2`",
                    render(form, out, empty_cache),
                    yaml_jinja,
                    target,
                )
            )
    growth = [
        Growth(
            "`prepctl diff` growth, 200 KB to 10 MB",
            {size_of(frameworks[label]): command for label, command in diffs.items()},
            1.02,
        )
    ]
    if quick:  # two sizes: too few to fit an exponent
        growth = []
    return comparisons, growth, notes


@dataclass
class Growth:
    """How a command's time grows with its input: the exponent k of t = a + b * size^k fitted
    to the medians by least squares (a: start-up; k = 1: linear)."""

    name: str
    commands: dict[int, Command]  # by input size in bytes
    target: float

    @property
    def exponent(self) -> float:
        sizes = sorted(self.commands)
        points = [(size / 1024**2, self.commands[size].median) for size in sizes]
        best = (float("inf"), 1.0)
        for step in range(500, 2001):  # k from 0.5 to 2.0
            k = step / 1000
            xs = [x**k for x, _ in points]
            ys = [y for _, y in points]
            mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
            spread = sum((x - mean_x) ** 2 for x in xs)
            b = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
            a = mean_y - b * mean_x
            error = sum((a + b * x - y) ** 2 for x, y in zip(xs, ys, strict=True))
            best = min(best, (error, k))
        return best[1]

    def row(self) -> str:
        medians = " / ".join(
            f"{size / 1024:,.0f} KB {self.commands[size].median:.3f} s"
            for size in sorted(self.commands)
        )
        k = self.exponent
        return (
            f"| {self.name} | {medians} | {k:.3f} | ≤ {self.target:g} | {verdict(k, self.target)} |"
        )


LOG_COMMITS = 1000
LOG_ADDRESS = "/categories/cybersecurity/thresholds/high"


def build_log(work: Path) -> tuple[list[Comparison], dict[str, str]]:
    """``prepctl log`` against ``git log -p`` on one history, packed and loose (4x target for
    the whole framework packed, 10x for the others)."""
    packed, loose = work / "history-packed", work / "history-loose"
    packed.mkdir()
    log_repository.build(packed, LOG_COMMITS, seed=1)
    log_repository.git(packed, "gc", "-q")
    shutil.copytree(packed, loose, symlinks=True)
    log_repository.unpack(loose)
    objects = len(list((loose / ".git" / "objects").glob("??/*")))
    comparisons = []
    for state, repo in (("packed", packed), ("loose", loose)):
        git_log = Command("git log -p", [["git", "log", "-p", "--", "framework/"]], cwd=repo)
        for what, arguments in (
            ("one address", [LOG_ADDRESS]),
            ("whole framework", []),
        ):
            subject = Command(
                f"prepctl log {what}", [prepctl("log", *arguments, "-f", "json")], cwd=repo
            )
            comparisons.append(
                Comparison(
                    f"`prepctl log` {what}, {LOG_COMMITS:,} commits {state} vs `git log -p`",
                    subject,
                    git_log,
                    4 if (state, what) == ("packed", "whole framework") else 10,
                )
            )
    note = (
        f"{LOG_COMMITS:,} commits of small edits to the shipped framework "
        f"(`benchmarks/history.py`), packed by `git gc`, and loose ({objects:,} objects); "
        f"one address: `{LOG_ADDRESS}`"
    )
    return comparisons, {"log": note}


LINEARITY_SIZES = {"10 KB": 10 * 1024, "100 KB": 100 * 1024}
LINEARITY_TARGET = 15


def build_linearity(work: Path) -> tuple[list[Comparison], dict[str, str]]:
    """Each command on each pathological pattern, 100 KB against 10 KB (15x target)."""
    comparisons = []
    for number, (pattern, make) in enumerate(pathological.PATTERNS.items()):
        runs: dict[str, dict[str, Command]] = {}
        for label, size in LINEARITY_SIZES.items():
            folder = work / "linearity" / f"{number}-{label.replace(' ', '')}"
            folder.mkdir(parents=True)
            make(folder, size)
            repo = pathological.history(folder)
            for name, arguments in pathological.commands(folder, folder / "out.md").items():
                runs.setdefault(name, {})[label] = Command(
                    f"prepctl {name}", [prepctl(*arguments)], cwd=repo if name == "log" else ROOT
                )
        for name, sized in runs.items():
            comparisons.append(
                Comparison(
                    f"{pattern}: `prepctl {name}` 100 KB vs 10 KB",
                    sized["100 KB"],
                    sized["10 KB"],
                    LINEARITY_TARGET,
                )
            )
    note = (
        "every command on 10 KB and on 100 KB of each pattern of `benchmarks/pathological.py` "
        f"(at most {LINEARITY_TARGET}x: time linear in the input)"
    )
    return comparisons, {"linearity": note}


def compile_bytecode() -> None:
    """Write prepctl's bytecode, as installing a wheel does. An editable install run with
    PYTHONDONTWRITEBYTECODE set (as some CI images do) would otherwise compile every module of
    prepctl on every run, while the tools it is compared with were compiled when installed."""
    import compileall

    import prepctl

    compileall.compile_dir(str(Path(prepctl.__file__).parent), quiet=1)


def machine() -> dict[str, str]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found.group(1).strip() if found else model
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "git": git,
    }


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def verdict(ratio: float, target: float | None) -> str:
    if target is None:
        return "(no target)"
    return "met" if ratio <= target else "NOT met"


def table(comparisons: Sequence[Comparison]) -> str:
    rows = [
        "| comparison | subject | baseline | ratio | target | verdict "
        "| peak memory (MiB) | memory ratio | memory verdict |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for c in comparisons:
        target = f"≤ {c.target:g}x" if c.target is not None else "-"
        memory = f"{c.subject.memory / 1024:.0f} / {c.baseline.memory / 1024:.0f}"
        if c.memory_target is None:
            memory_verdict = "-"
        else:
            memory_verdict = f"{verdict(c.memory_ratio, c.memory_target)} (≤ {c.memory_target:g}x)"
        rows.append(
            f"| {c.name} | {c.subject.median:.3f} s | {c.baseline.median:.3f} s "
            f"| {c.ratio:.2f}x | {target} | {verdict(c.ratio, c.target)} "
            f"| {memory} | {c.memory_ratio:.2f}x | {memory_verdict} |"
        )
    return "\n".join(rows)


def growth_table(growths: Sequence[Growth]) -> str:
    rows = [
        "| growth | medians | exponent k (t = a + b * MB^k) | target | verdict |",
        "|---|---|---:|---:|---|",
    ]
    return "\n".join(rows + [growth.row() for growth in growths])


def section(
    comparisons: Sequence[Comparison],
    growths: Sequence[Growth],
    notes: dict[str, str],
    info: dict[str, str],
    runs: int,
    loads: tuple[str, str],
    quick: bool,
) -> str:
    today = datetime.date.today().isoformat()
    codes = "; ".join(
        sorted(
            {
                f"{cmd.label} in {c.name}: exit {sorted(cmd.codes)}"
                for c in comparisons
                for cmd in (c.subject, c.baseline)
                if cmd.codes - {0}
            }
        )
    )
    return f"""## `make bench` (`benchmarks/run.py`{" --quick" if quick else ""}), {today}

Machine: `nproc` {info["nproc"]} ({info["cpu"]}), Python {info["python"]}, {info["os"]},
{info["git"]}. Load average (1, 5, 15 min) at start {loads[0]}, at end {loads[1]}; the machine
is shared, so absolute times vary between runs and the ratios, measured side by side in the same
run, are what the targets are about.

Inputs: shipped framework {notes["shipped"]}; generated frameworks 200 KB {notes["200 KB"]},
1 MB {notes["1 MB"]}{", 3 MB (diff only) " + notes["3 MB"] if "3 MB" in notes else ""}{
        ", 10 MB " + notes["10 MB"] if "10 MB" in notes else ""
    }; errors:
{notes["errors"]} (the 1 MB framework); diff: {notes["diff"]}; log: {notes["log"]};
linearity: {notes["linearity"]}.
Each command is its own process, run {runs} times round-robin with the others after one run
of each that is not counted (it fills the file cache, render's template cache and lint's
remembered verdicts, in a cache folder of the run's own; "empty cache" rows empty theirs before
each run); prepctl's bytecode is compiled first, as installing a wheel does. The table gives
medians of the times and, for each ratio, the median of the ratios of runs made in the same
round. "libyaml parse" is `benchmarks/floor.py`: every file read and parsed with PyYAML's
`CSafeLoader`, nothing else.
check-jsonschema runs once per schema kind (framework, category, safeguard,
change-record) with prepctl's bundled schema; its time is the sum, its memory the largest.
Exit codes other than 0 (expected: findings, or yamllint's default line-length rule):
{codes or "none"}.

{table(comparisons)}

{growth_table(growths)}
"""


def record(text: str) -> None:
    existing = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    heading = text.splitlines()[0]
    parts = re.split(r"(?m)^(?=## )", existing)
    kept = [p for p in parts if not p.startswith(heading)]
    RESULTS.write_text(
        "".join(p if p.endswith("\n\n") else p.rstrip("\n") + "\n\n" for p in kept).rstrip("\n")
        + "\n\n"
        + text
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no 10 MB framework, 3 runs")
    parser.add_argument("--runs", type=int, help="runs of each command (default 5, quick 3)")
    parser.add_argument("--record", action="store_true", help=f"write the results to {RESULTS}")
    only = parser.add_mutually_exclusive_group()
    only.add_argument(
        "--log-only", action="store_true", help="only the prepctl log rows (cannot be recorded)"
    )
    only.add_argument(
        "--linearity-only",
        action="store_true",
        help="only the linearity rows (cannot be recorded)",
    )
    args = parser.parse_args()
    if (args.log_only or args.linearity_only) and args.record:
        parser.error("--record writes the whole table: run without --log-only/--linearity-only")
    runs = args.runs or (3 if args.quick else 5)
    info = machine()
    start_load = load()
    print(f"nproc {info['nproc']}, {info['cpu']}, Python {info['python']}, load {start_load}")
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="prepctl-bench-") as tmp:
        partial = args.log_only or args.linearity_only
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # every command's, inherited
        comparisons, growths, notes = ([], [], {}) if partial else build(Path(tmp), args.quick)
        if not args.linearity_only:
            log_comparisons, log_notes = build_log(Path(tmp))
            comparisons += log_comparisons
            notes |= log_notes
        if not args.log_only:
            linearity_comparisons, linearity_notes = build_linearity(Path(tmp))
            comparisons += linearity_comparisons
            notes |= linearity_notes
        every = [cmd for c in comparisons for cmd in (c.subject, c.baseline)]
        every += [cmd for growth in growths for cmd in growth.commands.values()]
        commands = list({id(cmd): cmd for cmd in every}.values())
        for cmd in commands:  # warm the file cache (and render's template cache); not counted
            cmd.run(Path(tmp))
            cmd.times.clear()
            cmd.peaks.clear()
        for number in range(runs):
            for cmd in commands:
                cmd.run(Path(tmp))
            print(f"run {number + 1}/{runs} done", file=sys.stderr)
    end_load = load()
    print(table(comparisons))
    if growths:
        print(growth_table(growths))
    print(f"load average at end: {end_load}")
    if args.record:
        loads = (start_load, end_load)
        record(section(comparisons, growths, notes, info, runs, loads, args.quick))
        print(f"recorded in {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
