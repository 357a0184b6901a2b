"""Releases: the framework's own semantic version, set from what changed.

A release is the manifest's ``version`` and ``effective`` date, a section of
``framework/CHANGELOG.md``, and an annotated git tag ``<prefix><version>`` (prefix
``framework-v`` unless ``[tool.prepctl.release] tag-prefix`` says otherwise). The next version
follows from the semantic diff since the last release tag (the highest version tagged with the
prefix that HEAD contains): a weakening makes a major version, a strengthening or a new item a
minor one, anything else (wording, neutral fields) a patch. A change that needs review could
be either, so the person releasing decides with ``--bump`` (when a weakening already asks for a
major version, nothing is left to decide). With no release tag yet, the manifest's version is
released as it is, and the changelog lists every change record.

Releasing folds the change records that are new since the last release into the changelog and
moves their files to ``changes/archive/<version>/`` (the schema's ``x-prepctl-archive``), which
leaves ``changes/`` holding only what the next release will fold. An archived record is still a
change record, named by its id wherever its file lives: it keeps justifying its release's
changes between any two versions on either side of that release, and justifies nothing after
it (a record already in the base explains nothing new). Change records are not compared
(``x-prepctl-compare: false``), so moving them is no change.

Writing is all or nothing as far as a process can make it: every new file is written to a
temporary file beside its target first, and only when all of them are written are they renamed
into place, one after another; if a rename or removal fails, the ones already done are undone.
What remains is the window between the renames themselves: a crash (power loss, SIGKILL) there
can leave some files renamed and others not, which ``git status`` shows and ``git checkout``
undoes.

The package: :mod:`~prepctl.core.release.semver` (versions), :mod:`~prepctl.core.release.bump`
(what the changes ask for), :mod:`~prepctl.core.release.released` (the release tags so far),
:mod:`~prepctl.core.release.prepare` (the plan), :mod:`~prepctl.core.release.write` (writing it)
and :mod:`~prepctl.core.release.tag` (tagging it).
"""

from __future__ import annotations

from prepctl.core.release.bump import Requirement, required
from prepctl.core.release.prepare import (
    ARCHIVE,
    Plan,
    apply,
    changelog_section,
    notes_since,
    plan,
)
from prepctl.core.release.released import release_tags
from prepctl.core.release.semver import SEMVER_MAX_LENGTH, SEMVER_PATTERN, Bump, Semver
from prepctl.core.release.tag import TagPlan, plan_tag
from prepctl.core.release.write import set_scalars
from prepctl.errors import Refusal

__all__ = [
    "ARCHIVE",
    "SEMVER_MAX_LENGTH",
    "SEMVER_PATTERN",
    "Bump",
    "Plan",
    "Refusal",
    "Requirement",
    "Semver",
    "TagPlan",
    "apply",
    "changelog_section",
    "notes_since",
    "plan",
    "plan_tag",
    "release_tags",
    "required",
    "set_scalars",
]
