"""Rendering a framework version as a published document: the registry of formats.

Each format is a module with ``render(view, redline=None) -> str | bytes`` (a redline marks
the changes from another version in the document), imported only when used, so
that the command line can list the formats without loading Jinja2 or markdown-it. The view
(:mod:`prepctl.render.view`) is built once from the document by :mod:`prepctl.render.model`;
templates live in ``templates/`` beside this file and ship in the wheel.

The package only lays out what it is given: a view, and for a redline the semantic diff's
result with the two documents it compared. Reading, checking and finding versions in git is the
commands' work (:mod:`prepctl.commands.publishing`); Chromium, for PDF, is driven by
:mod:`prepctl.io.chromium`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from prepctl.render.marks import Redline
    from prepctl.render.view import Framework


class Format(NamedTuple):
    name: str
    module: str
    binary: bool
    suffixes: tuple[str, ...]
    description: str

    def render(self, framework: Framework, redline: Redline | None = None) -> str | bytes:
        rendered: str | bytes = importlib.import_module(self.module).render(framework, redline)
        return rendered


FORMATS: dict[str, Format] = {
    "html": Format(
        "html", "prepctl.render.html", False, (".html", ".htm"), "one self-contained HTML file"
    ),
    "md": Format(
        "md", "prepctl.render.markdown", False, (".md", ".markdown"), "GitHub-flavoured Markdown"
    ),
    "pdf": Format("pdf", "prepctl.render.pdf", True, (".pdf",), "PDF printed by headless Chromium"),
}


def format_for(path: str) -> str | None:
    """The format an output file's name implies (``report.pdf`` → pdf), if any."""
    lowered = path.lower()
    for name, found in FORMATS.items():
        if lowered.endswith(found.suffixes):
            return name
    return None
