"""SARIF 2.1.0, the format GitHub code scanning (and most static-analysis dashboards) reads.

One run, with prepctl as the tool and every rule it knows described in ``tool.driver.rules``,
so a dashboard can show a rule's documentation next to each result. Findings that an inline
suppression excused are still listed, with a ``suppressions`` entry, because SARIF viewers
show them as dismissed rather than forgetting them.

Choices the specification leaves open:

* ``artifactLocation.uri`` is the finding's path as prepctl shows it (relative to the working
  directory, POSIX separators, percent-encoded), so running from the repository root gives the
  repository-relative paths GitHub expects; a path outside the working directory is a
  ``file://`` URI.
* The message repeats the address, because code scanning does not display logical locations;
  the address is also given as the logical location's ``fullyQualifiedName``.
* ``partialFingerprints`` carries :attr:`Finding.fingerprint`, which ignores line and column,
  so an alert survives edits elsewhere in the file.
* No ``informationUri`` or ``helpUri``: prepctl has no published home page to point to.

Specification: https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from prepctl import __version__, address
from prepctl.finding import Finding, Severity
from prepctl.lint import LintResult
from prepctl.rules import RuleInfo, describe
from prepctl.terminal import write_json

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "prepctl/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A finding's file as a URI reference: relative stays relative, absolute becomes file://."""
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or PureWindowsPath(path).is_absolute():
        if PureWindowsPath(path).drive:
            posix = "/" + posix
        return "file://" + quote(posix, safe="/:")
    return quote(posix, safe="/")


def _rule(info: RuleInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.documentation or info.summary},
        "help": {"text": info.documentation or info.summary},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
    }


def _rules(result: LintResult) -> list[RuleInfo]:
    """Every known rule, then any rule a finding names that the registry does not describe."""
    infos = describe()
    known = {info.id for info in infos}
    extra = sorted({f.rule for f in (*result.findings, *result.suppressed) if f.rule not in known})
    return infos + [RuleInfo(rule, Severity.WARNING, rule, "") for rule in extra]


def _result(finding: Finding, index: dict[str, int], suppressed: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": f"{address.display(finding.address)}: {finding.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.file)},
                    "region": {
                        "startLine": max(finding.line, 1),
                        "startColumn": max(finding.column, 1),
                    },
                },
                "logicalLocations": [{"fullyQualifiedName": address.display(finding.address)}],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if suppressed:
        kind = "external" if finding.by_configuration else "inSource"
        suppression: dict[str, Any] = {"kind": kind}
        if finding.reason:
            suppression["justification"] = finding.reason
        result["suppressions"] = [suppression]
    return result


def build(result: LintResult) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rules = _rules(result)
    index = {info.id: position for position, info in enumerate(rules)}
    results = [_result(f, index, suppressed=False) for f in result.findings]
    results += [
        _result(f, index, suppressed=True) for f in sorted(result.suppressed, key=Finding.sort_key)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "prepctl",
                        "version": __version__,
                        "rules": [_rule(info) for info in rules],
                    }
                },
                # libyaml counts columns in characters, not bytes or UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def report(result: LintResult, stream: TextIO, color: bool) -> None:
    write_json(build(result), stream)
