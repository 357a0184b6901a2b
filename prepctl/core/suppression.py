"""Inline suppressions: ``# prepctl: ignore[rule-id, other-rule] reason`` in a framework file.

A suppression excuses findings of the named rules on one line: the line it ends, or, when the
comment stands alone on its line, the next line that is not itself a comment (so several
suppressions may be stacked above one line). It also excuses findings about a value that starts
on that line, such as a weak word deep inside a block of text, where no comment can stand. The
reason is required; it stays next to what it excuses, so a framework directory copied anywhere
lints the same.

Suppressions are read from the raw text of each file (YAML parsers drop comments); a ``#``
inside a quoted or block scalar is text, not a comment. Matching them to findings happens in
:mod:`prepctl.lint.engine`; the rules ``suppression-without-reason``, ``unused-suppression`` and
``invalid-suppression`` then report on the suppressions themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prepctl.core import address
from prepctl.core.document import Document, Location, SourceFile
from prepctl.core.source_text import Comment, SourceText

MARKER = "prepctl:"
_SYNTAX = re.compile(r"^prepctl:\s*ignore\[(?P<rules>[^\]]*)\](?P<reason>.*)$", re.DOTALL)
_REASON_LEAD = " \t-:\u2013\u2014"  # hyphen, colon, en and em dash


@dataclass
class Suppression:
    """One suppression comment, and which of its rules matched a finding."""

    file: str
    line: int
    column: int
    target: int
    address: str
    rules: tuple[str, ...]
    reason: str
    malformed: bool = False
    used: set[str] = field(default_factory=set)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)


def read(document: Document) -> list[Suppression]:
    """Every suppression comment of every file of the document, in file order."""
    found: list[Suppression] = []
    for file in document.files:
        if MARKER not in document.snapshot.files.get(file.relative, b"").decode("utf-8", "replace"):
            continue  # most files have none; skip reading their comments
        source = SourceText.of(document, file)
        found.extend(read_file(file, source.comments(file.parsed)))
    return found


def read_file(file: SourceFile, comments: list[Comment]) -> list[Suppression]:
    comment_lines = {comment.line for comment in comments if comment.alone}
    found: list[Suppression] = []
    for comment in comments:
        text = comment.text.strip()
        if not text.startswith(MARKER):
            continue
        target = comment.line
        if comment.alone:
            target += 1
            while target in comment_lines:
                target += 1
        where = _address_on(file, target)
        match = _SYNTAX.match(text)
        if match is None:
            found.append(
                Suppression(file.display, comment.line, comment.column, target, where, (), "", True)
            )
            continue
        rules = tuple(rule.strip() for rule in match["rules"].split(",") if rule.strip())
        reason = match["reason"].strip().lstrip(_REASON_LEAD).strip()
        found.append(
            Suppression(
                file.display, comment.line, comment.column, target, where, rules, reason, not rules
            )
        )
    return found


def _address_on(file: SourceFile, line: int) -> str:
    """The address of what is written on a line: its first key, else its first value, else the
    nearest thing written above it."""
    on_line = [
        (position[1], path)
        for table in (file.parsed.keys, file.parsed.values)
        for path, position in table.items()
        if position[0] == line
    ]
    if on_line:
        return file.address(min(on_line, key=lambda entry: entry[0])[1])
    above = [
        (position, path) for path, position in file.parsed.values.items() if position[0] < line
    ]
    if above:
        return file.address(max(above, key=lambda entry: entry[0])[1])
    return file.addresses.get((), address.ROOT)
