"""The comparison as text: one table a concept, a column a framework, fitted to the terminal's
width ($COLUMNS, else the terminal's, else 100); too narrow for columns, each row lists the
frameworks under it instead. Then each framework's gaps on the concept."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Sequence
from itertools import zip_longest
from typing import TextIO

from prepctl.core.compare import Comparison, Concept, Row
from prepctl.terminal import safe

_NOTHING = "-"
_STRICTER = "[stricter]"
_LABEL_WIDTH = 24
_NARROWEST = 16
_GUTTER = "  "


def width() -> int:
    written = os.environ.get("COLUMNS", "")
    if written.isascii() and written.isdigit() and 0 < len(written) <= 6 and int(written) > 0:
        return max(int(written), 40)
    try:
        return max(os.get_terminal_size(sys.__stdout__.fileno()).columns, 40)  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 100


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color and text else text


def _wrap(lines: Sequence[str], size: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += textwrap.wrap(safe(line), size, subsequent_indent="  ", break_on_hyphens=False) or [
            ""
        ]
    return out


def _cell(row: Row, index: int, size: int) -> list[str]:
    cell = row.cells[index]
    lines = _wrap(cell.lines, size) or [_NOTHING]
    return [*lines, _STRICTER] if cell.stricter else lines


def _table(concept: Concept, titles: Sequence[str], total: int, color: bool) -> list[str]:
    count = len(titles)
    label = min(_LABEL_WIDTH, max([len(row.label) for row in concept.rows] + [8]))
    column = (total - label - len(_GUTTER) * count) // count
    if column < _NARROWEST:
        return _stacked(concept, titles, total, color)
    head = " " * label + "".join(_GUTTER + f"{title[:column]:<{column}}" for title in titles)
    out = [_paint(head.rstrip(), "1", color)]
    for row in concept.rows:
        left = _wrap([row.label], label)
        columns = [_cell(row, index, column) for index in range(count)]
        for parts in zip_longest(left, *columns, fillvalue=""):
            text = f"{parts[0]:<{label}}"
            for part in parts[1:]:
                shown = f"{part:<{column}}"
                if part == _STRICTER:
                    shown = _paint(shown, "32", color)
                elif part == _NOTHING:
                    shown = _paint(shown, "2", color)
                text += _GUTTER + shown
            out.append(text.rstrip())
    return out


def _stacked(concept: Concept, titles: Sequence[str], total: int, color: bool) -> list[str]:
    out = []
    for row in concept.rows:
        out.append(_paint(safe(row.label), "1", color))
        for title, cell in zip(titles, row.cells, strict=True):
            said = "; ".join(cell.lines) or _NOTHING
            mark = f" {_STRICTER}" if cell.stricter else ""
            out += textwrap.wrap(
                safe(f"{title}: {said}{mark}"),
                total - 2,
                initial_indent="  ",
                subsequent_indent="      ",
                break_on_hyphens=False,
            )
    return out


def _wrapped(text: str, total: int) -> list[str]:
    return textwrap.wrap(
        safe(text),
        total - 2,
        initial_indent="  ",
        subsequent_indent="      ",
        break_on_hyphens=False,
    )


def _gaps(concept: Concept, titles: Sequence[str], total: int) -> list[str]:
    out = []
    for index, title in enumerate(titles):
        missing = [gap.label for gap in concept.gaps if gap.framework == index]
        if missing:
            out += _wrapped(f"{title} lacks: {', '.join(missing)}", total)
    return out


def report(comparison: Comparison, stream: TextIO, color: bool) -> None:
    total = width()
    titles = [safe(side.title) for side in comparison.frameworks]
    stream.write(_paint(f"Comparing {len(titles)} frameworks", "1", color) + "\n")
    lines = []
    for side, title in zip(comparison.frameworks, titles, strict=True):
        effective = f", effective {side.effective}" if side.effective else ""
        lines += _wrapped(f"{title}: {side.name}{effective} ({side.source})", total)
    legend = f"A cell marked {_STRICTER} is the strictest on its row, as the schema ranks it."
    lines += textwrap.wrap(legend, total)
    stream.write("\n".join(lines) + "\n")
    for concept in comparison.concepts:
        if not concept.rows:
            continue
        stream.write("\n" + _paint(concept.title.upper(), "1", color) + "\n")
        stream.write("\n".join(_table(concept, titles, total, color)) + "\n")
        gaps = _gaps(concept, titles, total)
        if gaps:
            stream.write(_paint("Gaps", "1", color) + " (what another framework has)\n")
            stream.write("\n".join(gaps) + "\n")
