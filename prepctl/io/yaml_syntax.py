"""A YAML file's text as :mod:`prepctl.io.yaml` reads it: where things are, and libyaml's syntax
errors in words.

Positions are 1-based lines and columns, with line breaks counted as libyaml counts them (CR LF,
CR and LF each end a line). libyaml's own errors are terse and written for YAML experts
(``could not find expected ':'``); :meth:`Located.explain` says instead what is wrong for the
person who edits the file, and where.
"""

from __future__ import annotations

import re
from typing import Any

import yaml as pyyaml

from prepctl.errors import InputError
from prepctl.io import yaml12

Position = tuple[int, int]

LINE_BREAK = re.compile(r"\r\n|\r|\n")
MAX_KEY = 1024
"""Characters in a key written as 'key: value' (YAML 1.2, section 7.4.3)."""
_KEY_END = re.compile(r":(?:[ \t]|$)")
_LINE_START = re.compile(r"^(?:[ ]*-(?= ))*[ ]*")  # indentation and list-item dashes
TAB_INDENT = (
    "a tab is used for indentation here; YAML allows only spaces for indentation, "
    "so replace the tab with spaces"
)


def position_in(text: str, offset: int) -> Position:
    """The 1-based line and column of ``text[offset]``, counting line breaks as libyaml does."""
    line, start = 1, 0
    for found in LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, found.end()
    return line, offset - start + 1


def offset_of(text: str, line: int, column: int) -> int:
    """The index in ``text`` of a 1-based line and column (the inverse of :func:`position_in`)."""
    start = 0
    for number, found in enumerate(LINE_BREAK.finditer(text), start=2):
        if number > line:
            break
        start = found.end()
    return start + column - 1


