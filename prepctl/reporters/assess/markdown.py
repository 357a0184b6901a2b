"""The determinations as Markdown (a pull request comment, a page of a report): a table of
categories per assessment, then the decision and whether it complies. Framework and
assessment text is made inert in every cell."""

from __future__ import annotations

from typing import TextIO

from prepctl.core.assess import Determination, Report
from prepctl.reporters.assess.common import crossed, decision_line, headline, last, level, model
from prepctl.reporters.diff.markdown import code, text


def _section(found: Determination) -> list[str]:
    decision = found.decision
    verdict = "complies" if decision.compliant else "**not permitted**"
    lines = [
        f"### {text(model(found))}, assessed {text(found.date)}",
        "",
        f"{code(found.file)} against framework {text(found.framework_version)}, read from "
        f"{text(found.framework_source)}",
        "",
        "| category | level | triggers crossed | alerts | missing safeguards |",
        "| --- | --- | --- | --- | --- |",
    ]
    for category in found.categories:
        crossings = "<br>".join(text(crossed(item)) for item in category.crossed) or "none"
        alerts = ", ".join(code(last(a.threshold)) for a in category.alerts) or "none"
        missing = ", ".join(code(last(s)) for s in category.missing_safeguards) or "none"
        lines.append(
            f"| {code(last(category.category))} | {text(level(category))} | {crossings} "
            f"| {alerts} | {missing} |"
        )
    permitted = ", ".join(code(stage) for stage in decision.permitted) or "no stage"
    lines += [
        "",
        f"Decision: {text(decision_line(found))}. Permitted now: {permitted}.",
        f"Verdict: {verdict}: {text(decision.reason)}.",
        "",
    ]
    return lines


def report(result: Report, stream: TextIO, color: bool) -> None:
    lines = ["## Assessments", "", headline(result) + ".", ""]
    for found in result.determinations:
        lines.extend(_section(found))
    stream.write("\n".join(lines).rstrip("\n") + "\n")
