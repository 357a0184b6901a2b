"""Which edition a rendering is, what it withholds, and which release it is: the records the
templates read (:mod:`prepctl.render.redaction` applies them).

The **public** edition (the default of ``render`` and ``site``) is built from the document with
every confidential item cut down to its identity (:func:`prepctl.core.confidential.public`), so
its content is not in the view at all; each such item is shown as a redaction block naming the
reason, and the redaction register at the end lists them (what kind of content, where, why).
The **full** edition shows everything under a banner saying it is for the regulator.

Both formats carry a marker naming the edition (and the release tag, for a render of
a tagged release), which ``prepctl verify`` reads to render the same edition again.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import quote, unquote

from prepctl.core.confidential import PUBLIC, Redaction


class Release(NamedTuple):
    """The tag a rendering was made from, and its signature in words ('signed by ED25519 key
    SHA256:…', 'not signed', or that it could not be verified)."""

    tag: str
    signature: str


class Edition(NamedTuple):
    name: str
    redactions: list[Redaction]
    release: Release | None = None

    @property
    def public(self) -> bool:
        return self.name == PUBLIC

    @property
    def withholds(self) -> bool:
        return self.public and bool(self.redactions)

    def withheld(self, where: str) -> Redaction | None:
        """The redaction that hides an item of the public edition (None in the full one)."""
        if not self.public:
            return None
        return next((r for r in self.redactions if r.address == where), None)

    def confidential(self, where: str) -> Redaction | None:
        """The confidential mark of an item as the full edition flags it."""
        if self.public:
            return None
        return next((r for r in self.redactions if r.address == where), None)

    @property
    def marker(self) -> str:
        """The HTML comment ``prepctl verify`` reads back."""
        return f"<!-- {self._claims} -->"

    @property
    def markdown_marker(self) -> str:
        """The same claims in Markdown: a link reference definition, which renders as nothing
        and, unlike an HTML comment, is no raw HTML."""
        return f"[//]: # ({self._claims})"

    @property
    def _claims(self) -> str:
        # Percent-encoded: a tag name may hold '>', '<' or ')', which must not end the marker.
        tag = f" release={quote(self.release.tag, safe=_SAFE)}" if self.release else ""
        return f"prepctl edition={self.name}{tag}"


_SAFE = "/._+-"
_MARKER = re.compile(
    r"(?:<!-- |\[//\]: # \()prepctl edition=(public|full)(?: release=([^\s()]+))?(?: -->|\))"
)


def read_marker(text: str) -> tuple[str, str | None]:
    """The edition and release tag a rendered HTML or Markdown file names (the last marker
    wins); a file without one is a public edition of no release."""
    found = list(_MARKER.finditer(text))
    if not found:
        return PUBLIC, None
    tag = found[-1].group(2)
    return found[-1].group(1), unquote(tag) if tag is not None else None
