"""SARIF 2.1.0, the format GitHub code scanning (and most static-analysis dashboards) reads.

One run, with prepctl as the tool and every rule it knows described in ``tool.driver.rules``
(a one-line summary, and the rule's documentation as ``help``: Markdown, with a plain-text
copy), so a dashboard can show a rule's documentation next to each result.

Choices the specification leaves open, made for GitHub code scanning
(https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):

* ``artifactLocation`` names a file by its path from the top of its git repository, with
  ``uriBaseId`` ``%SRCROOT%`` (whose place on this machine ``originalUriBaseIds`` gives), the
  same from whatever folder lint ran and for a framework read from git (``lint HEAD``). A file
  outside any repository keeps its path as prepctl shows it: relative to the working
  directory, or a ``file://`` URI.
* The message repeats the address, because code scanning does not display logical locations;
  the address is also given as the logical location's ``fullyQualifiedName``.
* ``partialFingerprints`` carries :attr:`Finding.fingerprint`: it ignores line, column and the
  numbers in the message, so an alert survives edits elsewhere in the file, and two findings
  of one kind at one address are told apart by their order.
* Suppressed findings are left out by default, with a notification that counts them: code
  scanning does not read ``suppressions`` and would open an alert for each. With
  ``--sarif-suppressed include`` they are listed with a ``suppressions`` entry (``inSource``
  for an inline suppression, ``external`` for the configuration's), for viewers that show them
  as dismissed.
* At most 25,000 results, GitHub's limit for one run: beyond it the most severe are kept, and a
  notification (and a line on standard error) says how many were left out.
* A run with files that cannot be read as YAML is marked ``executionSuccessful: false``.
* No ``informationUri`` or ``helpUri``: prepctl has no published home page to point to.

Specification: https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html
"""

from __future__ import annotations

import re
import sys
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from prepctl import __version__
from prepctl.core import address
from prepctl.core.finding import Finding, Severity
from prepctl.lint.engine import LintResult
from prepctl.rules import RuleInfo, describe
from prepctl.terminal import write_json

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "prepctl/v1"
ROOT_ID = "%SRCROOT%"
MAX_RESULTS = 25_000
"""Results GitHub code scanning takes in one run; it refuses a file with more."""

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A finding's file as a URI reference: relative stays relative, absolute becomes file://."""
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or PureWindowsPath(path).is_absolute():
        if PureWindowsPath(path).drive:
            posix = "/" + posix
        return "file://" + quote(posix, safe="/:")
    return quote(posix, safe="/")


_FENCE = re.compile(r"^\s*```")
_INLINE = [
    (re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)"), r"\1 (\2)"),  # [text](url)
    (re.compile(r"\*\*([\s\S]+?)\*\*"), r"\1"),  # **strong**, across a line break too
    (re.compile(r"`([^`]*)`"), r"\1"),  # `code`
]


def plain(markdown: str) -> str:
    """Markdown as plain text: code blocks indented, emphasis and code marks dropped."""
    lines: list[str] = []
    prose: list[str] = []

    def end_prose() -> None:
        text = "\n".join(prose)
        for pattern, replacement in _INLINE:
            text = pattern.sub(replacement, text)
        lines.extend(text.split("\n") if prose else [])
        prose.clear()

    in_code = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            end_prose()
            in_code = not in_code
        elif in_code:
            lines.append(f"    {line}" if line else "")
        else:
            prose.append(line)
    end_prose()
    return "\n".join(lines)


def _description(documentation: str) -> str:
    """The documentation's opening paragraphs, before its examples, as plain text."""
    paragraphs: list[str] = []
    for paragraph in documentation.split("\n\n"):
        if paragraph.lstrip().startswith(("**", "```")):
            break
        paragraphs.append(paragraph)
    return plain("\n\n".join(paragraphs))


def _rule(info: RuleInfo) -> dict[str, Any]:
    documentation = info.documentation or info.summary
    return {
        "id": info.id,
        "shortDescription": {"text": plain(info.summary)},
        "fullDescription": {"text": _description(documentation) or plain(info.summary)},
        "help": {"text": plain(documentation), "markdown": documentation},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
    }


