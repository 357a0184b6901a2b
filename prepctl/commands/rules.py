"""``prepctl rules``: every lint rule, as a table or as the Markdown page docs/rules.md."""

from __future__ import annotations

import sys

from prepctl.reporters import RULES_REPORTERS
from prepctl.rules import describe


def run(*, output_format: str) -> int:
    RULES_REPORTERS[output_format](describe(), sys.stdout, False)
    return 0
