"""Schema versions: what a framework written for an earlier schema means in the current one.

A manifest without ``schema-version`` is written for schema 1. Schema 2 gives the facts schema 1
kept in flags and counts a structure with a direction of its own:

* a level's flags (``safeguards-before-deployment``, ``safeguards-before-internal-deployment``,
  ``safeguards-during-development``, ``halt-development``, ``triggered-by-forecast``) and the
  manifest's ``post-mitigation-limits`` become decision rules, items of the level's ``rules``;
* every interval, cadence and deadline becomes an ISO 8601 duration (``interval-days: 365`` →
  ``interval: P365D``, ``deadline-hours: 24`` → ``deadline: PT24H``, ``interval-months: 6`` →
  ``interval: P6M``, ``term-months: 12`` → ``term: P12M``);
* an exception's ``conditions`` are its ``preconditions``.

:func:`upgrade` changes a manifest's data the same way whether it holds plain data (a version
read from git, upgraded in memory so that diffs and history reach across the change) or
ruamel.yaml's commented mappings (``prepctl migrate``, which rewrites the file and keeps its
comments). It also says, for every new place, which old place it comes from, so that positions
carry over. Only the manifest changes between schema 1 and 2.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

CURRENT = 2
VERSION_KEY = "schema-version"

Path = tuple[str | int, ...]

_FLAG_RULES: tuple[tuple[str, str, str, str], ...] = (
    # flag, rule id, when, effect
    (
        "safeguards-before-deployment",
        "external-deployment",
        "external-deployment",
        "requires-safeguards",
    ),
    (
        "safeguards-before-internal-deployment",
        "internal-deployment",
        "internal-deployment",
        "requires-safeguards",
    ),
    ("safeguards-during-development", "development", "development", "requires-safeguards"),
    ("halt-development", "development-halt", "development", "halt"),
)
_FORECAST = "triggered-by-forecast"
_LIMITS = "post-mitigation-limits"
_LIMIT_RULES = {
    "deployment": ("post-mitigation-deployment", "external-deployment"),
    "development": ("post-mitigation-development", "development"),
}
# (collection path, item key, old key, new key, unit): counts that become durations.
_DURATIONS: tuple[tuple[Path, str, str, str], ...] = (
    (("evaluation-triggers",), "interval-months", "interval", "M"),
    (("governance", "bodies"), "term-months", "term", "M"),
    (("governance", "reports"), "interval-days", "interval", "D"),
    (("governance", "reports"), "deadline-hours", "deadline", "H"),
    (("governance", "duties"), "interval-days", "interval", "D"),
    (("governance", "duties"), "deadline-hours", "deadline", "H"),
)


def version(manifest: Any) -> int:
    """The schema version a manifest's data is written for: 1 when it says none. A manifest that
    is not a mapping, is empty, or gives a version that is not a whole number is taken as current,
    so that the schema reports what is wrong with it rather than an upgrade guessing."""
    if not isinstance(manifest, dict) or not manifest:
        return CURRENT
    if VERSION_KEY not in manifest:
        return 1
    given = manifest[VERSION_KEY]
    return given if isinstance(given, int) and not isinstance(given, bool) else CURRENT


def duration(count: int | float, unit: str) -> str | None:
    """A count of days, hours or months as an ISO 8601 duration; None when it cannot be one
    (a fraction of a day or a month, a count that is not a positive number)."""
    if isinstance(count, bool) or not isinstance(count, (int, float)) or count <= 0:
        return None
    if unit == "H":
        minutes = round(count * 60)
        if minutes != count * 60:
            return None
        return f"PT{minutes // 60}H" if minutes % 60 == 0 else f"PT{minutes}M"
    if count != int(count):
        return None
    return f"P{int(count)}{unit}"


Make = Callable[[], MutableMapping[str, Any]]
"""Makes an empty mapping of the kind the data holds (dict, or ruamel's CommentedMap)."""


def upgrade(manifest: MutableMapping[str, Any], make: Make = dict) -> dict[Path, Path]:
    """Upgrade a schema-1 manifest to the current schema, in place; return, for each new or
    moved place, the old place whose position it takes."""
    if version(manifest) >= CURRENT:
        return {}
    origins: dict[Path, Path] = {}
    _put_first(manifest, VERSION_KEY, CURRENT, make)
    levels = manifest.get("levels")
    level_ids = [lv.get("id") for lv in levels if _is_map(lv)] if isinstance(levels, list) else []
    limits = manifest.get(_LIMITS)
    if isinstance(levels, list):
        for index, level in enumerate(levels):
            if _is_map(level):
                _level_rules(level, index, level_ids, limits, origins, make)
    if _LIMITS in manifest:
        del manifest[_LIMITS]
    for where, old, new, unit in _DURATIONS:
        items = _at(manifest, where)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if _is_map(item):
                    _to_duration(item, (*where, index), old, new, unit, origins)
    review = _at(manifest, ("governance", "review"))
    if _is_map(review):
        _to_duration(review, ("governance", "review"), "interval-days", "interval", "D", origins)
    exceptions = manifest.get("exceptions")
    if isinstance(exceptions, list):
        for index, exception in enumerate(exceptions):
            if _is_map(exception) and "conditions" in exception:
                _rename(exception, "conditions", "preconditions")
                origins[("exceptions", index, "preconditions")] = (
                    "exceptions",
                    index,
                    "conditions",
                )
    return origins


def _level_rules(
    level: MutableMapping[str, Any],
    index: int,
    level_ids: list[Any],
    limits: Any,
    origins: dict[Path, Path],
    make: Make,
) -> None:
    here: Path = ("levels", index)
    forecast = level.get(_FORECAST) is True
    made: list[tuple[MutableMapping[str, Any], Path]] = []
    for flag, rule_id, when, effect in _FLAG_RULES:
        if level.get(flag) is True:
            rule = _rule(make, rule_id, when, effect, forecast=forecast)
            made.append((rule, (*here, flag)))
    if _is_map(limits):
        mine = level_ids.index(level.get("id")) if level.get("id") in level_ids else -1
        for key, (rule_id, when) in _LIMIT_RULES.items():
            limit = limits.get(key)
            if limit in level_ids and mine > level_ids.index(limit):
                rule = _rule(make, rule_id, when, "prohibited", forecast=False)
                rule["assessed"] = "post-mitigation"
                made.append((rule, (_LIMITS, key)))
    first_flag = next(
        (flag for flag in (*(f for f, *_ in _FLAG_RULES), _FORECAST) if flag in level), None
    )
    for flag in (*(f for f, *_ in _FLAG_RULES), _FORECAST):
        if flag in level:
            del level[flag]
    if not made:
        return
    rules = [rule for rule, _ in made]
    _put_after(level, "response", "rules", rules, make)
    place: Path = (*here, "rules")
    origins[place] = (*here, first_flag) if first_flag else (_LIMITS,)
    for position, (rule, origin) in enumerate(made):
        place = (*here, "rules", position)
        origins[place] = origin
        for key in rule:
            place = (*here, "rules", position, key)
            origins[place] = origin


def _rule(make: Make, rule_id: str, when: str, effect: str, *, forecast: bool) -> Any:
    rule = make()
    rule["id"] = rule_id
    rule["when"] = when
    if forecast:
        rule["basis"] = "forecast"
    rule["effect"] = effect
    return rule


def _to_duration(
    item: MutableMapping[str, Any],
    where: Path,
    old: str,
    new: str,
    unit: str,
    origins: dict[Path, Path],
) -> None:
    if old not in item:
        return
    written = duration(item[old], unit)
    if written is None:
        return  # left as it is: the schema reports the old key, nothing is guessed
    _rename(item, old, new, written)
    place: Path = (*where, new)
    origins[place] = (*where, old)


def _is_map(value: Any) -> bool:
    return isinstance(value, MutableMapping)


def _at(data: Any, path: Path) -> Any:
    for key in path:
        if not _is_map(data):
            return None
        data = data.get(key)
    return data


def _rename(mapping: MutableMapping[str, Any], old: str, new: str, value: Any = None) -> None:
    """Give entry ``old`` the key ``new`` (and ``value`` when given) where it stands."""
    entries = list(mapping.items())
    position = next(i for i, (key, _) in enumerate(entries) if key == old)
    kept = mapping[old] if value is None else value
    _place(mapping, position, old, new, kept)


def _put_after(
    mapping: MutableMapping[str, Any], after: str, key: str, value: Any, make: Make
) -> None:
    keys = list(mapping)
    position = keys.index(after) + 1 if after in keys else len(keys)
    _place(mapping, position, None, key, value)


def _put_first(mapping: MutableMapping[str, Any], key: str, value: Any, make: Make) -> None:
    _place(mapping, 0, None, key, value)


def _place(
    mapping: MutableMapping[str, Any], position: int, old: str | None, key: str, value: Any
) -> None:
    """Set ``key`` at ``position`` (replacing ``old`` there), keeping the other entries' order;
    through ``insert`` where the mapping has it (ruamel's, which also keeps comments)."""
    insert = getattr(mapping, "insert", None)
    if callable(insert):
        if old is not None:
            del mapping[old]
        insert(position, key, value)
        return
    entries = [(k, v) for k, v in mapping.items() if k != old]
    entries.insert(position, (key, value))
    mapping.clear()
    mapping.update(entries)
