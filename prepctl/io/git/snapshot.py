"""A framework version read from a commit, blob by blob.

A version is named by a ref (``main``, ``v2.0.0``, ``HEAD~1``, ``HEAD@{yesterday}``, a commit id:
any revision git reads) or by ``REF:PATH`` (PATH being the framework folder inside the
repository at that ref). Its files are read from the commit's tree through one
``git cat-file --batch``, so nothing is ever checked out and neither the working tree nor the
index is touched. Which files make the framework is the :class:`~prepctl.io.git.layout.Layout`
the caller gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from prepctl.errors import FrameworkNotFound, InputError
from prepctl.io.git.layout import Layout, show
from prepctl.io.git.objects import Entry, Objects, Trees
from prepctl.io.git.repo import GitError, Repository


@dataclass(frozen=True)
class Version:
    """The files of a framework version as a commit holds them."""

    label: str
    """``REF:PATH`` (``.`` for the repository's root)."""
    files: dict[str, bytes]
    """The framework files by their paths in the framework folder."""
    changelog: bytes | None
    ref: str
    path: str
    """The framework folder, from the repository's root ('' for the root itself)."""
    commit: str
    unreadable: dict[str, InputError] = field(default_factory=dict)
    """Files that could not be read, when the reading was asked to go on past them."""


def read(
    argument: str, layout: Layout, *, cwd: Path | None = None, keep_going: bool = False
) -> Version:
    """Read the framework at ``REF`` or ``REF:PATH`` from the repository around ``cwd``; with
    ``keep_going``, a file that cannot be read is noted in ``unreadable``, not raised."""
    if argument.startswith("-"):
        raise GitError(
            f"refusing to read ref '{argument}': a name beginning with '-' could be read "
            "as an option"
        )
    ref, colon, path = argument.partition(":")
    if not ref:
        raise GitError(
            f"'{argument}' names no ref before ':' (write REF:PATH, e.g. main:framework)"
        )
    where = cwd or Path.cwd()
    repo = Repository.open(f"cannot read framework at ref '{ref}'", where)
    commit = repo.commit(ref)
    with Objects(repo) as objects:
        trees = Trees(repo, objects)
        root = trees.root(commit)
        if colon:
            folder = _clean_path(argument, path)
        else:
            folder = default_folder(layout, repo, trees, root, where)
        label = f"{ref}:{folder or '.'}"
        unreadable: dict[str, InputError] | None = {} if keep_going else None
        files = _read_framework(layout, trees, root, folder, ref, label, unreadable)
        changelog = _read_changelog(layout, trees, root, folder, ref)
    return Version(label, files, changelog, ref, folder, commit, unreadable or {})


def read_of(ref: str, folder: Path, layout: Layout) -> Version:
    """The framework at ``ref`` that lives, in the working tree, in ``folder``: the same folder
    read from git (for comparing a working tree framework with its own past)."""
    repo = Repository.open(f"cannot read framework at ref '{ref}'", folder)
    if repo.top is None:
        raise GitError(f"{repo.what}: the repository has no working tree")
    try:
        relative = folder.resolve().relative_to(repo.top.resolve())
    except ValueError:
        raise GitError(f"{repo.what}: {folder} is outside the repository") from None
    return read(f"{ref}:{relative.as_posix()}", layout, cwd=folder)


def _clean_path(argument: str, path: str) -> str:
    pure = PurePosixPath(path.strip())
    if pure.is_absolute() or ".." in pure.parts:
        raise GitError(
            f"'{argument}': PATH must lie inside the repository (no leading '/', no '..')"
        )
    text = pure.as_posix()
    return "" if text == "." else text


def default_folder(layout: Layout, repo: Repository, trees: Trees, root: Entry, cwd: Path) -> str:
    """The working tree framework's folder relative to the repository root, else framework/."""
    here = _working_folder(layout, repo.top, cwd)
    if here is not None:
        return here
    for candidate in (layout.FRAMEWORK_DIR, ""):
        if trees.entry(root, f"{candidate}/{layout.MANIFEST}".lstrip("/")) is not None:
            return candidate
    return layout.FRAMEWORK_DIR


def _working_folder(layout: Layout, top: Path | None, cwd: Path) -> str | None:
    """The folder of the framework found from ``cwd`` in the working tree ``top``, relative to
    it ('' for its root); None without a working tree or a framework inside it."""
    if top is None:
        return None
    try:
        found = layout.find_framework(cwd)
    except FrameworkNotFound:
        return None
    try:
        relative = found.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative


def _read_framework(
    layout: Layout,
    trees: Trees,
    root: Entry,
    folder: str,
    ref: str,
    label: str,
    unreadable: dict[str, InputError] | None = None,
) -> dict[str, bytes]:
    where = trees.entry(root, folder)
    shown = folder or "the repository root"
    what = trees.repo.what
    if where is None:
        raise GitError(f"{what}: no folder '{shown}' there")
    if where.kind == "submodule":
        raise submodule(what, shown)
    if where.kind != "tree":
        raise GitError(f"{what}: '{shown}' is a file, not a folder")
    listing = trees.listing(where)
    manifest = listing.get(layout.MANIFEST)
    if manifest is None:
        raise FrameworkNotFound(f"{label}: not a framework folder (no {layout.MANIFEST} in it)")
    wanted: list[tuple[str, Entry]] = [(layout.MANIFEST, manifest)]
    for relative_folder, subtree in _item_trees(layout, trees, where):
        inside = trees.listing(subtree)
        wanted += [
            (f"{relative_folder}/{base}", inside[base])
            for base in sorted(inside)
            if layout.is_yaml_name(base)
        ]
    while True:
        try:
            read = trees.blobs([(entry, show(ref, folder, relative)) for relative, entry in wanted])
        except InputError as exc:
            # With keep_going, note the file that cannot be read and read the others.
            failed = [r for r, _ in wanted if exc.file == show(ref, folder, r)]
            if unreadable is None or not failed:
                raise
            unreadable[failed[0]] = exc
            wanted = [(r, e) for r, e in wanted if r != failed[0]]
            continue
        return {relative: data for (relative, _), data in zip(wanted, read, strict=True)}


def _item_trees(layout: Layout, trees: Trees, root: Entry) -> Iterator[tuple[str, Entry]]:
    """The trees of the folders the layout's ``item_folders`` names (a collection's folder,
    and the folders of its archive), with their paths inside the framework folder."""
    for _, pattern in layout.item_folders():
        found: list[tuple[str, Entry]] = [("", root)]
        for part in pattern:
            below: list[tuple[str, Entry]] = []
            for path, tree in found:
                listing = trees.listing(tree)
                if part == layout.ANY_FOLDER:
                    below.extend(
                        (f"{path}/{name}", listing[name])
                        for name in sorted(listing)
                        if listing[name].kind == "tree"
                    )
                elif part in listing and listing[part].kind == "tree":
                    below.append((f"{path}/{part}", listing[part]))
            found = below
        for path, tree in found:
            yield path.lstrip("/"), tree


def submodule(what: str, folder: str) -> GitError:
    return GitError(
        f"{what}: '{folder}' is a submodule; its files are in the submodule's own repository "
        "(run prepctl inside it)"
    )


def _read_changelog(
    layout: Layout, trees: Trees, root: Entry, folder: str, ref: str
) -> bytes | None:
    """The framework folder's CHANGELOG.md at this commit, if it has one."""
    entry = trees.entry(root, f"{folder}/{layout.CHANGELOG}".lstrip("/"))
    if entry is None or entry.kind not in ("blob", "symlink"):
        return None
    (data,) = trees.blobs([(entry, show(ref, folder, layout.CHANGELOG))])
    return data
