"""The raw text of a framework file: where a character inside a scalar stands, and comments.

The YAML module reports where each value starts; some rules need more. ``commitment-language``
points at the weak word inside a long text, and inline suppressions live in comments, which a
YAML parser drops. Both are answered here from the file's text and the parsed data, without a
second YAML parser: a scalar's characters are matched one by one against the source from where
the scalar starts, folding whitespace as YAML does. Where that cannot be done with certainty (a
double-quoted scalar with escapes), the answer is None and callers fall back to the value's
start.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, NamedTuple

from prepctl.core.document import Document, SourceFile
from prepctl.io import yaml as yamlio

# The line breaks prepctl.io.yaml counts (it refuses U+0085, U+2028 and U+2029).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACE = " \t\r\n"


class Comment(NamedTuple):
    """A ``#`` comment: where its ``#`` is, its text after the ``#``, and whether nothing but
    indentation precedes it on its line."""

    line: int
    column: int
    text: str
    alone: bool


class SourceText:
    """One file's text with line offsets, for turning offsets into lines and columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    @classmethod
    def of(cls, document: Document, file: SourceFile) -> SourceText:
        raw = document.snapshot.files.get(file.relative, b"")
        return cls(yamlio.decode(raw, file.display))

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column (clamped to the text)."""
        index = min(max(line, 1), len(self.line_starts)) - 1
        return min(self.line_starts[index] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_end(self, offset: int) -> int:
        found = _LINE_BREAK.search(self.text, offset)
        return found.start() if found else len(self.text)

    # -- scalars -------------------------------------------------------------------------------

    def _content_start(self, start: int) -> int:
        """Past any tag (``!!str``) and anchor (``&name``) written before a scalar."""
        text, j = self.text, start
        while j < len(text) and text[j] in "!&":
            while j < len(text) and text[j] not in _SPACE:
                j += 1
            while j < len(text) and text[j] in _SPACE:
                j += 1
        return j

    def scalar_offsets(self, start: int, value: str) -> tuple[list[int], int] | None:
        """The offset in the text of each character of ``value``, a scalar that starts at offset
        ``start``, and the offset just past its last character; None when they cannot be matched
        with certainty.

        Plain, single-quoted, literal (``|``) and folded (``>``) scalars are matched character by
        character; a run of whitespace in the value matches a run in the text (a folded line
        break, indentation), so every other character is found exactly where it is written.
        """
        text = self.text
        j = self._content_start(start)
        style = text[j] if j < len(text) else ""
        quote = ""
        if style in ("|", ">"):
            j = self.line_end(j)  # the header line may end in a comment
        elif style in ("'", '"'):
            quote = style
            j += 1
        offsets: list[int] = []
        i = 0
        while i < len(value):
            character = value[i]
            if character in _SPACE:
                if j < len(text) and text[j] in _SPACE:
                    while i < len(value) and value[i] in _SPACE:
                        offsets.append(j)
                        i += 1
                    while j < len(text) and text[j] in _SPACE:
                        j += 1
                    continue
                if not value[i:].strip(_SPACE):  # trailing line breaks kept by chomping
                    offsets.extend(j for _ in value[i:])
                    break
                return None
            while j < len(text) and text[j] in _SPACE:
                j += 1  # indentation of a block scalar's line, or a folded line break
            if j >= len(text) or text[j] != character:
                return None
            if quote == '"' and character in '\\"':
                return None  # an escape: positions are no longer one to one
            if quote == "'" and character == "'":
                if text[j + 1 : j + 2] != "'":
                    return None
                j += 1  # '' stands for '
            offsets.append(j)
            j += 1
            i += 1
        return offsets, j

    def position_in_scalar(
        self, start: tuple[int, int], value: str, index: int
    ) -> tuple[int, int] | None:
        """The line and column of ``value[index]`` for a scalar starting at ``start``."""
        matched = self.scalar_offsets(self.offset(*start), value)
        if matched is None or not 0 <= index < len(matched[0]):
            return None
        return self.position(matched[0][index])

    def _quoted_end(self, start: int) -> int | None:
        text, quote, k = self.text, self.text[start], start + 1
        while k < len(text):
            if quote == '"' and text[k] == "\\":
                k += 2
                continue
            if text[k] == quote:
                if quote == "'" and text[k + 1 : k + 2] == "'":
                    k += 2
                    continue
                return k + 1
            k += 1
        return None

    def _scalar_span(self, start: int, value: str, following: int) -> tuple[int, int]:
        """Where a text scalar is written; ``following`` is where the next node starts, the
        farthest a block scalar whose characters cannot be matched may reach."""
        j = self._content_start(start)
        style = self.text[j] if j < len(self.text) else ""
        if style in ("'", '"'):
            end = self._quoted_end(j)
            return start, end if end is not None else following
        if style in ("|", ">"):
            start = self.line_end(j)  # the header line may end in a real comment
        matched = self.scalar_offsets(j, value)
        if matched is not None:
            return start, matched[1]
        return start, following if style in ("|", ">") else self.line_end(j)

    # -- comments ------------------------------------------------------------------------------

    def comments(self, parsed: yamlio.YamlFile) -> list[Comment]:
        """Every ``#`` comment, knowing from the parsed file where text scalars are written, so
        that a ``#`` inside a quoted or block scalar is not taken for one."""
        scalars: list[tuple[int, Any]] = []
        for path, position in parsed.values.items():
            value = _value_at(parsed.data, path)
            if isinstance(value, str):
                scalars.append((self.offset(*position), value))
        for path, position in parsed.keys.items():
            scalars.append((self.offset(*position), str(path[-1])))
        starts = sorted({self.offset(*p) for p in (*parsed.values.values(), *parsed.keys.values())})
        spans: list[tuple[int, int]] = []
        for start, value in scalars:
            after = bisect.bisect_right(starts, start)
            following = starts[after] if after < len(starts) else len(self.text)
            spans.append(self._scalar_span(start, value, following))
        spans.sort()
        span_starts = [span[0] for span in spans]
        found: list[Comment] = []
        for line_index, line_start in enumerate(self.line_starts):
            line_stop = self.line_end(line_start)
            k = self.text.find("#", line_start, line_stop)
            while k != -1:
                if (k == line_start or self.text[k - 1] in " \t") and not _inside(
                    spans, span_starts, k
                ):
                    found.append(
                        Comment(
                            line=line_index + 1,
                            column=k - line_start + 1,
                            text=self.text[k + 1 : line_stop],
                            alone=not self.text[line_start:k].strip(),
                        )
                    )
                    break
                k = self.text.find("#", k + 1, line_stop)
        return found


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    index = bisect.bisect_right(starts, offset)
    return any(start <= offset < end for start, end in spans[max(0, index - 8) : index])


def _value_at(data: Any, path: yamlio.Path) -> Any:
    for step in path:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data
