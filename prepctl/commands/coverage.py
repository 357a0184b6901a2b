"""``prepctl coverage``: which requirements of which compliance profiles the framework meets."""

from __future__ import annotations

from pathlib import Path

from prepctl.commands.reports import emit
from prepctl.commands.sources import resolve_snapshots, settings_for
from prepctl.core import compliance, document
from prepctl.core.finding import Severity
from prepctl.errors import PrepctlError
from prepctl.lint import config
from prepctl.reporters import COVERAGE_REPORTERS


def run(
    source_argument: str | None,
    *,
    profiles: list[str],
    outputs: list[tuple[str, str | None]],
    color: str,
    config_path: str | None = None,
) -> int:
    (snapshot,) = resolve_snapshots([source_argument] if source_argument is not None else [])
    settings = settings_for(snapshot, config.load(Path(config_path)) if config_path else None)
    framework = document.load(snapshot)
    catalogue = compliance.Catalogue(settings.profiles)
    if profiles:
        selected = [catalogue.require(profile_id).id for profile_id in profiles]
    else:
        claimed = compliance.claims(framework)
        if not claimed:
            raise PrepctlError("no profiles claimed; name one with --profile")
        selected = [claim.profile for claim in claimed]  # unknown ones become findings
    coverage = compliance.analyse(
        framework, catalogue, selected=selected, malformed=True, rules=_rules
    )
    emit(coverage, outputs, COVERAGE_REPORTERS, color)
    return 1 if coverage.failed else 0


def _rules() -> dict[compliance.IssueKind, tuple[str, Severity]]:
    """The rule reporting each kind of issue (the rules are loaded only when there are
    issues)."""
    from prepctl import rules

    return rules.coverage_rules()
