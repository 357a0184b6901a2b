"""The user's cache folder for prepctl, and files in it that no one else can have written.

What prepctl keeps between runs lives in ``$XDG_CACHE_HOME/prepctl``, else
``~/.cache/prepctl``. A file is read only when it, as opened, belongs to this user and no one
else may write to it (what it holds decides what prepctl trusts); a file is written whole, to a
temporary file then renamed, so that a concurrent run never reads half of one. A cache that
cannot be read or written is no error: the work is done again.
"""

from __future__ import annotations

import os
from pathlib import Path


def folder() -> Path | None:
    """``$XDG_CACHE_HOME/prepctl``, else ``~/.cache/prepctl``; None without a home folder."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):
        return Path(configured) / "prepctl"
    try:
        home = Path.home()
    except (RuntimeError, KeyError):
        return None
    return home / ".cache" / "prepctl" if home.is_absolute() and home != Path("/") else None


def ours(status: os.stat_result) -> bool:
    """Whether a file or folder belongs to this user and no one else may write to it (always
    true where there are no POSIX owners)."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or (status.st_uid == getuid() and not status.st_mode & 0o022)


def read(path: Path) -> bytes | None:
    """The bytes of a file that is ours (checked on the file as opened, never a link) in a
    folder that is ours; None when it is missing, unreadable or not ours."""
    try:
        if not ours(path.parent.stat()):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags), "rb") as stream:
            if not ours(os.fstat(stream.fileno())):
                return None
            return stream.read()
    except OSError:
        return None


def write(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` whole, readable by this user alone, making its folder (and
    each missing one above) private; False, with nothing left behind, when it cannot be."""
    try:
        make_private(path.parent)
        if not ours(path.parent.stat()):
            return False
        # Named for this process and this write, created only if absent, private from the start.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(temporary, flags, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def make_private(made: Path) -> None:
    """Make ``made`` and each missing folder above it readable and writable by this user
    alone, whatever the umask."""
    missing = []
    current = made
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder_made in reversed(missing):
        folder_made.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder_made, 0o700)
