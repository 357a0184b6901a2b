"""Plain values in words: dates, numbers, enum values and durations as a reader expects them.

Shared by the view builders, the templates' filters and the redline. No locale and no clock:
the same value always reads the same.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from prepctl.core.months import NAMES as MONTH_NAMES


def human_date(value: str) -> str:
    """'2026-10-01' as '1 October 2026'; anything else, a day the calendar lacks included,
    unchanged. No locale, no clock."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    if day.isoformat() != value:  # 3.11 also reads 20261001 and week dates
        return value
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def number(value: Any) -> str:
    """A number as people write it: 2 not 2.0, 0.25 not 2.5e-01."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def label(value: str) -> str:
    """An enum value as words: 'deep-dive' becomes 'Deep dive'."""
    words = value.replace("-", " ")
    return words[:1].upper() + words[1:]


def days(value: Any) -> str | None:
    if value is None:
        return None
    return "1 day" if value == 1 else f"{number(value)} days"


def hours(value: Any) -> str | None:
    """A deadline in hours, in days when it is a whole number of them (360 → 15 days)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and value >= 48 and value % 24 == 0:
        return days(value / 24)
    return "1 hour" if value == 1 else f"{number(value)} hours"


_DURATION_PARTS = re.compile(
    r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?"
)
_DURATION_WORDS = ("year", "month", "week", "day", "hour", "minute", "second")


def duration(value: Any) -> str | None:
    """An ISO 8601 duration in words: P1Y → 1 year, P6M → 6 months, PT24H → 24 hours, and a
    whole number of days written in hours (PT360H) → 15 days."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    found = _DURATION_PARTS.fullmatch(value)
    if found is None or value in ("P", "PT"):
        return value
    counts = [int(part) if part else 0 for part in found.groups()]
    hours = counts[4]
    if not any(counts[:4]) and not any(counts[5:]) and hours >= 48 and hours % 24 == 0:
        counts[3], counts[4] = hours // 24, 0
    words = [
        f"{number(count)} {word}{'' if count == 1 else 's'}"
        for count, word in zip(counts, _DURATION_WORDS, strict=True)
        if count
    ]
    if not words:
        return value
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def months(value: Any) -> str | None:
    if value is None:
        return None
    return "1 month" if value == 1 else f"{number(value)} months"


def multiple(value: Any) -> str | None:
    """A multiple such as 4 followed by the multiplication sign."""
    return None if value is None else f"{number(value)}\u00d7"  # the multiplication sign


def one_line(value: Any) -> str:
    """A value as one line of text, each run of whitespace a single space."""
    return " ".join(str(value).split())


# What a decision rule lets the developer do, in words.
_EFFECTS = {
    "allowed": "allowed",
    "requires-safeguards": "safeguards first",
    "halt": "halts until safeguards are in place",
    "prohibited": "not allowed",
}
STAGES = (
    ("external-deployment", "External deployment"),
    ("internal-deployment", "Large-scale internal deployment"),
    ("development", "Development"),
)


def rule_words(rule: dict[str, Any]) -> str:
    """A decision rule's effect with its conditions, then its own wording if it has one."""
    words = _EFFECTS.get(str(rule.get("effect")), str(rule.get("effect", "")))
    when = []
    if rule.get("assessed") == "post-mitigation":
        when.append("if the risk left after safeguards is at this level")
    if rule.get("basis") == "forecast":
        when.append("from the forecast on")
    if rule.get("force") not in (None, "required"):
        when.append(str(rule["force"]))
    safeguards = [str(name) for name in rule.get("safeguards") or ()]
    if safeguards:
        when.append("safeguards: " + ", ".join(safeguards))
    words += f" ({', '.join(when)})" if when else ""
    prose = rule.get("text")
    return f"{words}: {' '.join(str(prose).split())}" if prose else words


def stage_rule_words(rule: dict[str, Any]) -> str:
    """A decision rule with the stage it governs: 'External deployment: safeguards first'."""
    stage = dict(STAGES).get(str(rule.get("when")), str(rule.get("when", "")))
    return f"{stage}: {rule_words(rule)}"


def bar(value: Any) -> str | None:
    """A threshold's bar in words: actor, uplift, what it is measured against, harm."""
    if not isinstance(value, dict) or not value:
        return None
    parts = []
    if value.get("actor") is not None:
        parts.append(f"actor: {label(str(value['actor']))}")
    if value.get("uplift") is not None:
        parts.append(f"uplift: {number(value['uplift'])}\u00d7")  # the multiplication sign
    if value.get("baseline") is not None:
        parts.append(f"measured against: {' '.join(str(value['baseline']).split())}")
    scale = harm(value.get("harm"))
    if scale is not None:
        parts.append(f"harm: {scale}")
    return "; ".join(parts) or None


def harm(value: Any) -> str | None:
    """A scale of harm in words: '1,000 deaths or $1,000,000,000 in damage'."""
    if not isinstance(value, dict):
        return None
    scales = []
    if isinstance(value.get("deaths"), int) and not isinstance(value["deaths"], bool):
        scales.append(f"{value['deaths']:,} deaths")
    elif isinstance(value.get("scale"), str):
        words = value["scale"].replace("-", " ")
        people = "many people" if words == "many" else f"{words} of people"
        scales.append(f"{people} killed or gravely injured")
    if isinstance(value.get("damage-usd"), (int, float)) and not isinstance(
        value["damage-usd"], bool
    ):
        scales.append(f"${value['damage-usd']:,.0f} in damage")
    return " or ".join(scales) or None


def force_word(item: Any) -> str | None:
    """An obligation's force when it is weaker than a requirement ('intended'); else None."""
    value = item.get("force") if isinstance(item, dict) else None
    return value if isinstance(value, str) and value != "required" else None


def force(item: Any) -> list[str]:
    """An obligation weaker than a requirement, said so: 'Force: intended'."""
    word = force_word(item)
    return [f"Force: {word}"] if word else []


def listed(item: Any, key: str, words: str) -> list[str]:
    """A list of vocabulary values, one line: 'Hazards covered: biological, chemical'."""
    values = item.get(key) if isinstance(item, dict) else None
    if not isinstance(values, list) or not values:
        return []
    return [f"{words}: {', '.join(str(value) for value in values)}"]
