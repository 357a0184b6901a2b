"""Word alignment of two texts: which words were kept, deleted, added or replaced.

The words both texts share at their start and at their end are set aside first (linear). The
window left between them is aligned with Myers' O((N+M)·D) shortest-edit algorithm ("An O(ND)
Difference Algorithm and Its Variations", Algorithmica 1986), given a fixed budget of steps: a
pair of texts that would need more (very long and very different) is not aligned at all, and
the judge says the change needs review. Time is therefore linear in the texts plus a constant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

BUDGET = 400_000
"""Steps of the edit-distance search allowed for one pair of texts (about 0.3 s)."""


class Hunk(NamedTuple):
    """Words ``a_start:a_end`` of the first text became ``b_start:b_end`` of the second (one
    side empty for a pure deletion or insertion)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


def align(a: Sequence[str], b: Sequence[str], *, budget: int = BUDGET) -> list[Hunk] | None:
    """The hunks where ``a`` and ``b`` differ, in order; None when over the budget."""
    prefix = 0
    shortest = min(len(a), len(b))
    while prefix < shortest and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shortest - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    middle_a = a[prefix : len(a) - suffix]
    middle_b = b[prefix : len(b) - suffix]
    if not middle_a and not middle_b:
        return []
    if abs(len(middle_a) - len(middle_b)) > budget:
        return None
    script = _shortest_edit(middle_a, middle_b, budget)
    if script is None:
        return None
    return [
        Hunk(h.a_start + prefix, h.a_end + prefix, h.b_start + prefix, h.b_end + prefix)
        for h in script
    ]


def _shortest_edit(a: Sequence[str], b: Sequence[str], budget: int) -> list[Hunk] | None:
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return [Hunk(0, n, 0, m)]
    offset = n + m + 1
    frontier = [0] * (2 * offset + 1)
    history: list[list[int]] = []
    steps = 0
    for distance in range(n + m + 1):
        history.append(frontier[offset - distance : offset + distance + 1])
        for diagonal in range(-distance, distance + 1, 2):
            here = offset + diagonal
            if diagonal == -distance or (
                diagonal != distance and frontier[here - 1] < frontier[here + 1]
            ):
                x = frontier[here + 1]  # down: a word of b inserted
            else:
                x = frontier[here - 1] + 1  # right: a word of a deleted
            y = x - diagonal
            start = x
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            steps += 1 + x - start
            frontier[here] = x
            if x >= n and y >= m:
                return _hunks(_backtrack(history, distance, diagonal, offset, frontier), n, m)
        if steps > budget:
            return None
    return None  # unreachable: distance n + m always reaches the end


def _backtrack(
    history: list[list[int]], distance: int, diagonal: int, offset: int, final: list[int]
) -> list[tuple[int, int]]:
    """The matched word pairs (i, j) of the shortest edit script, in order."""
    pairs: list[tuple[int, int]] = []
    x = final[offset + diagonal]
    for d in range(distance, 0, -1):
        before = history[d]  # the frontier as it stood before step d (diagonals -d+1..d-1)

        def reach(k: int, *, row: list[int] = before, d: int = d) -> int:
            return row[k + d]

        if diagonal == -d or (diagonal != d and reach(diagonal - 1) < reach(diagonal + 1)):
            previous = diagonal + 1
            previous_x = reach(previous)
            start_x = previous_x
        else:
            previous = diagonal - 1
            previous_x = reach(previous)
            start_x = previous_x + 1
        while x > start_x:  # the snake of step d: matched words
            x -= 1
            pairs.append((x, x - diagonal))
        x, diagonal = previous_x, previous
    while x > 0:  # the snake of step 0
        x -= 1
        pairs.append((x, x - diagonal))
    pairs.reverse()
    return pairs


def _hunks(pairs: list[tuple[int, int]], n: int, m: int) -> list[Hunk]:
    """The gaps between matched words."""
    found = []
    x = y = 0
    for i, j in [*pairs, (n, m)]:
        if i > x or j > y:
            found.append(Hunk(x, i, y, j))
        x, y = i + 1, j + 1
    return found
