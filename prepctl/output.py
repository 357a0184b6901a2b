"""Writing files so that a failed or interrupted run never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from prepctl.errors import PrepctlError


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent if str(path.parent) else Path(".")
    import tempfile  # costs start-up time; only writing a file needs it

    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise PrepctlError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            # On disk before the rename: after a crash the path holds the old file or the new
            # one, never an empty or partial one.
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise PrepctlError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