def _rules(result: LintResult) -> list[RuleInfo]:
    """Every known rule, then any rule a finding names that the registry does not describe."""
    infos = describe()
    known = {info.id for info in infos}
    extra = sorted({f.rule for f in (*result.findings, *result.suppressed) if f.rule not in known})
    return infos + [RuleInfo(rule, Severity.WARNING, rule, "") for rule in extra]


def _artifact(finding: Finding, result: LintResult) -> dict[str, str]:
    path = result.paths.get(finding.file) if result.repository is not None else None
    if path is None:
        return {"uri": artifact_uri(finding.file)}
    return {"uri": quote(path, safe="/"), "uriBaseId": ROOT_ID}


def _result(
    finding: Finding, index: dict[str, int], result: LintResult, *, suppressed: bool
) -> dict[str, Any]:
    written: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": f"{address.display(finding.address)}: {finding.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(finding, result),
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
        written["suppressions"] = [suppression]
    return written


def _kept(entries: list[tuple[Finding, bool]]) -> list[tuple[Finding, bool]]:
    """At most :data:`MAX_RESULTS` entries, in their order: findings that count before
    suppressed ones, then errors, warnings and information, then by position."""
    if len(entries) <= MAX_RESULTS:
        return entries
    ranked = sorted(
        range(len(entries)),
        key=lambda i: (entries[i][1], entries[i][0].severity.rank, i),
    )
    keep = set(ranked[:MAX_RESULTS])
    return [entry for i, entry in enumerate(entries) if i in keep]


def _note(text: str, level: str = "note") -> dict[str, Any]:
    return {"level": level, "message": {"text": text}}


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def build(result: LintResult, *, include_suppressed: bool = False) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rules = _rules(result)
    index = {info.id: position for position, info in enumerate(rules)}
    entries = [(f, False) for f in result.findings]
    if include_suppressed:
        entries += [(f, True) for f in sorted(result.suppressed, key=Finding.sort_key)]
    kept = _kept(entries)
    notes: list[dict[str, Any]] = []
    if result.unreadable:
        notes.append(
            _note(
                f"{_plural(result.unreadable, 'file')} cannot be read as YAML (see the yaml "
                "results): only the schemas were checked in their framework, the other rules "
                "did not run",
                "error",
            )
        )
    if len(kept) < len(entries):
        notes.append(
            _note(
                f"{len(kept):,} of {len(entries):,} results are listed, GitHub code scanning's "
                f"limit for one run; the most severe were kept, and `prepctl lint -f json` "
                "lists them all",
                "warning",
            )
        )
        print(
            f"prepctl: note: the SARIF report holds {len(kept):,} of {len(entries):,} results, "
            "the most severe (GitHub code scanning takes at most "
            f"{MAX_RESULTS:,} a run); `-f json` lists them all",
            file=sys.stderr,
        )
    if result.suppressed and not include_suppressed:
        notes.append(
            _note(
                f"{_plural(len(result.suppressed), 'suppressed finding')} "
                f"{'is' if len(result.suppressed) == 1 else 'are'} left out (code scanning "
                "would open an alert for each); `--sarif-suppressed include` lists them, each "
                "with its suppression"
            )
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "prepctl",
                "version": __version__,
                "rules": [_rule(info) for info in rules],
            }
        },
    }
    if notes:
        run["invocations"] = [
            {"executionSuccessful": not result.unreadable, "toolExecutionNotifications": notes}
        ]
    if result.repository is not None and any("uriBaseId" in _artifact(f, result) for f, _ in kept):
        root = result.repository.as_uri()
        run["originalUriBaseIds"] = {ROOT_ID: {"uri": root if root.endswith("/") else root + "/"}}
    # libyaml counts columns in characters, not bytes or UTF-16 units.
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = [_result(f, index, result, suppressed=s) for f, s in kept]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def report(
    result: LintResult, stream: TextIO, color: bool, *, include_suppressed: bool = False
) -> None:
    write_json(build(result, include_suppressed=include_suppressed), stream)
