"""Turning SOURCE arguments into snapshots, the same way for every command.

A SOURCE that names an existing folder or file is read from disk; anything else is a git ref
(``main``, ``v2.0.0``, ``HEAD~1``, ``HEAD@{yesterday}``, a commit id) or ``REF:PATH``, read from
git objects. The git module is imported only when a ref is given, so reading folders never
loads it.
"""

from __future__ import annotations

from pathlib import Path

from prepctl.core import source
from prepctl.core.framework_files import framework_folder
from prepctl.errors import PrepctlError
from prepctl.lint import config


def resolve_snapshots(arguments: list[str], *, keep_going: bool = False) -> list[source.Snapshot]:
    """Snapshots for each argument (the current framework when there is none), each once;
    ``keep_going`` notes files that cannot be read in each snapshot instead of raising."""
    snapshots: list[source.Snapshot] = []
    seen: set[str] = set()
    if not arguments:
        arguments = [str(source.find_framework(Path.cwd()))]
    for argument in arguments:
        if _names_path(argument):
            folder = resolve_folder(argument)
            key = str(folder.resolve())
            if key not in seen:
                snapshots.append(source.read_directory(folder, keep_going=keep_going))
        else:
            snapshot = read_ref(
                argument,
                missing=f"'{argument}' is not a framework folder or file",
                keep_going=keep_going,
            )
            key = snapshot.label
            if key not in seen:
                snapshots.append(snapshot)
        seen.add(key)
    return snapshots


def resolve_version(argument: str | None) -> source.Snapshot:
    """One version for commands that compare versions (``diff``, ``record --from-diff``).

    With no argument, the framework of the working tree; a name that is not a folder or file
    is read as a git ref, and a missing ref is reported as such.
    """
    if argument is None:
        return source.read_directory(source.find_framework(Path.cwd()))
    if _names_path(argument):
        return source.read_directory(resolve_folder(argument))
    return read_ref(argument)


def read_ref(
    argument: str, *, missing: str | None = None, keep_going: bool = False
) -> source.Snapshot:
    """The framework at a git ref; with ``missing``, an unknown ref is reported as that text
    (for commands where a folder is the usual SOURCE and a typo is likelier than a ref)."""
    from prepctl.core import source_git
    from prepctl.io.git import repo as git_repo

    try:
        return source_git.read_snapshot(argument, keep_going=keep_going)
    except git_repo.NoCommitsYet:
        raise  # not a typo: there is no ref at all
    except git_repo.RefNotFound as exc:
        if missing is None:
            raise
        hint = f" (did you mean the git ref '{exc.suggestion}'?)" if exc.suggestion else ""
        raise PrepctlError(missing + hint) from None
    except git_repo.NotARepository:
        if missing is None:
            raise
        raise PrepctlError(missing) from None


def _names_path(argument: str) -> bool:
    """An existing folder or file, or something only a path can look like. A name the file
    system cannot even look up (too long, say) names no file: it is taken as a ref."""
    if argument.startswith(("/", "./", "../", "~")):
        return True
    try:
        return Path(argument).exists()
    except (OSError, ValueError):
        return False


def resolve_folder(argument: str) -> Path:
    path = Path(argument)
    if path.is_dir():
        return framework_folder(path)
    if path.is_file():
        return source.framework_of_file(path)
    raise PrepctlError(f"'{argument}' is not a framework folder or file")


def settings_for(snapshot: source.Snapshot, override: config.Config | None = None) -> config.Config:
    """The configuration for one framework, as every command finds it: ``--config``'s when
    given, else the one found from the framework's folder upward (from the current folder
    for a framework read from git)."""
    if override is not None:
        return override
    folder = Path(snapshot.label) if snapshot.label else Path.cwd()
    return config.for_framework(folder if folder.is_dir() else Path.cwd())
