"""Every revision's documented changes are found by the diff, never in the wrong direction."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES
from helpers.expectations import at, compared, expectation_files, read

OPPOSITE = {"weakening": "strengthening", "strengthening": "weakening"}


@pytest.mark.parametrize("path", expectation_files(), ids=lambda p: p.stem)
def test_documented_changes_are_found(path: Path) -> None:
    expectation = read(path)
    assert (FIXTURES / expectation.base).is_dir(), expectation.base
    assert (FIXTURES / expectation.head).is_dir(), expectation.head
    changes = compared(expectation)
    missing, wrong = [], []
    for entry in expectation.documented:
        found = at(changes, entry.address)
        right = [
            c
            for c in found
            if c.impact.value in entry.impacts and (not entry.kinds or c.kind.value in entry.kinds)
        ]
        if not right:
            missing.append(
                f"{entry.address}: {entry.change} ({[(c.kind.value, c.impact.value) for c in found]})"
            )
        opposite = {OPPOSITE[i] for i in entry.impacts if i in OPPOSITE} - set(entry.impacts)
        wrong += [
            f"{c.address}: {c.impact.value}, but the account ({entry.change}) says otherwise"
            for c in found
            if c.impact.value in opposite and c.address == entry.address
        ]
    assert not missing, "\n".join(missing)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", expectation_files(), ids=lambda p: p.stem)
def test_undocumented_weakenings_are_weakenings(path: Path) -> None:
    expectation = read(path)
    changes = compared(expectation)
    for where in expectation.undocumented:
        assert any(c.impact.value == "weakening" for c in at(changes, where)), where


def test_there_are_expectations() -> None:
    assert expectation_files()
