"""What a revision would have changed: every assessment determined under two framework
versions, and each determination the second one changes.

The results of an assessment stay what they are; only the framework differs. A determination
that HEAD makes less demanding than BASE did (a lower level, fewer safeguards owed or missing,
a stage newly permitted, a decision newly compliant) is **lowered**: it is evidence that the
revision weakens the framework as it was applied. Each shift names why (the trigger that moved
past a result, the evaluation that went) and the changes of the diff at the addresses concerned,
so that a reviewer sees the past decision beside the change that would have altered it.

A shift never decides an exit code of its own: the change that causes it is already in the
diff, classified, and gated by ``--fail-on``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from prepctl.core import address
from prepctl.core.assess.determination import Category, Determination, determine
from prepctl.core.assess.reading import Assessment
from prepctl.core.assess.vocabulary import trigger_of, words
from prepctl.core.classify import Impact
from prepctl.core.document import Document

LEVEL = "level"
POST_LEVEL = "post-mitigation level"
REQUIRED = "required safeguards"
MISSING = "missing safeguards"
PERMITTED = "permitted"
COMPLIANT = "compliant"


class Change(Protocol):
    """A change of the diff, as far as a determination reads it (the diff's records refer to
    this module's; this module does not import them back)."""

    @property
    def address(self) -> str: ...
    @property
    def impact(self) -> Impact: ...
    @property
    def justified_by(self) -> str | None: ...
    @property
    def unjustified_weakening(self) -> bool: ...


@dataclass(frozen=True)
class Shift:
    """One determination of one assessment that HEAD changes."""

    file: str
    model: str
    date: str
    category: str
    """The category's address, or '' for the decision as a whole."""
    aspect: str
    before: Value
    after: Value
    shown: str
    """The change in words: ``High → below High``, ``no longer owes /safeguards/x``."""
    lowered: bool
    reasons: tuple[str, ...]
    causes: tuple[Change, ...]
    """The diff's changes at the addresses this determination reads."""

    def headline(self) -> str:
        """``meridian-atlas-3, assessed 2026-11-20: cybersecurity High → below High under
        HEAD``."""
        where = address.split(self.category)[-1] if self.category else "decision"
        aspect = f" {self.aspect}" if self.aspect == POST_LEVEL else ""
        return f"{self.model}, assessed {self.date}: {where}{aspect} {self.shown} under HEAD"

    def to_json(self) -> dict[str, Any]:
        return {
            "assessment": self.file,
            "model": self.model,
            "date": self.date,
            "category": self.category or None,
            "aspect": self.aspect,
            "before": list(self.before) if isinstance(self.before, tuple) else self.before,
            "after": list(self.after) if isinstance(self.after, tuple) else self.after,
            "lowered": self.lowered,
            "reasons": list(self.reasons),
            "causes": [change.address for change in self.causes],
        }


Value = str | bool | tuple[str, ...] | None
"""A determination: a level's id (None: none reached), a set of addresses or stages, or
whether a decision complies."""


def shifts(
    assessments: Sequence[Assessment],
    base: Document,
    head: Document,
    changes: Iterable[Change],
    *,
    withheld: Callable[[str], str | None] = lambda where: None,
) -> tuple[Shift, ...]:
    """Each determination of each assessment that differs between ``base`` and ``head``.

    ``withheld`` says why an address's content is withheld (None: it is not): a trigger there
    is then not shown, only that it moved past the result."""
    relevant = [change for change in changes if change.impact is not Impact.EDITORIAL]
    found: list[Shift] = []
    for assessment in assessments:
        before = determine(assessment, base, "BASE")
        after = determine(assessment, head, "HEAD")
        compare = _Compare(assessment, before, after, base, head, relevant)
        compare.withheld = withheld
        found.extend(compare.shifts())
    return tuple(found)


class _Compare:
    def __init__(
        self,
        assessment: Assessment,
        before: Determination,
        after: Determination,
        base: Document,
        head: Document,
        changes: list[Change],
    ) -> None:
        self.assessment = assessment
        self.before = before
        self.after = after
        self.base = base
        self.head = head
        self.changes = changes
        self.found: list[Shift] = []
        self.everywhere: set[str] = set()
        self.why: list[str] = []
        self.withheld: Callable[[str], str | None] = lambda where: None

    def shifts(self) -> list[Shift]:
        old = {c.category: c for c in self.before.categories}
        new = {c.category: c for c in self.after.categories}
        for where in dict.fromkeys([*old, *new]):
            self._category(where, old.get(where), new.get(where))
        self._decision()
        return self.found

    def _add(
        self,
        category: str,
        aspect: str,
        values: tuple[Value, Value, str],
        lowered: bool,
        reasons: list[str],
        at: set[str],
    ) -> None:
        causes = tuple(c for c in self.changes if any(_related(c.address, a) for a in at))
        model = str(self.assessment.model.get("id", ""))
        self.found.append(
            Shift(
                self.assessment.name,
                model,
                self.assessment.date,
                category,
                aspect,
                values[0],
                values[1],
                values[2],
                lowered,
                tuple(dict.fromkeys(reasons)),
                causes,
            )
        )

    def _category(self, where: str, old: Category | None, new: Category | None) -> None:
        reasons, evaluations = self._crossings(where, old, new)
        thresholds = set(old.reached if old else ()) | set(new.reached if new else ())
        if old is None or new is None:
            evaluations.add(where)
        level_at = evaluations | thresholds
        self.why.extend(reasons)
        pre = (old.level if old else None, new.level if new else None)
        post = (
            old.post_mitigation_level if old else None,
            new.post_mitigation_level if new else None,
        )
        for aspect, (was, now) in ((LEVEL, pre), (POST_LEVEL, post)):
            if was == now or (aspect == POST_LEVEL and post == pre):
                continue  # a post-mitigation level that only repeats the level says nothing
            lowered = _lowered(self.base, was, self.head, now)
            shown = _levels(self.base, was, self.head, now)
            self._add(where, aspect, (was, now, shown), lowered, reasons, level_at)
        rules = {r for c in (old, new) if c for s in c.stages for r in s.rules}
        for aspect, attribute, verb in (
            (REQUIRED, "required_safeguards", "owes"),
            (MISSING, "missing_safeguards", "misses"),
        ):
            was_set = set(getattr(old, attribute) if old else ())
            now_set = set(getattr(new, attribute) if new else ())
            if was_set == now_set:
                continue
            at = level_at | rules | (was_set ^ now_set)
            self.everywhere |= at
            self._add(
                where,
                aspect,
                (tuple(sorted(was_set)), tuple(sorted(now_set)), _owes(verb, was_set, now_set)),
                now_set < was_set,
                reasons,
                at,
            )
        self.everywhere |= level_at | rules

    def _crossings(
        self, where: str, old: Category | None, new: Category | None
    ) -> tuple[list[str], set[str]]:
        """Why the triggers crossed differ, and the evaluations concerned."""
        was = {(c.evaluation, c.mitigation): c for c in (old.crossed if old else ())}
        now = {(c.evaluation, c.mitigation): c for c in (new.crossed if new else ())}
        reasons: list[str] = []
        evaluations: set[str] = set()
        for key in dict.fromkeys([*was, *now]):
            if (key in was) == (key in now) and (
                key not in was or was[key].trigger == now[key].trigger
            ):
                continue
            evaluation, mitigation = key
            evaluations.add(evaluation)
            crossed = was.get(key) or now[key]
            value = _number(crossed.value)
            stage = "" if mitigation == "pre" else " (post-mitigation)"
            if (reason := self.withheld(evaluation)) is not None:
                now_crosses = "crosses" if key in now else "no longer crosses"
                reasons.append(
                    f"the result of {evaluation} {now_crosses} its trigger{stage} "
                    f"(values withheld: {reason})"
                )
                continue
            old_trigger = trigger_of(self.base.get(evaluation))
            new_trigger = trigger_of(self.head.get(evaluation))
            if new_trigger is None or old_trigger is None:
                gone = "has no trigger" if self.head.get(evaluation) is not None else "is removed"
                if key in was:
                    reasons.append(f"{evaluation} {gone} under HEAD; its result {value}{stage}")
                else:
                    reasons.append(f"{evaluation} gains trigger {_number(new_trigger or 0)}")
                continue
            moved = "raised" if new_trigger > old_trigger else "lowered"
            side = "above" if new_trigger > crossed.value else "below"
            if new_trigger == crossed.value:
                side = "to"
            reasons.append(
                f"trigger of {evaluation} {moved} {_number(old_trigger)} → "
                f"{_number(new_trigger)} {side} its result {value}{stage}"
            )
        return reasons, evaluations

    def _decision(self) -> None:
        was, now = self.before.decision, self.after.decision
        if set(was.permitted) != set(now.permitted):
            self._add(
                "",
                PERMITTED,
                (was.permitted, now.permitted, _permits(set(was.permitted), set(now.permitted))),
                set(now.permitted) > set(was.permitted),
                self.why,
                self.everywhere,
            )
        if was.compliant != now.compliant:
            self._add(
                "",
                COMPLIANT,
                (was.compliant, now.compliant, f"{_yes(was.compliant)} → {_yes(now.compliant)}"),
                now.compliant,
                [*self.why, now.reason],
                self.everywhere,
            )


def _related(change: str, concerned: str) -> bool:
    """A change at, inside or around an address."""
    return address.is_within(change, concerned) or address.is_within(concerned, change)


def _lowered(base: Document, was: str | None, head: Document, now: str | None) -> bool:
    """Whether a level moved down: both levels are placed in one version's order (HEAD's, else
    BASE's), since a revision that adds or removes levels moves every position after it. Two
    levels no single version orders are shown as lowered, for a reviewer to judge."""
    if now is None or was is None:
        return now is None and was is not None
    for document in (head, base):
        levels = document.data.get(words().levels.strip("/"))
        ids = [item.get("id") for item in levels or [] if isinstance(item, dict)]
        if was in ids and now in ids:
            return ids.index(now) < ids.index(was)
    return True


def _name(document: Document, level: str | None) -> str:
    levels = document.data.get(words().levels.strip("/")) or []
    found = next((i for i in levels if isinstance(i, dict) and i.get("id") == level), {})
    return str(found.get("name") or level)


def _levels(base: Document, was: str | None, head: Document, now: str | None) -> str:
    """Both levels by name; no level is shown as below the other one."""
    before = _name(base, was) if was else None
    after = _name(head, now) if now else None
    return f"{before or f'below {after}'} → {after or f'below {before}'}"


def _owes(verb: str, was: set[str], now: set[str]) -> str:
    parts = []
    if was - now:
        parts.append(f"no longer {verb} " + ", ".join(sorted(was - now)))
    if now - was:
        parts.append(f"newly {verb} " + ", ".join(sorted(now - was)))
    return "; ".join(parts)


def _permits(was: set[str], now: set[str]) -> str:
    parts = []
    if now - was:
        parts.append("newly permits " + ", ".join(sorted(now - was)))
    if was - now:
        parts.append("no longer permits " + ", ".join(sorted(was - now)))
    return "; ".join(parts)


def _yes(compliant: bool) -> str:
    return "compliant" if compliant else "not compliant"


def _number(value: float) -> str:
    return f"{value:g}"
