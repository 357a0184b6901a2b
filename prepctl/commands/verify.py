"""``prepctl verify``: is a published file the release it claims to be?

The release is rendered again from the repository, in the format the file's name says and the
edition the file's own marker names (:func:`prepctl.render.edition.read_marker`), and the two
are compared byte for byte; the release tag's signature is checked with ``git verify-tag``.
HTML and Markdown render byte-identically everywhere. A PDF depends on the Chromium that
printed it, so it is checked through the SHA-256 of the HTML it was printed from, which
:func:`prepctl.render.pdf.stamp` writes into its document information.

Exit 0 when the file is the release's and the tag is signed and good; 1 when either is not,
each problem said on its own line; 2 when the file cannot be read or names no release.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from prepctl.commands.publishing import signature_words
from prepctl.commands.render import render
from prepctl.commands.sources import resolve_snapshots
from prepctl.errors import PrepctlError
from prepctl.io.git import signatures
from prepctl.render import FORMATS, format_for
from prepctl.render.edition import read_marker
from prepctl.terminal import safe


def run(path: str, *, ref: str | None) -> int:
    file = Path(path)
    format_name = format_for(path)
    if format_name is None:
        suffixes = ", ".join(found.suffixes[0] for found in FORMATS.values())
        raise PrepctlError(f"{path}: cannot tell the format from the name; expected {suffixes}")
    try:
        published = file.read_bytes()
    except OSError as exc:
        raise PrepctlError(f"{path}: cannot read: {exc.strerror or exc}") from None
    edition, named = _claims(path, published, format_name)
    tag = ref or named
    if tag is None:
        raise PrepctlError(f"{path} names no release tag; give the release with --ref TAG")
    if not signatures.is_tag(tag, cwd=Path.cwd()):
        raise PrepctlError(f"no tag '{tag}' in this repository")
    problems: list[str] = []
    (snapshot,) = resolve_snapshots([tag])
    if format_name == "pdf":
        problems += _pdf(path, published, snapshot, tag, edition)
    else:
        fresh = render(snapshot, tag, format_name=format_name, against=None, edition=edition)
        assert isinstance(fresh, str)
        problems += _compare(path, published, fresh.encode("utf-8"), tag, edition)
    signature = signatures.check(tag, cwd=Path.cwd())
    if signature.status == signatures.UNSIGNED:
        problems.append(f"tag {tag} is not signed ({signature.said})")
    elif signature.status == signatures.BAD:
        problems.append(f"tag {tag}: the signature is not good: {signature.said}")
    for problem in problems:
        sys.stderr.write(f"prepctl: {safe(problem)}\n")
    if problems:
        return 1
    how = "printed from its HTML" if format_name == "pdf" else "byte for byte"
    said = f"{path}: the {edition} edition of {tag}, {how}; {signature_words(signature)}"
    sys.stdout.write(safe(said) + "\n")
    return 0


def _claims(path: str, published: bytes, format_name: str) -> tuple[str, str | None]:
    """The edition and release tag the file says it is."""
    if format_name == "pdf":
        from prepctl.render import pdf

        found = pdf.read_stamp(published)
        return (found[1], found[2]) if found is not None else ("public", None)
    try:
        text = published.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PrepctlError(f"{path}: not UTF-8 (byte {exc.start + 1})") from None
    return read_marker(text)


def _compare(path: str, published: bytes, fresh: bytes, tag: str, edition: str) -> list[str]:
    if published == fresh:
        return []
    old, new = published.split(b"\n"), fresh.split(b"\n")
    for number, (line, expected) in enumerate(zip(old, new, strict=False), start=1):
        if line != expected:
            column = next(
                (i for i, (a, b) in enumerate(zip(line, expected, strict=False)) if a != b),
                min(len(line), len(expected)),
            )
            shown = line[column : column + 30].decode("utf-8", "replace")
            wanted = expected[column : column + 30].decode("utf-8", "replace")
            return [
                f"{path}:{number}:{column + 1}: differs from the {edition} edition of {tag}: "
                f"the file has {shown!r} where the release renders {wanted!r}"
            ]
    longer = "the file goes on" if len(old) > len(new) else "the file ends"
    return [
        f"{path}:{min(len(old), len(new))}: differs from the {edition} edition of {tag}: "
        f"{longer} where the release's rendering does not"
    ]


def _pdf(path: str, published: bytes, snapshot: object, tag: str, edition: str) -> list[str]:
    from prepctl.core import source
    from prepctl.render import pdf

    assert isinstance(snapshot, source.Snapshot)
    found = pdf.read_stamp(published)
    if found is None:
        return [f"{path}: carries no hash of the HTML it was printed from (not printed by prepctl)"]
    html = render(snapshot, tag, format_name="html", against=None, edition=edition)
    assert isinstance(html, str)
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    if found[0] != digest:
        return [
            f"{path}: printed from HTML with SHA-256 {found[0]}, but the {edition} edition of "
            f"{tag} renders HTML with SHA-256 {digest}"
        ]
    return []
