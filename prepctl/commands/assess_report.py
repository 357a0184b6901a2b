"""Reports for publication from assessments: ``prepctl assess --report`` and the appendix of
assessments in the published framework.

A report (scorecard, capabilities, safeguards, or all three) is one assessment, read against
the framework version it names, laid out by :mod:`prepctl.render.assessment` and written as
``prepctl render`` writes a document: to standard output, or atomically to ``-o FILE``.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

from prepctl.core import assess, source
from prepctl.core.assess.frameworks import version_of
from prepctl.core.document import Document
from prepctl.errors import PrepctlError
from prepctl.io.output import write_output
from prepctl.io.paths import display
from prepctl.lint import config
from prepctl.render import FORMATS, assessment_view

STDOUT = "-"
FOLDER = "assessments"
KINDS = assessment_view.KINDS


def publish(
    assessments: list[tuple[assess.Assessment, bytes]],
    versions: assess.Versions,
    *,
    kinds: tuple[str, ...],
    format_name: str,
    output: str | None,
    edition: str,
    commit_of: Callable[[assess.Framework], tuple[str | None, bool]],
    sources: list[Path],
) -> bool:
    """Write the report of the one assessment named; whether its decision complies."""
    chosen = FORMATS[format_name]
    if chosen.binary and output is None:
        raise PrepctlError(f"{format_name.upper()} output needs a file: add -o FILE")
    if chosen.binary and output == STDOUT and sys.stdout.isatty():
        raise PrepctlError(f"refusing to write {format_name.upper()} to a terminal; use -o FILE")
    if len(assessments) != 1:
        names = ", ".join(found.name for found, _ in assessments)
        raise PrepctlError(
            f"a report is of one assessment, and {len(assessments)} were found ({names}); "
            "name one assessment file"
        )
    if format_name == "pdf":
        from prepctl.io import chromium

        chromium.find_browser()  # before any work: say at once that Chromium is missing
    ((found, raw),) = assessments
    framework = versions.of(found)
    assess.check_references(found, framework)
    determination = assess.determine(found, framework.document, framework.source)
    view = build(found, raw, determination, framework, edition, commit_of(framework), kinds)
    from prepctl.render import assessment

    rendered = assessment.render(view, format_name)
    if output is not None and output != STDOUT:
        write_output(Path(output), rendered, sources=sources)
    elif isinstance(rendered, bytes):
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:
            raise PrepctlError("standard output takes no binary data here; use -o FILE")
        sys.stdout.flush()
        binary.write(rendered)
        binary.flush()
    else:
        sys.stdout.write(rendered)
    return determination.compliant


def build(
    found: assess.Assessment,
    raw: bytes,
    determination: assess.Determination,
    framework: assess.Framework,
    edition: str,
    commit: tuple[str | None, bool],
    kinds: tuple[str, ...] = assessment_view.KINDS,
) -> assessment_view.AssessmentView:
    """The view of one assessment's report."""
    name = framework.document.data.get("name")
    source = assessment_view.Source(
        str(name) if name else "Framework",
        determination.framework_version,
        framework.source,
        commit[0],
        commit[1],
        found.name,
        hashlib.sha256(raw).hexdigest(),
        edition,
    )
    return assessment_view.build(found, determination, framework.document, source, kinds=kinds)


def read_beside(folder: Path) -> list[tuple[str, Path, bytes]]:
    """The assessment files in the ``assessments/`` folder beside a framework folder, each as
    its name relative to the framework folder (``../assessments/<model-id>/<date>.yaml``, the
    same wherever the repository lies), its path and its bytes."""
    directory = folder.parent / FOLDER
    if not directory.is_dir():
        return []
    found = list(source.yaml_files(directory))
    for child in sorted(p for p in directory.iterdir() if p.is_dir()):
        found.extend(source.yaml_files(child))
    return [
        (
            f"../{path.relative_to(folder.parent).as_posix()}",
            path,
            source.read_regular_file(path, display(path)),
        )
        for path in found
    ]


def appendix(
    folder: Path, framework: Document, edition: str, read: list[tuple[str, Path, bytes]]
) -> list[assessment_view.Assessed]:
    """The assessments made under the framework version in ``folder``: those of ``read``
    (:func:`read_beside`) that name its version (or its release tag), each determined against
    it. A file that cannot be read, or that names what the version lacks, is a located error,
    as for ``prepctl assess``."""
    version = version_of(framework)
    named = {version, config.for_framework(folder).tag_prefix + version}
    rows: list[assessment_view.Assessed] = []
    for _, path, raw in read:
        found = assess.read(raw, display(path))
        if found.framework not in named:
            continue
        rendered = assess.Framework(framework, f"framework {version}")
        assess.check_references(found, rendered)
        determination = assess.determine(found, framework, rendered.source)
        rows.append(assessment_view.assessed(determination, framework, edition))
    return sorted(rows, key=lambda row: (row.date, row.model_id))
