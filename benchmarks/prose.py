"""The prose judge against human coders: ``prepctl diff`` on the Silent Revision corpus.

    python benchmarks/prose.py [--rows W,S,R] [--pair ANT-1]

Each row of ``benchmarks/data/silent-revision/tracing_dev.csv`` is a commitment of a real
framework traced across one revision, with the outcome two coders gave it (R retained, W
weakened, S strengthened). Its text before and after the revision becomes the text of one
measure of a safeguard in two copies of a framework made by ``prepctl init``; the real
``prepctl diff BASE HEAD -f json`` compares the copies, and the impact it gives each measure is
compared with the coders' outcome. The figures, per version pair and overall:

- W silent: weakenings the diff lets through (no change, editorial, neutral or strengthening);
- W called weakening;
- S called weakening (the wrong direction);
- R false alarm: retained rows called weakening or strengthening;
- R needs-review, of the retained rows whose wording changed (beyond whitespace).

``--rows`` lists every row of the given outcomes with the diff's verdict and detail, for
reading where the judge and the coders part.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "silent-revision" / "tracing_dev.csv"
PREPCTL = Path(sys.executable).parent / "prepctl"
SAFEGUARD = "silent-revision"
OUTCOMES = ("R", "W", "S")
SILENT = frozenset({"no change", "editorial", "neutral", "strengthening"})


@dataclass(frozen=True)
class Row:
    pair: str
    id: str
    outcome: str
    before: str
    after: str

    @property
    def measure(self) -> str:
        return self.id.lower()

    @property
    def reworded(self) -> bool:
        return self.before.split() != self.after.split()


@dataclass(frozen=True)
class Judged:
    row: Row
    impact: str
    detail: str


def read_rows(path: Path = CORPUS) -> list[Row]:
    """The rows with a text before and after: the final outcome is R, W or S."""
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    rows = []
    for record in records:
        outcome = record["ADJ_outcome"] or record["outcome"]
        if outcome in OUTCOMES:
            rows.append(
                Row(
                    record["pair_id"],
                    record["commitment_id"],
                    outcome,
                    record["v_i_text"],
                    record["v_next_text"],
                )
            )
    return rows


def judge(rows: Sequence[Row]) -> list[Judged]:
    """Every row's verdict from one real ``prepctl diff`` of two framework folders."""
    with tempfile.TemporaryDirectory(prefix="prepctl-prose-") as temporary:
        root = Path(temporary)
        _run(PREPCTL, "init", str(root / "scaffold"))
        folders = []
        for side, texts in (("base", [r.before for r in rows]), ("head", [r.after for r in rows])):
            folder = root / side
            shutil.copytree(root / "scaffold" / "framework", folder)
            _write_safeguard(folder / "safeguards" / f"{SAFEGUARD}.yaml", rows, texts)
            folders.append(str(folder))
        output = _run(PREPCTL, "diff", *folders, "-f", "json", "--fail-on", "none")
    changes = {change["address"]: change for change in json.loads(output)["changes"]}
    judged = []
    for row in rows:
        change = changes.get(f"/safeguards/{SAFEGUARD}/measures/{row.measure}/text")
        if change is None:
            judged.append(Judged(row, "no change", ""))
        else:
            judged.append(Judged(row, change["impact"], change.get("detail", "")))
    unexpected = set(changes) - {
        f"/safeguards/{SAFEGUARD}/measures/{row.measure}/text" for row in rows
    }
    if unexpected:
        raise SystemExit(f"unexpected changes in the diff: {sorted(unexpected)}")
    return judged


def _write_safeguard(path: Path, rows: Sequence[Row], texts: Sequence[str]) -> None:
    lines = [
        f"id: {SAFEGUARD}",
        "name: Silent Revision commitments",
        "kind: governance",
        "summary: Commitments traced across revisions of public frameworks.",
        "measures:",
    ]
    for row, text in zip(rows, texts, strict=True):
        # JSON strings are YAML 1.2 flow scalars: every character survives as written.
        lines += [f"  - id: {row.measure}", f"    text: {json.dumps(text)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(*command: object) -> str:
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{done.stderr}")
    return done.stdout


@dataclass(frozen=True)
class Figures:
    w_total: int
    w_silent: int
    w_weakening: int
    s_total: int
    s_weakening: int
    r_total: int
    r_false_alarm: int
    r_reworded: int
    r_review: int


def figures(judged: Iterable[Judged]) -> Figures:
    counts: Counter[str] = Counter()
    for item in judged:
        outcome, impact = item.row.outcome, item.impact
        counts[f"{outcome} total"] += 1
        if outcome == "W":
            counts["W silent"] += impact in SILENT
            counts["W weakening"] += impact == "weakening"
        elif outcome == "S":
            counts["S weakening"] += impact == "weakening"
        else:
            counts["R false alarm"] += impact in ("weakening", "strengthening")
            if item.row.reworded:
                counts["R reworded"] += 1
                counts["R review"] += impact == "needs-review"
    return Figures(
        counts["W total"],
        counts["W silent"],
        counts["W weakening"],
        counts["S total"],
        counts["S weakening"],
        counts["R total"],
        counts["R false alarm"],
        counts["R reworded"],
        counts["R review"],
    )


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "n/a"


HEADER = (
    "| pair | W silent (< 5 %) | W called weakening (≥ 60 %) | S called weakening (< 5 %) "
    "| R false alarm (< 5 %) | R needs-review, of reworded (≤ 30 %) |"
)


def table(judged: Sequence[Judged]) -> str:
    lines = [HEADER, "|---|---:|---:|---:|---:|---:|"]
    pairs = sorted({item.row.pair for item in judged})
    for name in [*pairs, "all"]:
        chosen = [item for item in judged if name in ("all", item.row.pair)]
        f = figures(chosen)
        label = "**all**" if name == "all" else name
        lines.append(
            f"| {label} | {_share(f.w_silent, f.w_total)} | {_share(f.w_weakening, f.w_total)} "
            f"| {_share(f.s_weakening, f.s_total)} | {_share(f.r_false_alarm, f.r_total)} "
            f"| {_share(f.r_review, f.r_reworded)} |"
        )
    return "\n".join(lines)


def listing(judged: Sequence[Judged], outcomes: str) -> str:
    wanted = set(outcomes.split(","))
    lines = []
    for item in judged:
        if item.row.outcome in wanted:
            lines.append(f"{item.row.id} {item.row.outcome} -> {item.impact}: {item.detail}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", help="list the rows of these outcomes, such as W,S")
    parser.add_argument("--pair", action="append", help="only this version pair (repeatable)")
    options = parser.parse_args(argv)
    rows = read_rows()
    if options.pair:
        rows = [row for row in rows if row.pair in options.pair]
    judged = judge(rows)
    if options.rows:
        print(listing(judged, options.rows))
        print()
    print(table(judged))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
