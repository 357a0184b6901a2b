"""One framework version made ready to publish, for ``prepctl render`` and ``prepctl site``.

The orchestration above :mod:`prepctl.render`, which only lays out what it is given: here the
snapshot is loaded, checked, and turned into the view. A document is published only in a shape
the schemas allow (:func:`prepctl.core.validate.require_valid`). The version's part of its
``CHANGELOG.md``, when the snapshot carries one, replaces the list of change records, and
counts towards the content hash in the footer. The compliance profiles the document resolves
mappings against are the ones prepctl ships, and for a folder on disk also those its
configuration adds (as ``prepctl coverage`` reads them).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from prepctl.core import compliance, confidential, document, source, source_git, validate
from prepctl.errors import PrepctlError
from prepctl.io.output import write_output
from prepctl.lint import config
from prepctl.render import changelog as changelogs
from prepctl.render import edition as editions
from prepctl.render import model, redaction
from prepctl.render import provenance as provenances
from prepctl.render.view import Framework

if TYPE_CHECKING:
    from prepctl.io.git import signatures as signatures_module


def prepare(
    snapshot: source.Snapshot,
    folder: Path | None,
    *,
    edition: str = confidential.PUBLIC,
    release: editions.Release | None = None,
    also_read: Mapping[str, bytes] | None = None,
) -> tuple[document.Document, Framework]:
    """The checked document of a snapshot and its view; ``folder`` is where it lies on disk
    (None for a version read from git). The public edition's view is built from the document
    with its confidential items cut out (:mod:`prepctl.core.confidential`); ``release`` is the
    tag the snapshot was read from, for the footer; ``also_read`` are other files the document
    shows (the assessments beside the framework), counted in the footer's content hash."""
    if type(snapshot) is source.Snapshot:
        framework = document.load(snapshot)  # a folder on disk
    else:
        # A version read from git: parsed through prepctl.io.yaml_pieces's cache, since a site
        # renders many versions that share most of their files.
        from prepctl.io import yaml_pieces

        framework = document.load(snapshot, parse=yaml_pieces.parse_cached)
    validate.require_valid(framework, snapshot.label, "render")
    files = dict(snapshot.files)
    notes = _changelog(snapshot)
    if notes is not None:
        files[changelogs.NAME] = notes.encode("utf-8")
    files.update(also_read or {})
    # The release field, by name until the schema marks it.
    version = str(framework.data.get("version", ""))
    if edition == confidential.PUBLIC:
        redactions, shown = confidential.public_edition(framework)
    else:
        redactions, shown = confidential.redactions(framework), framework
    view = model.build(
        shown,
        provenances.of_files(files, source_git.head_of(snapshot, folder)),
        changelogs.section(notes, version) if notes is not None else None,
        compliance.Catalogue(config.for_framework(folder).profiles if folder is not None else ()),
    )
    return framework, redaction.apply(view, editions.Edition(edition, redactions, release))


def _changelog(snapshot: source.Snapshot) -> str | None:
    if snapshot.changelog is None:
        return None
    shown = snapshot.display(changelogs.NAME)
    try:
        text = snapshot.changelog.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PrepctlError(f"{shown}: not UTF-8 (byte {exc.start + 1})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def release_of(ref: str | None, cwd: Path) -> editions.Release | None:
    """The release a ref names when it is a tag, with its signature in words; None for a
    folder, a branch or a commit."""
    from prepctl.io.git import signatures

    if ref is None or not signatures.is_tag(ref, cwd=cwd):
        return None
    return editions.Release(ref, signature_words(signatures.check(ref, cwd=cwd)))


def signature_words(signature: signatures_module.Signature) -> str:
    """A tag's signature as the footer states it."""
    from prepctl.io.git import signatures

    if signature.status == signatures.GOOD:
        return f"signed by {signature.signer}"
    if signature.status == signatures.UNSIGNED:
        return "not signed"
    return "signed, but the signature could not be verified here"


STDOUT = "-"
"""``-o -``: the document goes to standard output."""


def check_document_output(format_name: str, binary: bool, output: str | None) -> None:
    """Refuse, before any work, a binary document (PDF) with nowhere to go or bound for a
    terminal."""
    if binary and output is None:
        raise PrepctlError(f"{format_name.upper()} output needs a file: add -o FILE")
    if binary and output == STDOUT and sys.stdout.isatty():
        raise PrepctlError(f"refusing to write {format_name.upper()} to a terminal; use -o FILE")


def write_document(rendered: str | bytes, output: str | None, sources: Sequence[Path]) -> None:
    """A rendered document to ``-o FILE`` (never inside ``sources``, the framework folders
    read), else to standard output, bytes as bytes."""
    if output is not None and output != STDOUT:
        write_output(Path(output), rendered, sources=sources)
    elif isinstance(rendered, bytes):
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:
            raise PrepctlError("standard output takes no binary data here; use -o FILE")
        sys.stdout.flush()
        binary.write(rendered)
        binary.flush()
    else:
        sys.stdout.write(rendered)
