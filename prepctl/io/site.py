"""Writing the versioned site: a folder of static pages, replaced whole or not at all.

For hosts that serve plain files and follow no symbolic links. ``DIR/.prepctl-site`` marks DIR
as prepctl's to replace on the next run.

Nothing is written outside DIR whatever a release tag holds: a version becomes a folder name
only when it is a semantic version as semver.org writes it (:func:`is_version`), which leaves
no room for '/' or '..', and every path is resolved and checked to lie inside the folder being
written before anything is written to it. The whole site is written into a new folder beside
DIR, which replaces DIR only once it is complete: a failure leaves the old DIR as it was. A DIR
that holds anything but a site made by prepctl is replaced only with ``force``, and never when
it holds the repository or the current folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from prepctl.errors import PrepctlError

MARKER = ".prepctl-site"
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


def write(pages: dict[str, str], target: Path) -> None:
    """Write the pages (by their paths inside the site), and the marker, into a new folder
    beside ``target``, then put it in ``target``'s place."""
    files = {MARKER: MARKER_TEXT, **pages}
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
