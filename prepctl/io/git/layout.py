"""Which files of a folder make a framework, as the reading of git is told it, and how a file
read from a commit is named.

The framework's layout comes from its schema (the collections' folders, the archive of change
records), which is the domain's to read: the readers here are given a :class:`Layout` by their
callers (:mod:`prepctl.core.source` is one) and never decide it themselves, so that a file
counts as a framework file in a commit exactly when it does on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class Layout(Protocol):
    """The names and folder patterns of a framework's files."""

    MANIFEST: str
    """The manifest's name in the framework folder (``framework.yaml``)."""
    FRAMEWORK_DIR: str
    """The framework folder's usual name at the top of a repository (``framework``)."""
    CHANGELOG: str
    """The changelog's name in the framework folder (``CHANGELOG.md``)."""
    ANY_FOLDER: str
    """In a pattern of :meth:`item_folders`: any one folder."""

    def item_folders(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each folder whose YAML files are items of a collection, as a pattern of folder
        names, with the collection's key."""
        ...

    def is_yaml_name(self, name: str) -> bool:
        """Whether a file in a collection's folder is one of the framework's files."""
        ...

    def collection_of(self, relative: str) -> str | None:
        """The collection a file (by its path in the framework folder) is an item of."""
        ...

    def leads_to_items(self, relative: str) -> bool:
        """Whether a folder (by its path in the framework folder) is or holds item folders."""
        ...

    def collection_directories(self) -> list[str]:
        """The collections' folders, by their paths in the framework folder."""
        ...

    def find_framework(self, start: Path) -> Path:
        """The framework folder found from ``start`` on disk (FrameworkNotFound if none)."""
        ...


def framework_file(layout: Layout, relative: str) -> bool:
    """Whether a path inside the framework folder is one the document is read from."""
    return relative == layout.MANIFEST or layout.collection_of(relative) is not None


def show(ref: str, folder: str, relative: str) -> str:
    """How a file of a version read from git is named to people: ``REF:PATH/FILE``."""
    return f"{ref}:{folder}/{relative}" if folder else f"{ref}:{relative}"
