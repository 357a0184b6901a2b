"""``prepctl assess``: apply the framework to models, from their assessment files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_version
from prepctl.core import assess, document, source
from prepctl.core.assess.frameworks import version_of
from prepctl.core.assess.staleness import Assessed
from prepctl.core.assess.vocabulary import FOLDER
from prepctl.errors import PrepctlError
from prepctl.io.paths import display
from prepctl.lint import config
from prepctl.reporters import ASSESS_REPORTERS


@dataclass(frozen=True)
class Publication:
    """A report for publication asked for: which parts, in which format, written where."""

    kinds: tuple[str, ...]
    """The parts of the report; empty: all of them."""
    format_name: str
    output: str | None
    edition: str


def run(
    paths: list[str],
    *,
    against: str | None,
    outputs: list[tuple[str, str | None]],
    color: str,
    publication: Publication | None = None,
) -> int:
    for argument in paths:
        if not Path(argument).exists():
            raise PrepctlError(f"'{argument}' is not an assessment file or folder")
    start = Path(paths[0]) if paths else Path.cwd()
    framework = source.find_framework(start if start.is_dir() else start.parent)
    files = _files(paths, framework)
    read = [(path, source.read_regular_file(path, display(path))) for path in files]
    assessments = [assess.read(raw, display(path)) for path, raw in read]
    commits: dict[int, tuple[str | None, bool]] = {}
    versions = assess.Versions(
        working=assess.working_tree(framework),
        tagged=lambda tag: _load(_tagged(tag, framework), commits),
        tags=lambda: _tags(framework),
        prefix=config.for_framework(framework).tag_prefix,
        working_label=display(framework) or ".",
    )
    if against is not None:
        versions.against = assess.Framework(
            _load(resolve_version(against), commits), f"{against} (--against)"
        )
    if publication is not None:
        from prepctl.commands import assess_report

        compliant = assess_report.publish(
            list(zip(assessments, (raw for _, raw in read), strict=True)),
            versions,
            kinds=publication.kinds or assess_report.KINDS,
            format_name=publication.format_name,
            output=publication.output,
            edition=publication.edition,
            commit_of=lambda found: _commit_of(found, framework, commits),
            sources=[framework],
        )
        return 0 if compliant else 1
    result = assess.assess(assessments, versions)
    emit(result, outputs, ASSESS_REPORTERS, color, sources=[framework])
    return 1 if result.failed else 0


def read_beside(framework: Path) -> list[assess.Assessment]:
    """Every assessment in the ``assessments/`` folder beside a framework folder (none when
    there is no such folder)."""
    folder = framework.parent / FOLDER
    if not folder.is_dir():
        return []
    files = [*source.yaml_files(folder)]
    for child in sorted(p for p in folder.iterdir() if p.is_dir()):
        files.extend(source.yaml_files(child))
    return [
        assess.read(source.read_regular_file(path, display(path)), display(path)) for path in files
    ]


def assessed_beside(framework: Path, working: document.Document) -> tuple[Assessed, ...]:
    """The assessments beside a framework folder, each with the version it names (the working
    tree's is ``working``): for lint, which reports a version that cannot be read as a finding."""
    versions = assess.Versions(
        working=lambda: working,
        tagged=lambda tag: _load(_tagged(tag, framework)),
        tags=lambda: _tags(framework),
        prefix=config.for_framework(framework).tag_prefix,
        working_label=display(framework) or ".",
    )
    found: list[Assessed] = []
    current = assess.Framework(working, f"the working tree ({versions.working_label}/)")
    version = version_of(working)
    for assessment in read_beside(framework):
        if assessment.framework.removeprefix(versions.prefix) == version:
            # Made under the version in the working tree: no git needed to lint it.
            found.append(Assessed(assessment, current))
            continue
        try:
            found.append(Assessed(assessment, versions.of(assessment)))
        except PrepctlError as problem:
            found.append(Assessed(assessment, None, problem))
    return tuple(found)


def _files(paths: list[str], framework: Path) -> list[Path]:
    """The assessment files named: files as given, folders searched two levels deep
    (``assessments/`` holds a folder per model); with none, the ``assessments/`` folder beside
    the framework folder."""
    if not paths:
        folder = framework.parent / FOLDER
        if not folder.is_dir():
            raise PrepctlError(
                f"no {FOLDER}/ folder beside {display(framework) or '.'}; name assessment files"
            )
        paths = [str(folder)]
    found: list[Path] = []
    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            found.extend(source.yaml_files(path))
            for child in sorted(p for p in path.iterdir() if p.is_dir()):
                found.extend(source.yaml_files(child))
        else:
            found.append(path)
    if not found:
        raise PrepctlError(f"no assessment files in {', '.join(paths)}")
    return list(dict.fromkeys(found))


def _load(
    snapshot: source.Snapshot, commits: dict[int, tuple[str | None, bool]] | None = None
) -> document.Document:
    """The framework of a snapshot; ``commits`` notes the commit a version from git was read
    from, for the footer of a report."""
    from prepctl.io import yaml_pieces  # its cache is needed only once a tag is read

    loaded = document.load(snapshot, parse=yaml_pieces.parse_cached)
    if commits is not None:
        from prepctl.core import source_git

        commits[id(loaded)] = source_git.head_of(snapshot, None)
    return loaded


def _tagged(tag: str, framework: Path) -> source.Snapshot:
    from prepctl.core import source_git

    return source_git.read_snapshot_of(tag, framework)


def _commit_of(
    found: assess.Framework, framework: Path, commits: dict[int, tuple[str | None, bool]]
) -> tuple[str | None, bool]:
    """The commit a framework version was read from, and whether it differs from that commit
    (a working tree with uncommitted changes)."""
    if id(found.document) in commits:
        return commits[id(found.document)]
    from prepctl.core import source_git

    return source_git.head_of(source.read_directory(framework), framework)


def _tags(framework: Path) -> list[str]:
    from prepctl.io.git import repo as git_repo
    from prepctl.io.git import tags

    try:
        return tags.names("", cwd=framework).names
    except (git_repo.NotARepository, git_repo.NoCommitsYet):
        return []
