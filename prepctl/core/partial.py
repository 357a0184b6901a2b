"""One framework file read on its own, as a document with just that file in it.

git's diff driver sees one file at a time, without the rest of its version. The file's path
says what it is: ``framework.yaml`` is the manifest, and ``<folder>/<id>.yaml`` in a folder the
schema declares (``x-prepctl-directory``) is one item of that collection. Such a file loads as
a document in which the manifest is empty (or is the file) and the collection holds only that
item, so every address and location is the one the whole framework would give it, and two
versions of the file compare with the same classification as in ``prepctl diff``. What needs
other files (change records justifying a change, references between files) is not known here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from prepctl.core import document, meaning, source

_EMPTY_MANIFEST = b"{}\n"


@dataclass(frozen=True)
class Place:
    """Where a file stands in a framework."""

    folder: str
    """The framework folder, as the repository names it ('framework'; '' for the root)."""
    relative: str
    """The file within the framework folder: 'framework.yaml' or 'categories/x.yaml'."""
    collection: str | None
    """The collection the file is an item of ('categories'), None for the manifest."""

    @property
    def compared(self) -> bool:
        """False for collections diffs do not compare (change records)."""
        if self.collection is None:
            return True
        node = meaning.root().collections()[self.collection]
        return node.keyword("compare", True) is not False


def place(path: str) -> Place | None:
    """The place of a file named by its path from the repository root, if it has one."""
    pure = PurePosixPath(path)
    if pure.name == source.MANIFEST:
        return Place(_folder(pure.parent), source.MANIFEST, None)
    if not source.is_yaml_name(pure.name) or len(pure.parts) < 2:
        return None
    for key, node in meaning.root().collections().items():
        if pure.parent.name == str(node.keyword("directory")):
            relative = f"{pure.parent.name}/{pure.name}"
            return Place(_folder(pure.parent.parent), relative, key)
    return None


def _folder(path: PurePosixPath) -> str:
    text = path.as_posix()
    return "" if text == "." else text


def load(where: Place, raw: bytes | None) -> document.Document:
    """The document holding one version of the file; ``None`` for a version without it.

    Raises :class:`prepctl.errors.InputError` when the file is not readable YAML.
    """
    files: dict[str, bytes] = {source.MANIFEST: _EMPTY_MANIFEST}
    if raw is not None:
        files[where.relative] = raw
    return document.load(source.Snapshot(label=where.folder, files=files))
