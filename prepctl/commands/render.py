"""``prepctl render``: the published form of one framework version.

The framework must pass schema validation first (see :mod:`prepctl.commands.publishing`). HTML and
Markdown go to standard output unless ``-o`` names a file; a PDF needs a file (or ``-o -`` on
a pipe), because binary output on a terminal is noise. Files are written atomically, so a
failed render never leaves half a document behind (see :mod:`prepctl.io.output` for links, devices
and pipes); a file inside the framework folder being rendered is refused.

With ``--against BASE`` the document is a redline: SOURCE rendered as usual, with every change
of the semantic diff from BASE marked where it stands (see :mod:`prepctl.render.redline`).
BASE is a folder or a git ref, read the way ``prepctl diff`` reads it.
"""

from __future__ import annotations

from pathlib import Path

from prepctl.commands.publishing import (
    check_document_output,
    prepare,
    release_of,
    write_document,
)
from prepctl.commands.sources import resolve_folder, resolve_snapshots, resolve_version
from prepctl.core import confidential, document, source
from prepctl.core.assess.vocabulary import FOLDER
from prepctl.render import FORMATS
from prepctl.render.view import Framework


def run(
    argument: str | None,
    *,
    format_name: str,
    output: str | None,
    against: str | None = None,
    edition: str = confidential.PUBLIC,
) -> int:
    chosen = FORMATS[format_name]
    check_document_output(format_name, chosen.binary, output)
    if format_name == "pdf":
        from prepctl.io import chromium

        chromium.find_browser()  # before any work: say at once that Chromium is missing
    snapshot, folder = _read(argument)
    ref = argument if folder is None else None
    rendered = render(
        snapshot, ref, format_name=format_name, against=against, edition=edition, folder=folder
    )
    write_document(rendered, output, [folder] if folder is not None else [])
    return 0


def render(
    snapshot: source.Snapshot,
    ref: str | None,
    *,
    format_name: str,
    against: str | None,
    edition: str,
    folder: Path | None = None,
) -> str | bytes:
    """The document ``render`` writes of a snapshot, read from git ``ref`` (None: from
    ``folder``); ``prepctl verify`` renders a release again with it."""
    release = release_of(ref, Path.cwd()) if ref is not None else None
    read = _assessments_beside(folder)
    framework, view = prepare(
        snapshot,
        folder,
        edition=edition,
        release=release,
        also_read={key: raw for key, _, raw in read},
    )
    if folder is not None and read:
        view = _with_assessments(view, folder, framework, edition, read)
    redline = None
    if against is not None:
        from prepctl.core import diff
        from prepctl.io import yaml_pieces
        from prepctl.render import redaction
        from prepctl.render import redline as redlines

        base = document.load(resolve_version(against), parse=yaml_pieces.parse_cached)
        redline = redlines.build(diff.diff(base, framework), base, framework)
        if edition == confidential.PUBLIC:
            withheld = confidential.redactions(base) + confidential.redactions(framework)
            redline = redaction.redact_redline(redline, withheld)
    return FORMATS[format_name].render(view, redline)


def _assessments_beside(folder: Path | None) -> list[tuple[str, Path, bytes]]:
    """The assessment files beside the framework folder; the assessment machinery is
    imported only when there is an ``assessments/`` folder to read."""
    if folder is None or not (folder.parent / FOLDER).is_dir():
        return []
    from prepctl.commands import assess_report

    return assess_report.read_beside(folder)


def _with_assessments(
    view: Framework,
    folder: Path,
    framework: document.Document,
    edition: str,
    read: list[tuple[str, Path, bytes]],
) -> Framework:
    """The view with an appendix of the assessments made under its version, from the
    ``assessments/`` folder beside the framework folder."""
    from prepctl.commands import assess_report
    from prepctl.render.view import Section

    assessed = assess_report.appendix(folder, framework, edition, read)
    if not assessed:
        return view
    contents = [*view.contents, Section("Assessments", "assessments")]
    return view._replace(assessed=assessed, contents=contents)


def _read(argument: str | None) -> tuple[source.Snapshot, Path | None]:
    """The snapshot to render, and its folder on disk (None for a version read from git)."""
    if argument is None:
        folder = source.find_framework(Path.cwd())
        return source.read_directory(folder), folder
    (snapshot,) = resolve_snapshots([argument])
    if type(snapshot) is not source.Snapshot:  # a version read from git
        return snapshot, None
    return snapshot, resolve_folder(argument)
