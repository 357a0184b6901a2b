"""The comparison as Markdown: a table a concept, a column a framework, then the gaps."""

from __future__ import annotations

from typing import TextIO

from prepctl.core.compare import Comparison, Concept
from prepctl.reporters.diff.markdown import text


def _cell(lines: tuple[str, ...], stricter: bool) -> str:
    said = "<br>".join(text(line) for line in lines) or "—"
    return f"{said}<br>**stricter**" if stricter else said


def _concept(concept: Concept, titles: list[str]) -> list[str]:
    out = [f"## {text(concept.title)}", ""]
    out.append("| | " + " | ".join(titles) + " |")
    out.append("|---" * (len(titles) + 1) + "|")
    for row in concept.rows:
        label = f"**{text(row.label)}**"
        if row.rule:
            label += f"<br>_{text(row.rule)}_"
        cells = [_cell(cell.lines, cell.stricter) for cell in row.cells]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    gaps = [
        (title, [gap.label for gap in concept.gaps if gap.framework == index])
        for index, title in enumerate(titles)
    ]
    if any(missing for _, missing in gaps):
        out += ["", "Gaps, what another framework has:", ""]
        out += [
            f"- {title} lacks: {', '.join(text(label) for label in missing)}"
            for title, missing in gaps
            if missing
        ]
    return [*out, ""]


def report(comparison: Comparison, stream: TextIO, color: bool) -> None:
    titles = [text(side.title) for side in comparison.frameworks]
    out = ["# Frameworks compared", ""]
    for side, title in zip(comparison.frameworks, titles, strict=True):
        effective = f", effective {text(side.effective)}" if side.effective else ""
        out.append(f"- **{title}**: {text(side.name)}{effective} ({text(side.source)})")
    out += [
        "",
        "A cell marked **stricter** is the strictest on its row, as the schema ranks it.",
        "",
    ]
    for concept in comparison.concepts:
        if concept.rows:
            out += _concept(concept, titles)
    stream.write("\n".join(out).rstrip("\n") + "\n")
