"""Generate synthetic frameworks in prepctl's schema, at a chosen size, for benchmarks.

    python benchmarks/generate.py OUT_DIR --size 1MB [--seed 1]

The framework is the shipped one, with its categories multiplied (new ids, same shape,
varied prose, requiring the shipped safeguards) until the files add up to the requested size.
It lints clean.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "framework"
WORDS = [
    "model",
    "capability",
    "evaluation",
    "threshold",
    "safeguard",
    "uplift",
    "deployment",
    "monitoring",
    "security",
    "weights",
    "access",
    "misuse",
    "alignment",
    "oversight",
    "review",
    "report",
    "governance",
    "incident",
    "response",
    "expert",
    "novice",
    "synthesis",
    "exploit",
    "autonomy",
    "replication",
    "research",
    "assessment",
    "mitigation",
]


def parse_size(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?B)?", text.strip(), re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 200KB, 1MB, 10MB)")
    unit = (match.group(2) or "B").upper()
    return int(float(match.group(1)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit])


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def _vary(text: str, rng: random.Random) -> str:
    """Replace folded prose with random sentences of similar length, keeping structure."""
    lines = text.splitlines()
    result = []
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        is_prose_line = stripped and not re.match(r"^(- )?[a-z][a-z-]*:( |$)|^- |^#", stripped)
        result.append(indent + _sentence(rng) if is_prose_line else line)
    return "\n".join(result) + "\n"


def generate(out: Path, size: int, seed: int = 1) -> int:
    """Write a framework of about ``size`` bytes to ``out``; return the bytes written."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SHIPPED, out)
    categories = sorted((SHIPPED / "categories").glob("*.yaml"))
    total = sum(p.stat().st_size for p in out.rglob("*.yaml"))
    copy = 0
    while total < size:
        copy += 1
        for template in categories:
            text = template.read_text()
            new_id = f"{template.stem}-copy-{copy}"
            text = re.sub(rf"^id: {re.escape(template.stem)}$", f"id: {new_id}", text, flags=re.M)
            text = _vary(text, rng)
            target = out / template.parent.name / f"{new_id}.yaml"
            target.write_text(text)
            total += len(text.encode())
            if total >= size:
                break
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=parse_size, default=parse_size("1MB"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = generate(args.out, args.size, args.seed)
    print(f"{args.out}: {written:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
