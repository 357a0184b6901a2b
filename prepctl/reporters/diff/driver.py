"""What git's external diff shows for one framework file: git's own header, the file's changes
classified, then git's line diff (see :mod:`prepctl.commands.git_diff_driver`)."""

from __future__ import annotations

from dataclasses import dataclass

from prepctl.core import diff
from prepctl.reporters.diff.summary import ORDER, plural
from prepctl.reporters.diff.text import INDENT, heading
from prepctl.reporters.line_diff import line_diff as unified
from prepctl.terminal import safe_line

NULL = "/dev/null"


@dataclass(frozen=True)
class Side:
    """One version of the file as git hands it over."""

    path: str
    file: str
    hex: str
    mode: str

    @property
    def exists(self) -> bool:
        return self.file != NULL and self.mode != "."


def git_header(old: Side, new: Side, rename_header: str) -> str:
    """The lines git prints above a diff: paths, modes, the rename, the blob ids."""
    lines = [f"diff --git a/{old.path} b/{new.path}"]
    if not old.exists:
        lines.append(f"new file mode {new.mode}")
    elif not new.exists:
        lines.append(f"deleted file mode {old.mode}")
    elif old.mode != new.mode:
        lines += [f"old mode {old.mode}", f"new mode {new.mode}"]
    lines += [line for line in rename_header.splitlines() if line]
    if old.hex != new.hex:
        same_mode = f" {new.mode}" if old.exists and new.exists and old.mode == new.mode else ""
        lines.append(f"index {_short(old.hex)}..{_short(new.hex)}{same_mode}")
    return "".join(safe_line(line) + "\n" for line in lines)


def _short(hex_id: str) -> str:
    return "0000000" if hex_id == "." else hex_id[:7]


def classified(changes: list[diff.Change]) -> str:
    """The file's changes, each classified, under a count by impact."""
    if not changes:
        return "prepctl: no change in meaning (layout or comments only)\n"
    counts = ", ".join(
        f"{count} {impact.value}"
        for impact in ORDER
        if (count := sum(1 for change in changes if change.impact is impact))
    )
    lines = [f"prepctl: {plural(len(changes), 'change')}: {counts}"]
    for change in changes:
        first, detail = heading(change, color=False)
        lines.extend([first, detail] if change.detail else [first])
        if change.location is not None:
            was = "was" if change.kind is diff.Kind.REMOVED else "at"
            lines.append(f"{INDENT}{was} {change.location}")
    return "".join(safe_line(line) + "\n" for line in lines)


def not_classified(reason: str) -> str:
    """The note shown instead of the changes when they cannot be classified."""
    return safe_line(f"prepctl: no classification ({reason})") + "\n"


def unreadable(message: str) -> str:
    """The note shown when a version of the file cannot be read as the framework's YAML."""
    return f"prepctl: no classification: {safe_line(message)}\n"


def line_diff(old: Side, before: bytes | None, new: Side, after: bytes | None) -> str:
    """The unified diff git would show, or git's note for binary files."""
    old_name = f"a/{old.path}" if old.exists else NULL
    new_name = f"b/{new.path}" if new.exists else NULL
    if b"\0" in (before or b"") or b"\0" in (after or b""):
        return safe_line(f"Binary files {old_name} and {new_name} differ") + "\n"
    return unified(_lines(before), _lines(after), old_name, new_name)


def _lines(raw: bytes | None) -> list[str]:
    """The file's lines, split as git splits them: at line feeds only."""
    if not raw:
        return []
    text = raw.decode("utf-8", errors="replace")
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]
