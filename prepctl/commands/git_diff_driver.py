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

import sys
from pathlib import Path

from prepctl.core import file_diff, source
from prepctl.errors import InputError, PrepctlError
from prepctl.reporters.diff.driver import (
    Side,
    classified,
    git_header,
    line_diff,
    not_classified,
    unreadable,
)
from prepctl.terminal import safe_line

SETUP = 'git config diff.prepctl.command "prepctl git-diff-driver"'


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
    before, after = _read(old), _read(new)
    sys.stdout.write(git_header(old, new, header))
    if before != after:
        sys.stdout.write(semantic(old, before, new, after))
        sys.stdout.write(line_diff(old, before, new, after))
    return 0


def _read(side: Side) -> bytes | None:
    if not side.exists:
        return None
    try:
        # Never blocks on a named pipe, never reads an endless device or a huge file.
        return source.read_regular_file(Path(side.file), side.file)
    except InputError as exc:
        problem = exc.problem.removeprefix("cannot be read: ")
        raise PrepctlError(f"cannot read {side.file} for {side.path}: {problem}") from None


def semantic(old: Side, before: bytes | None, new: Side, after: bytes | None) -> str:
    """The classified changes of the file, or a note saying why there are none to show."""
    try:
        changes = file_diff.classify(old.path, before, new.path, after)
    except PrepctlError as exc:
        return unreadable(exc.message)
    except Exception as exc:  # a bug must not stop git log -p; say so and show the lines
        return not_classified(f"internal error: {type(exc).__name__}: {exc}")
    return "" if changes is None else classified(changes)