def _position(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


class Located:
    """One file's text and name, and errors placed in it."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self._lines: list[str] | None = None

    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = LINE_BREAK.split(self.text)
        return self._lines

    def fail_at(self, problem: yaml12.Problem) -> InputError:
        offset, message = problem
        line, column = position_in(self.text, offset)
        return InputError(self.name, line, column, message)

    def fail(self, mark: Any, problem: str) -> InputError:
        return InputError(self.name, mark.line + 1, mark.column + 1, problem)

    def line_at(self, mark: Any) -> str:
        """The text of a parser mark's line, or '' past the end."""
        lines = self.lines()
        line: int = mark.line
        return lines[line] if line < len(lines) else ""

    def character_at(self, mark: Any, offset: int = 0) -> str:
        """The character at a parser mark (plus ``offset`` along the line), or '' past the end."""
        column: int = mark.column + offset
        return self.line_at(mark)[column : column + 1]

    def key_length(self, mark: Any) -> int | None:
        """How far the ': ' after the text starting at a mark is, on the same line, if any."""
        found = _KEY_END.search(self.line_at(mark), mark.column)
        return found.start() - mark.column if found else None

    def long_key_before(self, mark: Any) -> InputError | None:
        """The error for a ':' that ends an over-long key starting its line, if it does."""
        text = self.line_at(mark)
        start = len(text) - len(_LINE_START.sub("", text, count=1))
        length: int = mark.column - start
        return self.long_key(mark.line, start, length) if length > MAX_KEY else None

    def long_key(self, line: int, column: int, length: int) -> InputError:
        # YAML 1.2 limits a key written as 'key: value' to 1024 characters, and libyaml checks.
        return InputError(
            self.name,
            line + 1,
            column + 1,
            f"this key is {length:,} characters long; YAML allows at most {MAX_KEY:,} "
            "before the ':' of a key, so shorten it",
        )

    def explain(self, exc: pyyaml.MarkedYAMLError) -> InputError:
        """Turn one of libyaml's terse syntax errors into a located, plain-language one."""
        problem = exc.problem or exc.context or "invalid YAML"
        context = exc.context or ""
        mark: Any = exc.problem_mark or exc.context_mark
        opener: Any = exc.context_mark
        if mark is None:  # pragma: no cover - libyaml marks every syntax error
            return InputError(self.name, 1, 1, f"invalid YAML: {problem}")
        if "tab character" in problem:
            return self.fail(mark, TAB_INDENT)
        if "cannot start any token" in problem:
            character = self.character_at(mark)
            if character == "\t":
                return self.fail(mark, TAB_INDENT)
            return self.fail(
                mark, f"a value cannot start with '{character}'; put the value in quotes"
            )
        if "quoted scalar" in context and opener is not None:
            quote = self.character_at(opener)
            if "end of stream" in problem:
                return self.fail(
                    opener,
                    f"the quoted text starting here is never closed; add the closing {quote}",
                )
            if "document indicator" in problem:
                return self.fail(
                    opener,
                    "the quoted text starting here is not closed before a '---' or '...' line; "
                    f"add the closing {quote}",
                )
            if "unknown escape" in problem:
                escape = "\\" + self.character_at(mark, 1)
                return self.fail(
                    mark,
                    f"'{escape}' is not a known escape in double-quoted text; write '\\\\' for a "
                    "backslash, or use single quotes",
                )
            if "escape code" in problem or "hexdecimal" in problem:
                return self.fail(mark, "this escape does not name a valid character")
        if "simple key" in context and "':'" in problem and opener is not None:
            length = self.key_length(opener)
            if length is not None and length > MAX_KEY:
                # The line does have its ':', so the message below would mislead.
                return self.long_key(opener.line, opener.column, length)
            return self.fail(
                opener,
                "this line is neither a 'key: value' entry nor part of the value above: add the "
                "missing ':' after the key, or indent the line further to continue the value",
            )
        if "expected key" in problem:
            return self.fail(
                mark,
                "expected a 'key: value' entry here, lined up with the keys above; "
                "check the indentation",
            )
        if "'-' indicator" in problem:
            return self.fail(
                mark,
                "expected a list item ('- ...') here, lined up with the items above; "
                "check the indentation",
            )
        if "mapping values are not allowed" in problem:
            too_long = self.long_key_before(mark)
            if too_long is not None:
                return too_long
            return self.fail(
                mark,
                "a ':' followed by a space is not allowed here; check the indentation, "
                "or put text that contains ': ' in quotes",
            )
        if "sequence entries are not allowed" in problem:
            return self.fail(mark, "a list item ('- ') is not allowed here; check the indentation")
        for closing, kind in (("]", "list"), ("}", "mapping")):
            if f"',' or '{closing}'" in problem and opener is not None:
                line, column = _position(opener)
                return self.fail(
                    mark,
                    f"expected ',' or '{closing}': the {kind} opened at line {line}, column "
                    f"{column} is not closed",
                )
        if "node content" in problem:
            if self.character_at(mark) == ":":
                # Valid YAML 1.2 ('[:x]' is text), but libyaml follows YAML 1.1 here.
                return self.fail(
                    mark, "inside [ ] or { }, text that starts with ':' must be put in quotes"
                )
            return self.fail(mark, "expected a value here")
        if "<document start>" in problem:
            return self.fail(mark, "unexpected text after the end of the document")
        if "anchor" in context or "alias" in context:
            sign = self.character_at(opener) if opener is not None else "&"
            return self.fail(
                opener or mark,
                f"'{sign}' must be followed by a name; "
                f"put text that starts with '{sign}' in quotes",
            )
        if "tag handle" in problem:
            return self.fail(mark, "tags are not allowed in framework files; remove the tag")
        if "incompatible YAML document" in problem:
            return self.fail(
                mark, "framework files are YAML 1.2; remove the %YAML line at the top of the file"
            )
        if "directive" in problem or "directive" in context:
            return self.fail(
                mark,
                "a line starting with '%' is a YAML directive; the only one allowed is "
                "'%YAML 1.2' (put text that starts with '%' in quotes)",
            )
        suffix = f" ({context})" if context and context != problem else ""
        return self.fail(mark, f"invalid YAML: {problem}{suffix}")
