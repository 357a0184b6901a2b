"""Changed regions: aligned hunks widened to whole phrases.

A hunk of the word alignment may cut through a phrase ("within 30 days" → "within 60 days"
differs in one word). Each hunk is widened on both sides until no phrase of either text is cut,
and hunks whose widened spans meet are merged, so that every phrase is compared whole. The words
between regions are the same in both texts, so widening moves both sides by the same amount.
"""

from __future__ import annotations

from dataclasses import dataclass

from prepctl.core.judge.alignment import Hunk
from prepctl.core.judge.reading import Reading


@dataclass(frozen=True)
class Region:
    """Words ``a`` of the first text stand where words ``b`` of the second do."""

    a: range
    b: range


def regions(old: Reading, new: Reading, hunks: list[Hunk]) -> list[Region]:
    found = [
        _slide(old, new, Region(range(h.a_start, h.a_end), range(h.b_start, h.b_end)))
        for h in hunks
    ]
    changed = True
    while changed:
        changed = False
        merged: list[Region] = []
        for region in found:
            grown = _grow(old, new, region)
            if grown != region:
                changed = True
            if merged and (
                grown.a.start <= merged[-1].a.stop or grown.b.start <= merged[-1].b.stop
            ):
                last = merged.pop()
                grown = Region(
                    range(min(last.a.start, grown.a.start), max(last.a.stop, grown.a.stop)),
                    range(min(last.b.start, grown.b.start), max(last.b.stop, grown.b.stop)),
                )
                changed = True
            merged.append(grown)
        found = merged
    return found


def _slide(old: Reading, new: Reading, region: Region) -> Region:
    """A deletion (or insertion) can often stand at several places with the same result
    ("log every access. Staff will" or "Staff will log every access."): put it where it
    starts a sentence, so that a removed sentence reads as one."""
    if region.a and region.b:
        return region
    reading, span = (old, region.a) if region.a else (new, region.b)
    other = region.b if region.a else region.a
    norms, start, stop = reading.norms, span.start, span.stop
    if reading.sentence_start(start) or not span:
        return region
    best = None
    step = 0
    while start - step > 0 and norms[start - step - 1] == norms[stop - step - 1]:
        step += 1
        if reading.sentence_start(start - step):
            best = -step
            break
    if best is None:
        step = 0
        while stop + step < len(norms) and norms[start + step] == norms[stop + step]:
            step += 1
            if reading.sentence_start(start + step):
                best = step
                break
    if best is None:
        return region
    moved = range(start + best, stop + best)
    shifted = range(other.start + best, other.stop + best)
    return Region(moved, shifted) if region.a else Region(shifted, moved)


def _grow(old: Reading, new: Reading, region: Region) -> Region:
    a_low, a_high = _cover(old, region.a)
    b_low, b_high = _cover(new, region.b)
    left = max(region.a.start - a_low, region.b.start - b_low)
    right = max(a_high - region.a.stop, b_high - region.b.stop)
    left = min(left, region.a.start, region.b.start)
    right = min(right, len(old.words) - region.a.stop, len(new.words) - region.b.stop)
    return Region(
        range(region.a.start - left, region.a.stop + right),
        range(region.b.start - left, region.b.stop + right),
    )


def _cover(reading: Reading, span: range) -> tuple[int, int]:
    """The span widened to the phrases it cuts (an empty span: the phrase it falls inside)."""
    low, high = span.start, span.stop
    owner = reading.owner
    if span:
        first, last = owner[span.start], owner[span.stop - 1]
        if first != -1:
            low = min(low, reading.mentions[first].start)
        if last != -1:
            high = max(high, reading.mentions[last].end)
    elif 0 < low < len(owner) and owner[low - 1] != -1 and owner[low - 1] == owner[low]:
        mention = reading.mentions[owner[low]]
        low, high = mention.start, mention.end
    return low, high
