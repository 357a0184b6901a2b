"""Where a rendering came from: the commit, a hash of the content, and prepctl's version.

Nothing here reads a clock, so the same input always gives the same footer. The content hash
is SHA-256 over the files the document was rendered from, in path order, each fed as its path,
a NUL, its length in decimal, a NUL and its bytes (the length keeps one file's bytes from
passing for the next file's path). It names the content wherever the folder lies, so a copy of
the framework anywhere renders with the same hash.

The commit is given, not read here: a version read from git names its own, and a folder on disk
names HEAD's, marked as uncommitted when its framework files differ from HEAD's
(:func:`prepctl.core.source_git.head_of`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from prepctl import __version__
from prepctl.render.view import Provenance


def content_hash(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        digest.update(path.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()


def of_files(files: Mapping[str, bytes], head: tuple[str | None, bool]) -> Provenance:
    """The provenance of a rendering of ``files`` (the snapshot's, plus any changelog), whose
    commit and whether it differs from that commit are ``head`` (the commit None when it is
    unknown)."""
    commit, uncommitted = head
    return Provenance(commit, uncommitted, content_hash(files), __version__)
