"""The pages of the versioned site: every release, and the redlines between them.

Given the releases oldest first, each with its view and its redline against the one before
(read and built by ``prepctl site``, :mod:`prepctl.commands.site`), :func:`pages` lays out,
by their paths inside the site's folder::

    index.html              every release, newest first: effective date, changes by impact
    VERSION/index.html      the release's document, and index.md beside it
    VERSION/redline.html    the release against the one before it (all but the first)
    VERSION/assessments/MODEL/DATE.html (and .md)
                            the report of each assessment made under the release, listed
                            with the release on the index; the release's own document stays
                            as ``prepctl render`` of its tag writes it, so ``verify`` holds
    latest/                 a copy of the newest release's folder
    archive.html            every release with its tag's signature, the SHA-256 of its sources
                            and of each file published for it, so that a file re-uploaded
                            under a release's name shows

Writing them is :mod:`prepctl.io.site`'s work. The same releases give the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from prepctl.render import assessment, html, markdown
from prepctl.render.assessment_view import Assessed, AssessmentView
from prepctl.render.marks import Count, Redline
from prepctl.render.view import Framework

LATEST = "latest"
REPORTS = "assessments"


@dataclass(frozen=True)
class Release:
    """A release to publish: its tag, its version (a safe folder name), its view, and its
    redline against the release before it (None for the first)."""

    tag: str
    version: str
    view: Framework
    redline: Redline | None
    assessments: list[tuple[Assessed, AssessmentView]] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """A release as the index lists it."""

    version: str
    tag: str
    name: str
    effective: str
    latest: bool
    previous: str | None  # the version the redline compares with; None for the first
    counts: list[Count]
    unjustified: int
    changes: int
    assessed: list[Assessed] = field(default_factory=list)


@dataclass(frozen=True)
class Index:
    title: str
    entries: list[Entry]


def pages(releases: list[Release]) -> dict[str, str]:
    """Every page of the site by its path inside the site's folder."""
    files: dict[str, str] = {}
    entries: list[Entry] = []
    newest = releases[-1]
    for number, release in enumerate(releases):
        folder = release.version
        files[f"{folder}/index.html"] = html.render(release.view)
        files[f"{folder}/index.md"] = markdown.render(release.view)
        previous = releases[number - 1] if number else None
        if release.redline is not None:
            files[f"{folder}/redline.html"] = html.render(release.view, release.redline)
        for _, report in release.assessments:
            page = f"{folder}/{REPORTS}/{report.model_id}/{report.date}"
            files[f"{page}.html"] = assessment.html(report)
            files[f"{page}.md"] = assessment.markdown(report)
        entries.append(_entry(release, previous, latest=release is newest))
    for name in [path for path in files if path.startswith(f"{newest.version}/")]:
        files[f"{LATEST}/{name.split('/', 1)[1]}"] = files[name]
    title = newest.view.name or "Framework"
    files["index.html"] = index_page(Index(title, entries[::-1]))
    files["archive.html"] = archive_page(title, releases, files)
    return files


def archive_page(title: str, releases: list[Release], files: dict[str, str]) -> str:
    """Every release, newest first, with the hashes that identify what was published."""
    rows = []
    for release in releases[::-1]:
        prefix = f"{release.version}/"
        published = [
            (name.removeprefix(prefix), hashlib.sha256(files[name].encode("utf-8")).hexdigest())
            for name in sorted(files)
            if name.startswith(prefix)
        ]
        edition = release.view.edition
        signature = edition.release.signature if edition and edition.release else "not a tag"
        rows.append((release, signature, published))
    sheets = ["html/style.css", "html/site.css"]
    return html.page("html/archive.html.j2", sheets, title=title, rows=rows)


def index_page(index: Index) -> str:
    """The index page of a site: every release, newest first."""
    sheets = ["html/style.css", "html/redline.css", "html/site.css"]
    return html.page("html/site.html.j2", sheets, index=index)


def _entry(release: Release, previous: Release | None, *, latest: bool) -> Entry:
    redline = release.redline
    return Entry(
        version=release.version,
        tag=release.tag,
        name=release.view.name,
        effective=release.view.effective,
        latest=latest,
        previous=previous.version if previous is not None else None,
        counts=redline.counts if redline is not None else [],
        unjustified=redline.unjustified if redline is not None else 0,
        changes=len(redline.marks) if redline is not None else 0,
        assessed=[
            row._replace(reports=_links(release.version, row)) for row, _ in release.assessments
        ],
    )


def _links(version: str, row: Assessed) -> list[tuple[str, str]]:
    """The links from the index to the parts of an assessment's report."""
    page = f"./{version}/{REPORTS}/{row.model_id}/{row.date}"
    return [
        ("Scorecard", f"{page}.html#scorecard"),
        ("Capabilities", f"{page}.html#capabilities"),
        ("Safeguards", f"{page}.html#safeguards"),
        ("Markdown", f"{page}.md"),
    ]
