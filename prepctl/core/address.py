"""Addresses: the one way every command names a part of a framework.

An address is a JSON-Pointer-like path built from ids, never from list positions:
``/categories/cybersecurity/thresholds/high/safeguards/misuse-monitoring``. Lint findings, diff
changes, history queries, rendered anchors and change records all use it. A list item is named
by the key its schema declares as identity (``x-prepctl-identity``), a list of references by
each value, and only a list the schema declares ordered prose by its position.
"""

from __future__ import annotations

import fnmatch

from prepctl.errors import PrepctlError

ROOT = ""


def escape(segment: str) -> str:
    """One path segment, escaped as in JSON Pointer (RFC 6901)."""
    return segment.replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def join(address: str, segment: str | int) -> str:
    return f"{address}/{escape(str(segment))}"


def split(address: str) -> list[str]:
    """The unescaped segments of an address; the root address has none."""
    if address in (ROOT, "/"):
        return []
    return [unescape(part) for part in address.lstrip("/").split("/")]


def parent(address: str) -> str:
    return address.rsplit("/", 1)[0] if address.count("/") > 1 else ROOT


def is_within(address: str, ancestor: str) -> bool:
    """True when ``address`` is ``ancestor`` itself or lies below it."""
    return (
        ancestor in (ROOT, "/")
        or address == ancestor
        or address.startswith(ancestor.rstrip("/") + "/")
    )


def display(address: str) -> str:
    """The address as shown to people: the root is '/'."""
    return address or "/"


def matches(pattern: str, where: str) -> bool:
    """Whether an address pattern covers an address (per-address ignores, profile evidence).

    A pattern names an address and everything below it. ``*`` matches within one segment,
    ``**`` any number of segments, and a trailing ``/*`` also covers the address before it
    (``/categories/mental-health/*`` covers the category itself).
    """
    wanted = split(pattern)
    if wanted and wanted[-1] == "*":
        wanted[-1] = "**"
    segments = split(where)
    return any(_glob(wanted, segments[:end]) for end in range(len(segments) + 1))


def _glob(pattern: list[str], segments: list[str]) -> bool:
    if not pattern:
        return not segments
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_glob(rest, segments[start:]) for start in range(len(segments) + 1))
    return bool(segments) and fnmatch.fnmatchcase(segments[0], head) and _glob(rest, segments[1:])


class AddressSyntaxError(PrepctlError):
    """An ADDRESS argument that is not written as an address."""


def parse(text: str) -> str:
    """A user-given address in canonical form ('/' is the whole framework)."""
    if text in ("", "/"):
        return ROOT
    if not text.startswith("/"):
        raise AddressSyntaxError(
            f"'{text}' is not an address: addresses start with '/', such as /{text.strip('/')}"
        )
    body = text[1:].rstrip("/") if len(text) > 1 else ""
    segments = body.split("/")
    if any(not segment for segment in segments):
        raise AddressSyntaxError(f"'{text}' is not an address: it has an empty segment ('//')")
    for segment in segments:
        rest = segment.replace("~0", "").replace("~1", "")
        if "~" in rest:
            raise AddressSyntaxError(
                f"'{text}' is not an address: '~' must be written '~0' (and '/' in an id '~1')"
            )
    return "/" + "/".join(segments)
