"""``prepctl git-diff-driver``: git's external diff for framework files.

Set up with ``framework/**/*.yaml diff=prepctl`` (and ``*.yml``) in ``.gitattributes`` and
``git config diff.prepctl.command "prepctl git-diff-driver"``; git then runs it once per
changed file in ``git diff``, and in ``git log -p`` and ``git show`` given ``--ext-diff`` (see
"GIT_EXTERNAL_DIFF" in git(1)), with seven arguments::

    path old-file old-hex old-mode new-file new-hex new-mode

(nine for a rename, adding the new path and git's rename header; one, the path, for an
unmerged file). The output is what git would show, with the file's changes classified above
the line diff:

```
diff --git a/framework/categories/cybersecurity.yaml b/framework/categories/cybersecurity.yaml
index 1a2b3c4..5d6e7f8 100644
prepctl: 2 changes: 1 weakening, 1 editorial
  ▼ weakening      removed   /categories/cybersecurity/thresholds/high/safeguards/misuse-classifiers
                             removed from safeguards (more is stricter)
                             was framework/categories/cybersecurity.yaml:47:9
--- a/framework/categories/cybersecurity.yaml
+++ b/framework/categories/cybersecurity.yaml
@@ -43,7 +43,6 @@
```

An external command rather than ``textconv``: a textconv filter rewrites each version into
text that git then diffs by lines, which can show a canonical layout but never say that a
change weakens a commitment. The file is read alone (:mod:`prepctl.core.partial`), so change records
in other files are not consulted: ``prepctl diff`` is the gate, this is the reviewer's view.

git stops the whole ``git log -p`` when an external diff fails, so anything that keeps the
classification from being made (a file that is not a framework file, malformed YAML, a change
record, which diffs do not compare) falls back to the line diff alone, with a note saying why,
and the exit code is 0.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from prepctl.core import diff, partial, source
from prepctl.errors import InputError, PrepctlError
from prepctl.reporters.diff.summary import ORDER, plural
from prepctl.reporters.diff.text import INDENT, heading
from prepctl.terminal import safe, safe_line

NULL = "/dev/null"
_CONTEXT_LINES = 3
SETUP = 'git config diff.prepctl.command "prepctl git-diff-driver"'


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

    def read(self) -> bytes | None:
        if not self.exists:
            return None
        try:
            # Never blocks on a named pipe, never reads an endless device or a huge file.
            return source.read_regular_file(Path(self.file), self.file)
        except InputError as exc:
            problem = exc.problem.removeprefix("cannot be read: ")
            raise PrepctlError(f"cannot read {self.file} for {self.path}: {problem}") from None


def run(arguments: list[str]) -> int:
    if len(arguments) == 1:  # an unmerged path, shown as git's own diff shows it
        sys.stdout.write(f"* Unmerged path {safe_line(arguments[0])}\n")
        return 0
    if len(arguments) not in (7, 9):
        raise PrepctlError(
            f"expected the 7 arguments git gives an external diff (path old-file old-hex "
            f"old-mode new-file new-hex new-mode), got {len(arguments)}; set it up with: {SETUP}"
        )
    path, old_file, old_hex, old_mode, new_file, new_hex, new_mode = arguments[:7]
    new_path, header = (arguments[7], arguments[8]) if len(arguments) == 9 else (path, "")
    old = Side(path, old_file, old_hex, old_mode)
    new = Side(new_path, new_file, new_hex, new_mode)
    before, after = old.read(), new.read()
    sys.stdout.write(git_header(old, new, header))
    if before != after:
        sys.stdout.write(semantic(old, before, new, after))
        sys.stdout.write(line_diff(old, before, new, after))
    return 0


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


def semantic(old: Side, before: bytes | None, new: Side, after: bytes | None) -> str:
    """The classified changes of the file, or a note saying why there are none to show."""
    old_place, new_place = partial.place(old.path), partial.place(new.path)
    if old_place is None or new_place is None or not _same_kind(old_place, new_place):
        return ""  # not a framework file (or moved out of its place): the line diff says it all
    if not new_place.compared:
        return ""  # change records explain changes; they are not commitments to classify
    try:
        changes = diff.compare(partial.load(old_place, before), partial.load(new_place, after))
    except PrepctlError as exc:
        return f"prepctl: no classification: {safe_line(exc.message)}\n"
    except Exception as exc:  # a bug must not stop git log -p; say so and show the lines
        problem = f"{type(exc).__name__}: {exc}"
        return safe_line(f"prepctl: no classification (internal error: {problem})") + "\n"
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


def _same_kind(old: partial.Place, new: partial.Place) -> bool:
    """Both paths name the same part of the same framework (a renamed item file included)."""
    return (old.folder, old.collection) == (new.folder, new.collection)


def line_diff(old: Side, before: bytes | None, new: Side, after: bytes | None) -> str:
    """The unified diff git would show, or git's note for binary files."""
    old_name = f"a/{old.path}" if old.exists else NULL
    new_name = f"b/{new.path}" if new.exists else NULL
    if b"\0" in (before or b"") or b"\0" in (after or b""):
        return safe_line(f"Binary files {old_name} and {new_name} differ") + "\n"
    lines = difflib.unified_diff(
        _lines(before), _lines(after), fromfile=old_name, tofile=new_name, n=_CONTEXT_LINES
    )
    shown: list[str] = []
    for line in lines:
        if line.endswith("\n"):
            shown.append(safe(line))
        else:
            shown.append(safe(line) + "\n\\ No newline at end of file\n")
    return "".join(shown)


def _lines(raw: bytes | None) -> list[str]:
    """The file's lines, split as git splits them: at line feeds only."""
    if not raw:
        return []
    text = raw.decode("utf-8", errors="replace")
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]
