"""JUnit XML, for CI dashboards (GitLab merge-request test reports, Jenkins' JUnit plugin).

Layout: one ``<testsuite>`` per file that has findings, and in it **one ``<testcase>`` per
finding**, named ``rule address`` with the file as ``classname``. Why not one test case per
file (or per rule) holding several ``<failure>`` elements: GitLab reads only the first failure
of a test case, and Jenkins counts a test case once, so findings after the first would vanish
from both dashboards. One test case a finding lists every finding as its own failed test, and
its name (rule and address, no line number) stays the same while the file is edited around
it, so Jenkins' "failing since" history follows it.

* errors and warnings are ``<failure>`` (both fail ``prepctl lint``);
* information is a passing test case whose ``<system-out>`` says what was noted;
* suppressed findings are ``<skipped>``, with the suppression's reason when it has one;
* a run with nothing to report has one passing test case, so dashboards show a pass rather
  than "no tests".

No timestamps or durations: the same result gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from prepctl import address
from prepctl.finding import Finding, Severity
from prepctl.lint import LintResult
from prepctl.reporters.text import summary
from prepctl.terminal import safe

# Characters XML 1.0 cannot hold even as references (after safe() has escaped the C0 and C1
# controls): https://www.w3.org/TR/xml/#charsets
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")

SUITES_NAME = "prepctl lint"


def _text(value: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", safe(value))


def _classname(file: str) -> str:
    return file[: -len(".yaml")] if file.endswith(".yaml") else file


def _line(finding: Finding) -> str:
    return (
        f"{finding.file}:{finding.line}:{finding.column}: {finding.severity.value}"
        f"[{finding.rule}] {address.display(finding.address)}: {finding.message}"
    )


def _testcase(suite: ET.Element, finding: Finding, *, suppressed: bool) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "name": _text(f"{finding.rule} {address.display(finding.address)}"),
            "classname": _text(_classname(finding.file)),
            "file": _text(finding.file),
            "line": str(finding.line),
        },
    )
    if suppressed:
        message = f"suppressed: {finding.reason}" if finding.reason else "suppressed"
        skipped = ET.SubElement(case, "skipped", {"message": _text(message)})
        skipped.text = _text(_line(finding))
    elif finding.severity is Severity.INFO:
        ET.SubElement(case, "system-out").text = _text(_line(finding))
    else:
        failure = ET.SubElement(
            case,
            "failure",
            {"message": _text(finding.message), "type": _text(finding.rule)},
        )
        failure.text = _text(_line(finding))


def _counts(element: ET.Element, cases: Iterable[ET.Element]) -> tuple[int, int, int]:
    cases = list(cases)
    tests = len(cases)
    failures = sum(1 for c in cases if c.find("failure") is not None)
    skipped = sum(1 for c in cases if c.find("skipped") is not None)
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", str(skipped))
    return tests, failures, skipped


def build(result: LintResult) -> ET.Element:
    root = ET.Element("testsuites", {"name": SUITES_NAME})
    by_file: dict[str, list[tuple[Finding, bool]]] = {}
    entries = [(f, False) for f in result.findings] + [(f, True) for f in result.suppressed]
    for finding, suppressed in sorted(entries, key=lambda e: (e[0].sort_key(), e[1])):
        by_file.setdefault(finding.file, []).append((finding, suppressed))
    for file, findings in by_file.items():
        suite = ET.SubElement(root, "testsuite", {"name": _text(file)})
        for finding, suppressed in findings:
            _testcase(suite, finding, suppressed=suppressed)
        _counts(suite, suite.iter("testcase"))
    if not by_file:
        suite = ET.SubElement(root, "testsuite", {"name": SUITES_NAME})
        ET.SubElement(suite, "testcase", {"name": _text(summary(result)), "classname": "prepctl"})
        _counts(suite, suite.iter("testcase"))
    _counts(root, root.iter("testcase"))
    return root


def report(result: LintResult, stream: TextIO, color: bool) -> None:
    root = build(result)
    ET.indent(root, space="  ")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
