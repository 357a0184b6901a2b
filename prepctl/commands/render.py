"""``prepctl render``: the published form of one framework version.

The framework must pass schema validation first: a document is published only in a shape the
schemas allow (other lint findings do not stop it; they are lint's to report). HTML and
Markdown go to standard output unless ``-o`` names a file; a PDF needs a file (or ``-o -`` on
a pipe), because binary output on a terminal is noise. Files are written atomically, so a
failed render never leaves half a document behind.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prepctl import document, source, validate
from prepctl.commands.sources import resolve_folder, resolve_snapshots
from prepctl.errors import PrepctlError
from prepctl.finding import Severity
from prepctl.output import write_atomic
from prepctl.render import FORMATS, model
from prepctl.render import changelog as changelogs
from prepctl.render import provenance as provenances

STDOUT = "-"


def run(argument: str | None, *, format_name: str, output: str | None) -> int:
    chosen = FORMATS[format_name]
    if chosen.binary and output is None:
        raise PrepctlError(f"{format_name.upper()} output needs a file: add -o FILE")
    if chosen.binary and output == STDOUT and sys.stdout.isatty():
        raise PrepctlError(f"refusing to write {format_name.upper()} to a terminal; use -o FILE")
    if format_name == "pdf":
        from prepctl.render import pdf

        pdf.find_browser()  # before any work: say at once that Chromium is missing
    snapshot, folder = _read(argument)
    framework = document.load(snapshot)
    _require_valid(framework, snapshot.label)
    files = dict(snapshot.files)
    changelog_text = _changelog(folder, snapshot.label)
    if changelog_text is not None:
        files[changelogs.NAME] = changelog_text.encode("utf-8")
    version = str(framework.data.get("version", ""))
    view = model.build(
        framework,
        provenances.of_snapshot(snapshot, folder, files),
        changelogs.section(changelog_text, version) if changelog_text is not None else None,
    )
    rendered = chosen.render(view)
    if output is None or output == STDOUT:
        if isinstance(rendered, bytes):
            binary = getattr(sys.stdout, "buffer", None)
            if binary is None:
                raise PrepctlError("standard output takes no binary data here; use -o FILE")
            sys.stdout.flush()
            binary.write(rendered)
            binary.flush()
        else:
            sys.stdout.write(rendered)
    else:
        write_atomic(Path(output), rendered)
    return 0


def _read(argument: str | None) -> tuple[source.Snapshot, Path | None]:
    """The snapshot to render, and its folder on disk (None for a version read from git)."""
    if argument is None:
        folder = source.find_framework(Path.cwd())
        return source.read_directory(folder), folder
    (snapshot,) = resolve_snapshots([argument])
    from prepctl import git

    if isinstance(snapshot, git.GitSnapshot):
        return snapshot, None
    return snapshot, resolve_folder(argument)


def _require_valid(framework: document.Document, label: str) -> None:
    errors = [f for f in validate.validate(framework) if f.severity is Severity.ERROR]
    if errors:
        first = min(errors, key=lambda f: f.sort_key())
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PrepctlError(
            f"cannot render {label or '.'}: {first.file}:{first.line}:{first.column}: "
            f"{first.message}{more}; run 'prepctl lint' for every error"
        )


def _changelog(folder: Path | None, label: str) -> str | None:
    """framework/CHANGELOG.md beside the manifest, when the framework is read from disk.

    A version read from git carries only its YAML files, so its document shows the change
    records instead.
    """
    if folder is None:
        return None
    path = folder / changelogs.NAME
    if not path.is_file():
        return None
    shown = f"{label}/{changelogs.NAME}" if label else changelogs.NAME
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PrepctlError(f"{shown}: cannot be read: {exc.strerror}") from None
    try:
        return _plain_newlines(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PrepctlError(f"{shown}: not UTF-8 (byte {exc.start + 1})") from None


def _plain_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
