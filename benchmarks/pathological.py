"""Frameworks built around one pathological pattern each, at a chosen size, for the linearity
rows of ``benchmarks/run.py``: every command on 10 KB and on 100 KB of a pattern must take at
most 15 times as long (time linear in the input, start-up included).

Each pattern writes two framework folders: ``base`` (the small framework of the bad-input
corpus, or the pattern's earlier version) and ``case`` (the pattern itself). ``diff`` and
``render --against`` compare the two.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from history import git

ROOT = Path(__file__).resolve().parent.parent
CORPUS_BASE = ROOT / "tests" / "bad_inputs" / "base"
CATEGORY = Path("categories") / "cyber.yaml"
RESPONSE = "response: The model must not be deployed until verified defenders have access."


def _copy(target: Path) -> Path:
    shutil.copytree(CORPUS_BASE, target)
    return target


def _edit(framework: Path, old: str, new: str) -> None:
    path = framework / CATEGORY
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def should_repeated(folder: Path, size: int) -> None:
    """One commitment of 'x Should ' over and over: each asks whether it opens a sentence."""
    _copy(folder / "base")
    case = _copy(folder / "case")
    _edit(case, RESPONSE, "response: " + "x Should " * (size // 9) + "must")


def line_breaks_then_should(folder: Path, size: int) -> None:
    """A commitment of line breaks (as escapes), then 'x Should'."""
    _copy(folder / "base")
    case = _copy(folder / "case")
    _edit(case, RESPONSE, 'response: "' + "\\n" * (size // 2) + 'x Should must"')


def _statements(count: int, *, later: bool) -> str:
    numbers = range(count - 1, -1, -1) if later else range(count)
    lines = ["threat-models:"]
    for number in numbers:
        if later and number % 4 == 1:
            continue  # a quarter removed
        text = f"Pathway {number} to harm, through step {number % 97}."
        if later and number % 4 == 0:
            text = f"Reworded pathway {number}, now through route {number % 89}."
        lines += [f"  - id: st-{number}", f"    text: {text}"]
    return "\n".join(lines) + "\nthresholds:\n"


def statements_reordered(folder: Path, size: int) -> None:
    """Threat-model statements, then the same in reverse order, a quarter reworded and a
    quarter removed: the redline places every change."""
    count = size // 60
    _edit(_copy(folder / "base"), "thresholds:\n", _statements(count, later=False))
    _edit(_copy(folder / "case"), "thresholds:\n", _statements(count, later=True))


def dangling_references(folder: Path, size: int) -> None:
    """As many safeguards as mistyped references to them: each asks for a suggestion."""
    _copy(folder / "base")
    case = _copy(folder / "case")
    count = size // 250
    guard = (case / "safeguards" / "monitoring.yaml").read_text(encoding="utf-8")
    for number in range(count):
        named = guard.replace("id: monitoring", f"id: guard-{number:05d}")
        (case / "safeguards" / f"guard-{number:05d}.yaml").write_text(named, encoding="utf-8")
    typos = "".join(f"      - gaurd-{number:05d}x\n" for number in range(count))
    listed = "    safeguards:\n      - monitoring\n"
    _edit(case, listed, listed + typos)


def repeated_words(folder: Path, size: int) -> None:
    """A summary of one word repeated, then of two words alternating: the word diff of a
    redline searches for matches everywhere."""
    summary = "summary: Cyber operations against hardened targets."
    _edit(_copy(folder / "base"), summary, "summary: " + "a " * (size // 4) + "end")
    _edit(_copy(folder / "case"), summary, "summary: " + "a b " * (size // 8) + "end")


def digits_with_underscores(folder: Path, size: int) -> None:
    """A plain scalar of digits joined by '_' (``1_0_0_..._0x``), where a YAML 1.1 reader
    would look for an integer, and prose with the same run: the number readers see it all."""
    run = "1" + "_0" * (size // 4)
    _copy(folder / "base")
    case = _copy(folder / "case")
    _edit(case, "summary: Cyber operations against hardened targets.", f"summary: {run}x")
    _edit(case, RESPONSE, f"response: The model must not exceed {run} steps.")


def deep_nesting(folder: Path, size: int) -> None:
    """Prose nested as deep as its text allows: block quotes, lists and brackets inside each
    other, one level per two characters (the YAML itself stays shallow and valid)."""
    depth = size // 6
    prose = "> " * depth + "- " * depth + "(" * depth + "x" + ")" * depth
    summary = "summary: Cyber operations against hardened targets."
    _copy(folder / "base")
    _edit(_copy(folder / "case"), summary, f"summary: '{prose}'")


PATTERNS: dict[str, Callable[[Path, int], None]] = {
    "'x Should ' repeated": should_repeated,
    "line breaks, then 'Should'": line_breaks_then_should,
    "statements reversed and reworded": statements_reordered,
    "mistyped references": dangling_references,
    "one word repeated, reworded": repeated_words,
    "digits joined by '_'": digits_with_underscores,
    "prose nested deep": deep_nesting,
}


def history(folder: Path) -> Path:
    """A repository whose ``framework/`` is the pattern's ``base``, then its ``case``: two
    commits for ``prepctl log`` to walk."""
    repo = folder / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for version in ("base", "case"):
        shutil.rmtree(repo / "framework", ignore_errors=True)
        shutil.copytree(folder / version, repo / "framework")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", version)
    return repo


def commands(folder: Path, out: Path) -> dict[str, list[str]]:
    """Every command, with the arguments it takes on a pattern's two folders (and, for log,
    the repository :func:`history` builds in ``folder``)."""
    base, case = str(folder / "base"), str(folder / "case")
    return {
        "lint": ["lint", case],
        "diff": ["diff", base, case, "--fail-on", "none"],
        "fmt --check": ["fmt", "--check", case],
        "render -f md": ["render", case, "-f", "md", "-o", str(out)],
        "render -f html": ["render", case, "-f", "html", "-o", str(out.with_suffix(".html"))],
        "render --against": ["render", case, "--against", base, "-f", "md", "-o", str(out)],
        "log": ["log", "-f", "json"],  # run in folder / "repo"
    }
