"""The determinations for a terminal: one block per assessment, a headline last."""

from __future__ import annotations

from typing import TextIO

from prepctl.core.assess import Determination, Report
from prepctl.reporters.assess.common import crossed, decision_line, headline, last, level, model
from prepctl.terminal import paint, safe


def _block(found: Determination, color: bool) -> list[str]:
    lines = [
        paint(f"{found.file}: {model(found)}, assessed {found.date}", "bold", color),
        f"  framework {found.framework_version}, read from {found.framework_source}",
    ]
    for category in found.categories:
        if not (category.crossed or category.alerts or category.level):
            lines.append(f"  {last(category.category)}: {level(category)}")
            continue
        lines.append(f"  {last(category.category)}: {paint(level(category), 'yellow', color)}")
        lines.extend(f"    crossed: {crossed(item)}" for item in category.crossed)
        for alert in category.alerts:
            warns = f", warning of {last(alert.alerts_for)}" if alert.alerts_for else ""
            lines.append(f"    alert: {last(alert.threshold)}{warns}")
        if category.required_safeguards:
            owed = len(category.required_safeguards)
            missing = ", ".join(last(s) for s in category.missing_safeguards) or "none"
            lines.append(f"    safeguards owed: {owed}; missing: {missing}")
    decision = found.decision
    lines.append(f"  decision: {decision_line(found)}")
    lines.append(f"    permitted now: {', '.join(decision.permitted) or 'no stage'}")
    if decision.compliant:
        lines.append(f"    {paint('complies', 'green', color)}: {decision.reason}")
    else:
        lines.append(f"    {paint('NOT PERMITTED', 'red', color)}: {decision.reason}")
    return lines


def report(result: Report, stream: TextIO, color: bool) -> None:
    for found in result.determinations:
        stream.write(safe("\n".join(_block(found, color))) + "\n\n")
    stream.write(headline(result) + "\n")
