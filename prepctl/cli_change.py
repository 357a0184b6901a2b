"""The command line of the commands about changes between versions (diff, record, review,
log, release, changelog): their options and help, each handing over to ``prepctl.commands``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from prepctl.cli_options import (
    Choices,
    color_option,
    command,
    enum_choice,
    format_option,
    parse_date,
    parse_formats,
    today_option,
)

if TYPE_CHECKING:
    from prepctl.core.diff import FailOn
    from prepctl.core.release import Bump


def _editions() -> list[str]:
    from prepctl.core.confidential import EDITIONS

    return list(EDITIONS)


def _fail_on_levels() -> list[FailOn]:
    from prepctl.core.diff import FailOn

    return list(FailOn)


@command("diff")
@click.argument("versions", nargs=-1, metavar="[BASE [HEAD]]")
@click.option("--against", metavar="REF", help="Compare REF (as BASE) with HEAD.")
@format_option
@click.option(
    "--fail-on",
    type=enum_choice(_fail_on_levels),
    default="unjustified",
    show_default=True,
    help="Exit 1 when a change at or above this level exists: a weakening no change record "
    "covers (unjustified), any weakening, a weakening or a change that needs review, any "
    "change, or never.",
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=0),
    default=65_536,
    show_default=True,
    metavar="N",
    help="Markdown only: keep the report within N characters (GitHub's limit for a "
    "pull-request comment by default; 0: no limit). A longer report keeps its summary and the "
    "rows that matter most, and ends with a note of what was left out.",
)
@click.option(
    "--full-report",
    metavar="URL",
    help="Markdown only: where the whole report can be read (an http(s) address, e.g. the CI "
    "run's page), linked from a report cut by --max-chars.",
)
@click.option(
    "--edition",
    type=Choices(_editions),
    default="public",
    help="public (the default): a change inside a confidential item is shown as a change of "
    "the redacted item, with its impact and change record and without its content; full: "
    "every change as it is.",
)
@color_option
@today_option(
    "The date a material modification's deadlines count from when HEAD has no effective "
    "date of its own (none, or the same as BASE's), for reproducible runs; default: today. "
    "HEAD's own effective date always wins.",
)
def diff_command(
    versions: tuple[str, ...],
    against: str | None,
    formats: tuple[str, ...],
    fail_on: str,
    max_chars: int,
    full_report: str | None,
    edition: str,
    color: str,
    today: str | None,
) -> int:
    """Show what changed between two versions, each change classified by safety impact.

    BASE and HEAD are framework folders, git refs (main, v2.0.0, HEAD~1, a commit) or
    REF:PATH. BASE defaults to HEAD (the last commit), HEAD to the framework of the working
    tree. A change is strengthening, weakening, neutral, editorial or needs-review, as the
    schema's x-prepctl keywords say. A weakening is justified when a change record added or
    modified between BASE and HEAD covers its address.

    A weakening makes the update a material modification: the report then lists what each
    profile HEAD claims requires, and by when. Deadlines count from HEAD's effective date when
    it differs from BASE's (HEAD then declares a date of its own), otherwise from --today, or
    else today's date. Own profiles come from [tool.prepctl.compliance] profiles in the
    configuration lint finds for HEAD.

    The assessments in assessments/ beside HEAD's framework are determined under BASE and
    under HEAD; each determination HEAD changes is listed, a lowered one (lower level, fewer
    safeguards owed, a stage newly permitted) beside the change that causes it. They never
    set the exit code themselves: that change is already classified.

    Exit 0 when no change reaches --fail-on, 1 when one does, 2 on usage, input or git errors.
    """
    from prepctl.commands import diff as command

    if len(versions) > 2:
        raise click.UsageError("give at most two versions: BASE and HEAD")
    if against is not None and len(versions) > 1:
        raise click.UsageError("--against names BASE; give at most HEAD besides it")
    outputs = parse_formats(formats, "diff")
    if full_report is not None:
        from prepctl.reporters.diff.markdown import is_link

        if not is_link(full_report):
            raise click.BadParameter(
                f"'{full_report}' is not an http(s) address without spaces, '<' or '>'",
                param_hint="'--full-report'",
            )
    reference = parse_date(today, "--today")
    base = against if against is not None else (versions[0] if versions else None)
    head = versions[-1] if (against is not None and versions) or len(versions) == 2 else None
    return command.run(
        base,
        head,
        outputs=outputs,
        fail_on=fail_on,
        color=color,
        today=reference,
        max_chars=max_chars,
        full_report=full_report,
        edition=edition,
    )


@command("record")
@click.option("--id", "record_id", required=True, help="The record's id, also its file name.")
@click.option("--title", required=True, help="A short name for the change.")
@click.option("--covers", multiple=True, metavar="ADDRESS", help="An address the record explains.")
@click.option("--rationale", required=True, help="Why the change was made.")
@click.option(
    "--approved-by", "approved_by", multiple=True, metavar="BODY", help="A governance body's id."
)
@click.option("--approved-on", metavar="DATE", help="YYYY-MM-DD; today when not given.")
@click.option("--effective", metavar="DATE", help="YYYY-MM-DD the change takes effect.")
@click.option(
    "--from-diff", is_flag=True, help="Also cover every weakening no change record covers yet."
)
@click.option("--against", metavar="REF", help="With --from-diff: the BASE to diff against.")
@click.option(
    "--framework",
    "framework_dir",
    metavar="DIR",
    help="The framework folder to write into (default: found from the current folder).",
)
def record_command(
    record_id: str,
    title: str,
    covers: tuple[str, ...],
    rationale: str,
    approved_by: tuple[str, ...],
    approved_on: str | None,
    effective: str | None,
    from_diff: bool,
    against: str | None,
    framework_dir: str | None,
) -> int:
    """Write a change record into framework/changes/, so nobody writes the format by hand.

    The record is checked against the change-record schema, every approving body must exist
    in the framework's governance, and an existing record is never overwritten. With
    --from-diff, covers also lists each weakening between --against (default HEAD) and the
    working tree that no change record covers yet.
    """
    from prepctl.commands import record as command

    if against is not None and not from_diff:
        raise click.UsageError("--against only applies with --from-diff")
    if not covers and not from_diff:
        raise click.UsageError("name what the record covers: --covers ADDRESS or --from-diff")
    if not approved_by:
        raise click.UsageError("name at least one approving body: --approved-by BODY")
    return command.run(
        record_id,
        title=title,
        covers=list(covers),
        rationale=rationale,
        approved_by=list(approved_by),
        approved_on=approved_on,
        effective=effective,
        from_diff=from_diff,
        against=against,
        framework=framework_dir,
    )


@command("review")
@click.option(
    "--by",
    "bodies",
    multiple=True,
    metavar="BODY",
    help="A governance body that held the review, by id. Repeatable; at least one.",
)
@click.option(
    "--scope",
    multiple=True,
    metavar="ADDRESS",
    help="An address that was reviewed. Repeatable; default: the whole framework (/).",
)
@click.option("--note", metavar="TEXT", help="What the review found.")
@click.option("--date", "on", metavar="YYYY-MM-DD", help="When it was held; default: today.")
@click.option("--id", "record_id", help="The record's id; default: review-DATE.")
@click.option("--title", help="A short name; default: 'Review of' the scope.")
@click.option(
    "--framework",
    "framework_dir",
    metavar="DIR",
    help="The framework folder to write into (default: found from the current folder).",
)
def review_command(
    bodies: tuple[str, ...],
    scope: tuple[str, ...],
    note: str | None,
    on: str | None,
    record_id: str | None,
    title: str | None,
    framework_dir: str | None,
) -> int:
    """Record a review that changed nothing, and date the reviewed items' last review.

    Writes a change record of kind review into framework/changes/ (it covers the addresses
    reviewed, names the bodies that held it, and never justifies a change), and sets the
    review dates within the scope to the review's date, editing the files in place with
    their comments kept: each category's last-reviewed under the scope, and the framework's
    governance.review.last-reviewed when the scope is the whole framework. The record and the
    edited files are written all together or not at all. A date is never moved back. Use
    prepctl record for a change.
    """
    from prepctl.commands import review as command

    if not bodies:
        raise click.UsageError("name the body that held the review: --by BODY")
    return command.run(
        bodies=list(bodies),
        scope=list(scope),
        note=note,
        on=parse_date(on, "--date"),
        record_id=record_id,
        title=title,
        framework=framework_dir,
    )


@command("log")
@click.argument("where", required=False, metavar="[ADDRESS | ASSESSMENT]")
@click.option(
    "--range",
    "revision_range",
    metavar="A..B",
    help="Only the commits of A..B (in B, not in A); a single REF: its whole history. "
    "Default: the history of HEAD.",
)
@format_option
@color_option
def log_command(
    where: str | None, revision_range: str | None, formats: tuple[str, ...], color: str
) -> int:
    """Show the semantic history of the framework, or of one ADDRESS, newest first.

    ADDRESS names a category, a threshold, a safeguard or any field in it, e.g.
    /categories/cybersecurity/thresholds/high; with none, the whole framework. Each commit that
    changed it is shown with its date, author and changes, classified as by prepctl diff, each
    with the change record (new in that commit) that justified it and its rationale. A change
    belongs to ADDRESS when it is at or below it, or when ADDRESS lies inside an item added,
    removed or moved as a whole. A move between categories is one change, and the history
    before it is followed under the old address; renaming a file changes nothing.

    Merge commits are followed along their first parent only (as git log --first-parent): a
    merged branch appears as its merge commit, compared with the branch it was merged into.

    ASSESSMENT, a path (it does not start with '/'), is an assessment file
    (assessments/<model-id>/<YYYY-MM-DD>.yaml) or a model's folder of them
    (assessments/<model-id>), as it is or as it was in git: each commit that changed it is
    shown with what changed in words, a result by its evaluation, a safeguard's status by its
    safeguard, the decision, the model's checkpoint and the framework version assessed against
    field by field; a file recorded or deleted. A file is followed across renames (git log
    --follow); a folder is not.

    Exit 0, also when ADDRESS is in the framework but no commit of the range changed it (said
    on stderr); 2 when ADDRESS is neither in the framework nor in its history (with the
    likeliest address meant), when a path is not an assessment or has no history, when an
    assessment in some commit cannot be read (named as COMMIT:FILE), or when the range, the
    repository or the address cannot be read.
    """
    from prepctl.commands import log as command

    outputs = parse_formats(formats, "log")
    return command.run(where, revision_range=revision_range, outputs=outputs, color=color)


def _bumps() -> list[Bump]:
    """Version bumps, the biggest first."""
    from prepctl.core.release import Bump

    return sorted(Bump, key=lambda bump: bump.rank, reverse=True)


@command("release")
@click.option("--dry-run", is_flag=True, help="Print what would be done; write nothing.")
@click.option(
    "--tag",
    "tag",
    is_flag=True,
    help="Tag the release prepared and committed before (an annotated tag on HEAD).",
)
@click.option(
    "--sign",
    is_flag=True,
    help="With --tag: sign the tag as git tag -s does, with the key and format (SSH or GPG) "
    "your git configuration names; prepctl verify checks the signature.",
)
@click.option(
    "--date",
    "release_date",
    metavar="YYYY-MM-DD",
    help="The new version's effective date; default: today.",
)
@click.option(
    "--bump",
    type=enum_choice(_bumps),
    help="The version bump, when changes that need review leave it open; never below what "
    "the changes require.",
)
def release_command(
    dry_run: bool, tag: bool, sign: bool, release_date: str | None, bump: str | None
) -> int:
    """Prepare the framework's next release from what changed since the last one.

    The last release is the highest tag PREFIX+VERSION that HEAD contains (PREFIX framework-v,
    or [tool.prepctl.release] tag-prefix). Since then, a weakening makes a major version, a
    strengthening or a new item a minor one, anything else a patch; changes that need review
    leave the choice to --bump. The release sets version and effective in framework.yaml
    (nothing else in the file changes), writes the version's section of framework/CHANGELOG.md
    from the diff and the new change records, and moves those records to
    changes/archive/VERSION/, where they still justify that release's changes in any diff,
    redline or site page that spans it. With no release tag yet, the current version is
    released as it is. Commit the result, then run prepctl release --tag.

    Exit 0 when done, 1 when the release is refused (changes need review, nothing to release
    or tag, uncommitted files for --tag), 2 on input, configuration or git errors.
    """
    from prepctl.commands import release as command

    if tag and (release_date is not None or bump is not None):
        raise click.UsageError("--tag only tags the release already prepared; drop --date/--bump")
    if sign and not tag:
        raise click.UsageError("--sign signs the release tag: use it with --tag")
    return command.run(
        dry_run=dry_run,
        tag=tag,
        sign=sign,
        release_date=parse_date(release_date, "--date"),
        bump=bump,
    )


@command("changelog")
@click.argument("revision_range", required=False, metavar="[A..B]")
def changelog_command(revision_range: str | None) -> int:
    """Print the changelog between two versions as Markdown, from the diff and change records.

    A and B are git refs; B may be left out (A..) for the working tree, and so may the whole
    range: from the last release tag to the working tree. The section is the one prepctl
    release writes: changes grouped by category and impact, weakening first, each with the
    change record that justifies it. Commit messages are never used.
    """
    from prepctl.commands import changelog as command

    return command.run(revision_range)
