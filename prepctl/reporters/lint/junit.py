"""JUnit XML, for CI dashboards (GitLab merge-request test reports, Jenkins' JUnit plugin).

Layout: one ``<testsuite>`` per file that has findings, and in it **one ``<testcase>`` per
finding**, named ``rule address`` with the file as ``classname`` (a second finding of one rule
at one address is ``rule address #2``, and so on, so that every test has its own name).

Why not one test case per file (or per rule) holding several ``<failure>`` elements: GitLab
reads only the first failure of a test case, and Jenkins counts a test case once, so findings
after the first would vanish from both dashboards. One test case a finding lists every finding
as its own failed test, and its name (rule and address, no line number) stays the same while
the file is edited around it, so Jenkins' "failing since" history follows it.

* errors and warnings are ``<failure>`` (both fail ``prepctl lint``);
* information is a passing test case whose ``<system-out>`` says what was noted;
* suppressed findings are ``<skipped>``, with the suppression's reason when it has one;
* a file that cannot be read as YAML is a failure of rule ``yaml`` (not an ``<error>``, which
  the XSD below does not know);
* a run with nothing to report has one passing test case, named ``prepctl lint`` whatever the
  number of files (the summary is its ``<system-out>``), so dashboards show a pass rather than
  "no tests", and the same test from run to run.

The report validates against junit-10.xsd, the schema of Jenkins' xUnit plugin that pytest also
checks its reports with: no attributes beyond it (the file and line of a finding are in the
failure's text, and the file is the suite's name). No timestamps or durations: the same result
gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from prepctl.core import address
from prepctl.core.finding import Finding, Severity
from prepctl.lint.engine import LintResult
from prepctl.reporters.lint.text import summary
from prepctl.terminal import safe

# Characters XML 1.0 cannot hold even as references (after safe() has escaped the C0 and C1
# controls): https://www.w3.org/TR/xml/#charsets
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")

SUITES_NAME = "prepctl lint"


def _text(value: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", safe(value))


def _classname(file: str) -> str:
    """The file without its suffix: dashboards read a dot in a class name as a package."""
    for suffix in (".yaml", ".yml"):
        if file.endswith(suffix):
            return file[: -len(suffix)]
    return file


def _line(finding: Finding) -> str:
    return (
        f"{finding.file}:{finding.line}:{finding.column}: {finding.severity.value}"
        f"[{finding.rule}] {address.display(finding.address)}: {finding.message}"
    )


def _testcase(suite: ET.Element, finding: Finding, name: str, *, suppressed: bool) -> None:
    case = ET.SubElement(
        suite, "testcase", {"name": _text(name), "classname": _text(_classname(finding.file))}
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


def _counts(element: ET.Element, cases: Iterable[ET.Element], *, skipped: bool = True) -> None:
    cases = list(cases)
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    element.set("errors", "0")
    if skipped:  # junit-10.xsd counts skipped tests per suite only
        element.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))


def build(result: LintResult) -> ET.Element:
    root = ET.Element("testsuites", {"name": SUITES_NAME})
    by_file: dict[str, list[tuple[Finding, bool]]] = {}
    entries = [(f, False) for f in result.findings] + [(f, True) for f in result.suppressed]
    for finding, suppressed in sorted(entries, key=lambda e: (e[0].sort_key(), e[1])):
        by_file.setdefault(finding.file, []).append((finding, suppressed))
    for file, findings in by_file.items():
        suite = ET.SubElement(root, "testsuite", {"name": _text(file)})
        seen: dict[str, int] = {}
        for finding, suppressed in findings:
            name = f"{finding.rule} {address.display(finding.address)}"
            seen[name] = seen.get(name, 0) + 1
            numbered = name if seen[name] == 1 else f"{name} #{seen[name]}"
            _testcase(suite, finding, numbered, suppressed=suppressed)
        _counts(suite, suite.iter("testcase"))
    if not by_file:
        suite = ET.SubElement(root, "testsuite", {"name": SUITES_NAME})
        case = ET.SubElement(suite, "testcase", {"name": SUITES_NAME, "classname": "prepctl"})
        ET.SubElement(case, "system-out").text = _text(summary(result))
        _counts(suite, suite.iter("testcase"))
    _counts(root, root.iter("testcase"), skipped=False)
    return root


def report(result: LintResult, stream: TextIO, color: bool) -> None:
    root = build(result)
    ET.indent(root, space="  ")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
