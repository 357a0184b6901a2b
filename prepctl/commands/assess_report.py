"""Reports for publication from assessments: ``prepctl assess --report`` and the appendix of
assessments in the published framework.

A report (scorecard, capabilities, safeguards, or all three) is one assessment, read against
the framework version it names, laid out by :mod:`prepctl.render.assessment` and written as
``prepctl render`` writes a document: to standard output, or atomically to ``-o FILE``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from prepctl.commands.publishing import check_document_output, write_document
from prepctl.core import assess, source
from prepctl.core.assess.determination import determine
from prepctl.core.assess.frameworks import version_of
from prepctl.core.assess.vocabulary import FOLDER
from prepctl.core.document import Document
from prepctl.errors import PrepctlError
from prepctl.io.paths import display
from prepctl.lint import config
from prepctl.render import FORMATS, assessment_view

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
    check_document_output(format_name, chosen.binary, output)
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
    determination = determine(found, framework.document, framework.source)
    view = build(found, raw, determination, framework, edition, commit_of(framework), kinds)
    from prepctl.render import assessment

    rendered = assessment.render(view, format_name)
    write_document(rendered, output, sources)
    return determination.compliant


def build(
    found: assess.Assessment,
    raw: bytes,
    determination: assess.Determination,
    framework: assess.Framework,
    edition: str,
    commit: tuple[str | None, bool],
    kinds: tuple[str, ...] = assessment_view.KINDS,
    file_name: str | None = None,
) -> assessment_view.AssessmentView:
    """The view of one assessment's report; ``file_name`` names the file in its footer
    (default: as it was read)."""
    name = framework.document.data.get("name")
    source = assessment_view.Source(
        str(name) if name else "Framework",
        determination.framework_version,
        framework.source,
        commit[0],
        commit[1],
        file_name or found.name,
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
    tag = config.for_framework(folder).tag_prefix + version_of(framework)
    rows = [
        assessment_view.assessed(determination, framework, edition)
        for _, _, _, determination in made_under(read, assess.Framework(framework, tag), tag)
    ]
    return sorted(rows, key=lambda row: (row.date, row.model_id))


def for_release(
    read: list[tuple[str, Path, bytes]],
    framework: assess.Framework,
    tag: str,
    commit: str | None,
    edition: str,
) -> list[tuple[assessment_view.Assessed, assessment_view.AssessmentView]]:
    """For the site: each assessment made under a release, as the index lists it and as its
    report (all three parts), oldest first. The footer names each file from the repository's
    root, so the page is the same wherever the site is built."""
    found: list[tuple[assessment_view.Assessed, assessment_view.AssessmentView]] = []
    for key, assessment, raw, determination in made_under(read, framework, tag):
        view = build(
            assessment,
            raw,
            determination,
            framework,
            edition,
            (commit, False),
            file_name=key.removeprefix("../"),
        )
        row = assessment_view.assessed(determination, framework.document, edition)
        found.append((row, view))
    return sorted(found, key=lambda pair: (pair[0].date, pair[0].model_id))


def made_under(
    read: list[tuple[str, Path, bytes]], framework: assess.Framework, tag: str
) -> list[tuple[str, assess.Assessment, bytes, assess.Determination]]:
    """The files of ``read`` that name the version of ``framework`` (by its version or its
    release ``tag``), each checked and determined against it."""
    version = version_of(framework.document)
    found = []
    for key, path, raw in read:
        assessment = assess.read(raw, display(path))
        if assessment.framework not in (version, tag):
            continue
        assess.check_references(assessment, framework)
        determination = determine(assessment, framework.document, framework.source)
        found.append((key, assessment, raw, determination))
    return found
