"""``prepctl init``: scaffold a framework repository that lints, hooks and checks at once.

Nothing is overwritten without ``--force``: every conflict is listed and nothing is written. A
place that cannot take a file (a folder where a file goes, a file where a folder goes) is an
error even with ``--force``. The files are written all at once or not at all
(:mod:`prepctl.io.staging`); the next ``prepctl init`` of a folder that a killed run left
half-written clears or finishes what that run left, and stops there.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from prepctl import __version__, scaffold
from prepctl.errors import PrepctlError
from prepctl.io import staging
from prepctl.io.paths import display
from prepctl.terminal import safe

NEXT_STEPS = """\
  prepctl lint        # clean from the start; now make the framework your own
  pip install pre-commit && pre-commit install
  git config diff.prepctl.command "prepctl git-diff-driver"
  CI: name the prepctl to install in .github/prepctl-requirements.txt (CI fails until you do)
"""


def run(directory: str | None, *, force: bool) -> int:
    root = Path(directory) if directory else Path(".")
    out = sys.stdout
    if root.exists() and not root.is_dir():
        raise PrepctlError(f"{display(root)}: exists and is not a folder")
    finished = staging.recover(root)
    if finished:
        out.write(
            f"finished an interrupted prepctl init: moved {_count(len(finished), 'file')} "
            f"into {safe(display(root))}\n"
        )
        return 0
    planned = scaffold.files(today=date.today(), version=__version__)
    staging.check_places(root, planned)
    conflicts = [relative for relative in planned if (root / relative).exists()]
    if conflicts and not force:
        for relative in conflicts:
            sys.stderr.write(f"  {safe(display(root / relative))}\n")
        raise PrepctlError(
            f"{_count(len(conflicts), 'file')} already exist{'s' if len(conflicts) == 1 else ''} "
            "(listed above); nothing was written. Use --force to overwrite them"
        )
    staging.write_all(root, planned)
    overwritten = set(conflicts)
    where = display(root)
    out.write(f"wrote {_count(len(planned), 'file')} in {safe(where)}:\n")
    for relative in planned:
        note = "  (overwritten)" if relative in overwritten else ""
        out.write(f"  {safe(relative)}{note}\n")
    out.write("next steps:\n")
    if where != ".":
        out.write(f"  cd {safe(where)}\n")
    if not any((folder / ".git").exists() for folder in (root, *root.resolve().parents)):
        out.write("  git init\n")
    out.write(NEXT_STEPS)
    return 0


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
