"""Time ``prepctl log`` on a repository with 1,000 framework commits.

    python benchmarks/history.py [--commits 1000] [--runs 3] [--keep DIR] [--no-whole]

The repository holds the shipped framework, then one small edit per commit, cycling through
kinds of change: the High cybersecurity threshold's name (every 20th commit), evaluation
trigger values, safeguard names and category summaries; every 25th commit also touches a file
outside the framework. It is written with one ``git fast-import`` (so building it takes a
second, not a minute), then measured packed (after ``git gc``) and loose (every object
unpacked). For each state the script times, as separate processes:

- ``prepctl log /categories/cybersecurity/thresholds/high -f json`` (one threshold),
- ``prepctl log -f json`` (the whole framework),
- ``git log -p -- framework/`` (what git itself needs to show the same commits' line diffs),

and, in process, the whole-framework walk comparing whole documents instead of changed files
(``history.timeline(partial=False)``, the reference the tests hold the fast walk to), to show
what the fast walk saves; ``--no-whole`` leaves that out (it takes minutes). The commands run
round-robin, so that a change in the machine's load falls on all of them alike. Results go to
standard output as a Markdown table (recorded in benchmarks/RESULTS.md), with the load average
before and after.

``benchmarks/run.py`` (``make bench``) builds the same repository with :func:`build` and
:func:`unpack` and measures ``prepctl log`` against ``git log -p`` beside its other targets.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "framework"
THRESHOLD = "/categories/cybersecurity/thresholds/high"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=repo, env=ENV, input=stdin, check=True, capture_output=True
    ).stdout


def shipped_files() -> dict[str, str]:
    files = {"framework/framework.yaml": (SHIPPED / "framework.yaml").read_text()}
    for folder in ("categories", "safeguards", "changes"):
        for path in sorted((SHIPPED / folder).glob("*.yaml")):
            files[f"framework/{folder}/{path.name}"] = path.read_text()
    return files


def edit(files: dict[str, str], number: int, rng: random.Random) -> str:
    """Change one file in place (a small, valid edit); return its path."""
    if number % 20 == 0:
        path = "framework/categories/cybersecurity.yaml"
        files[path] = re.sub(
            r"(name: Removes bottlenecks to scaling cyber operations)(?: \(rev \d+\))?",
            rf"\1 (rev {number})",
            files[path],
            count=1,
        )
        return path
    kind = number % 3
    categories = [p for p in files if p.startswith("framework/categories/")]
    if kind == 0:
        path = rng.choice([p for p in categories if "\n      value: " in files[p]])
        values = list(re.finditer(r"(\n      value: )([0-9.]+)", files[path]))
        chosen = rng.choice(values)
        old = chosen.group(2)
        new = old
        while new == old:
            new = f"{round(rng.uniform(0.1, 0.9), 2)}"
        files[path] = files[path][: chosen.start(2)] + new + files[path][chosen.end(2) :]
        return path
    if kind == 1:
        path = rng.choice([p for p in files if p.startswith("framework/safeguards/")])
        files[path] = re.sub(
            r"(\nname: [^\n(]*?)(?: \(rev \d+\))?\n", rf"\1 (rev {number})\n", files[path], count=1
        )
        return path
    path = rng.choice([p for p in categories if re.search(r"\b(the|this) model\b", files[p])])
    files[path] = re.sub(
        r"\b(the|this) model\b",
        lambda found: ("this" if found.group(1) == "the" else "the") + " model",
        files[path],
        count=1,
    )
    return path


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def build(repo: Path, commits: int, seed: int) -> None:
    """A repository whose main branch has ``commits`` commits that touch the framework."""
    git(repo, "init", "-q", "-b", "main")
    rng = random.Random(seed)
    files = shipped_files()
    stream = bytearray()
    start = 1_767_225_600  # 2026-01-01
    for number in range(commits):
        when = start + number * 3600
        stream += b"commit refs/heads/main\nmark :%d\n" % (number + 1)
        stream += b"author Bench <bench@example.com> %d +0000\n" % when
        stream += b"committer Bench <bench@example.com> %d +0000\n" % when
        stream += _data(f"change {number}")
        if number == 0:
            changed = list(files)
        else:
            stream += b"from :%d\n" % number
            changed = [edit(files, number, rng)]
        for path in changed:
            stream += f"M 100644 inline {path}\n".encode()
            stream += _data(files[path])
        if number % 25 == 24:
            stream += b"M 100644 inline notes.txt\n" + _data(f"note {number}\n")
    git(repo, "fast-import", "--quiet", stdin=bytes(stream))
    git(repo, "reset", "-q", "--hard", "main")


def unpack(repo: Path) -> None:
    """Turn every packed object into a loose one."""
    pack_dir = repo / ".git" / "objects" / "pack"
    packs = sorted(pack_dir.glob("*.pack"))
    with tempfile.TemporaryDirectory() as holding:
        moved = [Path(shutil.move(str(pack), holding)) for pack in packs]
        for index in pack_dir.glob("*.idx"):
            index.unlink()
        for pack in moved:
            git(repo, "unpack-objects", "-q", stdin=pack.read_bytes())


def timed(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process(repo: Path, *command: str) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run(
            list(command), cwd=repo, env=ENV, check=True, stdout=subprocess.DEVNULL
        )

    return run


PREPCTL_LOG = [sys.executable, "-m", "prepctl", "log"]
COMMANDS = {
    "prepctl log THRESHOLD": [*PREPCTL_LOG, THRESHOLD, "-f", "json"],
    "prepctl log (whole framework)": [*PREPCTL_LOG, "-f", "json"],
    "git log -p -- framework/": ["git", "log", "-p", "--", "framework/"],
}


def measure(repo: Path, runs: int, whole: bool) -> dict[str, float]:
    """Median wall-clock time of each command, run round-robin ``runs`` times after one
    uncounted run each (which warms the file cache)."""
    runners = {name: process(repo, *command) for name, command in COMMANDS.items()}
    for run in runners.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(runs):
        for name, run in runners.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    found = {name: statistics.median(values) for name, values in times.items()}
    if whole:

        def whole_documents() -> object:
            from prepctl.core import history

            return history.timeline(None, cwd=repo, partial=False)

        found["whole-document diffs, in process"] = timed(whole_documents, 1)
    return found


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    parser.add_argument(
        "--no-whole", action="store_true", help="leave out the whole-document comparison"
    )
    arguments = parser.parse_args()
    whole = not arguments.no_whole
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as scratch:
        repo = arguments.keep or Path(scratch) / "repo"
        repo.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        build(repo, arguments.commits, arguments.seed)
        built = time.perf_counter() - start
        touching = len(git(repo, "log", "--format=%H", "--", "framework/").splitlines())
        print(
            f"{arguments.commits} commits ({touching} touching framework/), built in "
            f"{built:.1f} s; median of {arguments.runs} runs"
        )
        before = load()
        git(repo, "gc", "-q")
        packed = measure(repo, arguments.runs, whole)
        unpack(repo)
        loose_objects = len(list((repo / ".git" / "objects").glob("??/*")))
        loose = measure(repo, arguments.runs, whole)
        print(f"\n| command | packed (git gc) | loose ({loose_objects} objects) |")
        print("|---|---:|---:|")
        for name in packed:
            print(f"| {name} | {packed[name]:.2f} s | {loose[name]:.2f} s |")
        base = "git log -p -- framework/"
        for name in ("prepctl log THRESHOLD", "prepctl log (whole framework)"):
            print(
                f"| {name} / git log -p | {packed[name] / packed[base]:.1f}x "
                f"| {loose[name] / loose[base]:.1f}x |"
            )
        print(f"\nload average (1, 5, 15 min) before {before}, after {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
