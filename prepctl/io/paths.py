"""How a path on disk is shown to people: one function for every message that names one."""

from __future__ import annotations

import os
from pathlib import Path


def display(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it ('.' for the working
    directory itself), otherwise as given; '/' between folders."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else Path(relative).as_posix()
