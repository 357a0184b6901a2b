"""``prepctl export --to sfc|oscal``: one framework version in another format.

The framework must pass schema validation first, as for ``prepctl render``. The export goes to
standard output unless ``-o`` names a file, written atomically (never inside the framework
folder being read). One line on standard error says what was written; each thing the format
cannot carry follows as a note, and ``--losses FILE`` writes them to a file as well, one a
line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prepctl.commands.sources import resolve_folder, resolve_snapshots
from prepctl.core import compliance, document, source, validate
from prepctl.core.export import Export
from prepctl.io.output import write_output
from prepctl.lint import config

STDOUT = "-"
NAMES = {"sfc": "Safety Framework Card", "oscal": "OSCAL catalog"}


def run(argument: str | None, *, to: str, output: str | None, losses: str | None = None) -> int:
    snapshot, folder = _read(argument)
    framework = document.load(snapshot)
    validate.require_valid(framework, snapshot.label, "export")
    exported = _export(to, framework, folder)
    sources = [folder] if folder is not None else []
    if output is not None and output != STDOUT:
        write_output(Path(output), exported.text, sources=sources)
        where = output
    else:
        sys.stdout.write(exported.text)
        sys.stdout.flush()
        where = "standard output"
    if losses is not None:
        write_output(
            Path(losses), "".join(f"{line}\n" for line in exported.losses), sources=sources
        )
    lost = len(exported.losses)
    things = "thing" if lost == 1 else "things"
    print(
        f"prepctl: wrote the {NAMES[to]} of {snapshot.label} to {where}: "
        f"{exported.commitments} commitments; {lost} {things} it cannot carry",
        file=sys.stderr,
    )
    for line in exported.losses:
        print(f"prepctl: note: not carried: {line}", file=sys.stderr)
    return 0


def _export(to: str, framework: document.Document, folder: Path | None) -> Export:
    if to == "sfc":
        from prepctl.core.export import sfc

        return sfc.export(framework)
    from prepctl.core.export import oscal

    profiles = config.for_framework(folder).profiles if folder is not None else ()
    return oscal.export(framework, compliance.Catalogue(profiles))


def _read(argument: str | None) -> tuple[source.Snapshot, Path | None]:
    """The snapshot to export, and its folder on disk (None for a version read from git)."""
    if argument is None:
        folder = source.find_framework(Path.cwd())
        return source.read_directory(folder), folder
    (snapshot,) = resolve_snapshots([argument])
    if type(snapshot) is not source.Snapshot:
        return snapshot, None
    return snapshot, resolve_folder(argument)
