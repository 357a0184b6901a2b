"""The versioned site: every release of a framework as static pages, with redlines between them.

A release is a git tag PREFIX + VERSION (``framework-v1.2.0``; the prefix is configurable).
The site, for hosts that serve plain files and follow no symbolic links::

    DIR/.prepctl-site           marks DIR as prepctl's to replace on the next run
    DIR/index.html              every release, newest first: effective date, changes by impact
    DIR/VERSION/index.html      the release's document, and index.md beside it
    DIR/VERSION/redline.html    the release against the one before it (all but the first)
    DIR/latest/                 a copy of the newest release's folder

Nothing is written outside DIR whatever a tag holds: a version becomes a folder name only when
it is a semantic version as semver.org writes it, which leaves no room for '/' or '..' (tags
that :func:`prepctl.io.git.release_tags` does not read as releases never get here; a version it
lets through that is not strictly semver.org's is skipped with a warning), and every path is
resolved and checked to lie inside the folder being written before anything is written to it.
The whole site is rendered first, then written into a new folder beside DIR, which replaces DIR
only once it is complete: a failure leaves the old DIR as it was. A DIR that holds anything but
a site made by prepctl is replaced only with ``force``, and never when it holds the repository
or the current folder. The same tags render the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prepctl.core import diff, document
from prepctl.errors import PrepctlError
from prepctl.io import git
from prepctl.render import redline as redlines
from prepctl.render.marks import Count, Redline
from prepctl.render.view import Framework

MARKER = ".prepctl-site"
LATEST = "latest"
MARKER_TEXT = "This folder was written by prepctl site; the next run replaces all of it.\n"

# semver.org's own expression (2.0.0): no '/', no empty identifier, so never '.' or '..'.
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
    re.ASCII,
)


def is_version(text: str) -> bool:
    """Whether ``text`` is a semantic version, and so safe as a folder name."""
    return _SEMVER.match(text) is not None and len(text) <= 128


@dataclass(frozen=True)
class Release:
    tag: str
    version: str
    document: document.Document
    view: Framework


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


@dataclass(frozen=True)
class Index:
    title: str
    entries: list[Entry]


def no_tags(prefix: str) -> str:
    return f"no release tags matching {prefix}*; create one with prepctl release --tag or git tag"


def collect(repository: Path, *, tag_prefix: str, warn: Callable[[str], None]) -> list[Release]:
    """Every release tagged in the repository, oldest first, each read and checked."""
    from prepctl.render.publish import prepare

    releases: list[Release] = []
    seen: set[str] = set()
    for tag, version in git.release_tags(tag_prefix, cwd=repository):
        if not is_version(version):
            warn(f"skipping tag {tag}: '{version}' is not a semantic version")
            continue
        # Folders are told apart case-insensitively on some file systems.
        if version.lower() in seen:
            warn(f"skipping tag {tag}: version {version} is already published by another tag")
            continue
        seen.add(version.lower())
        snapshot = git.read_snapshot(tag, cwd=repository)
        framework, view = prepare(snapshot, None)
        releases.append(Release(tag, version, framework, view))
    if not releases:
        raise PrepctlError(no_tags(tag_prefix))
    return releases


def pages(releases: list[Release]) -> dict[str, str]:
    """Every file of the site by its path inside the site's folder."""
    from prepctl.render import html, markdown

    files: dict[str, str] = {MARKER: MARKER_TEXT}
    entries: list[Entry] = []
    newest = releases[-1]
    for number, release in enumerate(releases):
        folder = release.version
        files[f"{folder}/index.html"] = html.render(release.view)
        files[f"{folder}/index.md"] = markdown.render(release.view)
        previous = releases[number - 1] if number else None
        redline = None
        if previous is not None:
            result = diff.diff(previous.document, release.document)
            redline = redlines.build(result, previous.document, release.document)
            files[f"{folder}/redline.html"] = html.render(release.view, redline)
        entries.append(_entry(release, previous, redline, latest=release is newest))
    for name in [path for path in files if path.startswith(f"{newest.version}/")]:
        files[f"{LATEST}/{name.split('/', 1)[1]}"] = files[name]
    title = newest.view.name or "Framework"
    files["index.html"] = html.render_site_index(Index(title, entries[::-1]))
    return files


def _entry(
    release: Release, previous: Release | None, redline: Redline | None, *, latest: bool
) -> Entry:
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
    )


# -- writing ---------------------------------------------------------------------------------


def check_target(output: Path, *, force: bool, keep: list[Path]) -> Path:
    """The folder to write the site to, resolved, once it is safe to replace: it is not a
    file, it is empty or a site prepctl made (or ``force``), and it holds none of ``keep``."""
    target = output.resolve()
    if target.exists() and not target.is_dir():
        raise PrepctlError(f"{output} is not a folder")
    if target.parent == target:
        raise PrepctlError(f"refusing to write a site over {output}, the root of the file system")
    for precious in keep:
        if precious.resolve().is_relative_to(target):
            raise PrepctlError(
                f"refusing to write a site over {output}: it holds {precious}, which the site "
                "would replace"
            )
    if target.is_dir() and not force:
        made_by_us = (target / MARKER).is_file() and not (target / MARKER).is_symlink()
        if any(target.iterdir()) and not made_by_us:
            raise PrepctlError(
                f"{output} is not empty and was not written by prepctl site (no {MARKER} in "
                "it); choose another folder, or add --force to replace everything in it"
            )
    return target


def inside(root: Path, relative: str) -> Path:
    """``root/relative``, resolved, after checking that it lies inside ``root``."""
    base = root.resolve()
    path = (base / relative).resolve()
    if path == base or not path.is_relative_to(base):
        raise PrepctlError(f"refusing to write '{relative}': it would lie outside {root}")
    return path


def write(files: dict[str, str], target: Path) -> None:
    """Write the site into a new folder beside ``target``, then put it in ``target``'s place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent)
        )
    except OSError as exc:
        raise PrepctlError(f"cannot write {target}: {exc.strerror}") from None
    try:
        os.chmod(staging, 0o755)
        for relative in sorted(files):
            path = inside(staging, relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[relative].encode("utf-8"))
        _replace(staging, target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise PrepctlError(f"cannot write {target}: {exc.strerror}") from None
        raise


def _replace(staging: Path, target: Path) -> None:
    """Put the finished site in place. Two renames: the old site is moved aside first, and
    moved back if the new one cannot take its place."""
    if not target.exists():
        os.rename(staging, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(aside)
    os.rename(target, aside)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(aside, target)
        raise
    with contextlib.suppress(OSError):
        shutil.rmtree(aside)
