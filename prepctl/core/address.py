"""Addresses: the one way every command names a part of a framework.

An address is a JSON-Pointer-like path built from ids, never from list positions:
``/categories/cybersecurity/thresholds/high/safeguards/misuse-monitoring``. Lint findings, diff
changes, history queries, rendered anchors and change records all use it. A list item is named
by the key its schema declares as identity (``x-prepctl-identity``), a list of references by
each value, and only a list the schema declares ordered prose by its position.
"""

from __future__ import annotations

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
