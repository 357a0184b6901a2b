"""Where a rendering came from: the commit, a hash of the content, and prepctl's version.

Nothing here reads a clock, so the same input always gives the same footer. The content hash
is SHA-256 over the files the document was rendered from, in path order, each fed as its path,
a NUL, its length in decimal, a NUL and its bytes (the length keeps one file's bytes from
passing for the next file's path). It names the content wherever the folder lies, so a copy of
the framework anywhere renders with the same hash.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping
from pathlib import Path

from prepctl import __version__
from prepctl.errors import PrepctlError
from prepctl.render.model import Provenance
from prepctl.source import Snapshot


def content_hash(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        digest.update(path.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()


def of_snapshot(snapshot: Snapshot, folder: Path | None, files: Mapping[str, bytes]) -> Provenance:
    """The provenance of a rendering of ``files`` (the snapshot's, plus any changelog).

    A version read from git names its commit. A folder on disk names the HEAD commit of its
    repository, marked as uncommitted when its framework files differ from HEAD's; outside a
    repository, or without git installed, the commit is unknown.
    """
    from prepctl import git

    digest = content_hash(files)
    if isinstance(snapshot, git.GitSnapshot):
        return Provenance(snapshot.commit, False, digest, __version__)
    if folder is None or shutil.which("git") is None:
        return Provenance(None, False, digest, __version__)
    try:
        head = git.read_snapshot("HEAD", cwd=folder)
    except git.NotARepository:
        return Provenance(None, False, digest, __version__)
    except git.RefNotFound:
        # A repository with no commits yet: everything in it is uncommitted.
        return Provenance(None, True, digest, __version__)
    except PrepctlError:
        # HEAD has no framework at this folder: it was never committed.
        return Provenance(None, True, digest, __version__)
    return Provenance(head.commit, head.files != snapshot.files, digest, __version__)
