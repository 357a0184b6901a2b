"""What both formats of the rules' documentation say the same way."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from prepctl.rules import RuleInfo


def option_lines(options: Mapping[str, Any]) -> list[str]:
    return [f"`{name}` = `{_toml(value)}`" for name, value in options.items()]


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def body(info: RuleInfo) -> str:
    """The documentation without its summary line (which serves as the title)."""
    lines = info.documentation.splitlines()
    return "\n".join(lines[1:]).strip()
