"""``prepctl review``: record a review that changed nothing, and move the reviewed items'
review dates to it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from prepctl.commands.sources import resolve_folder
from prepctl.core import document, reviews, source


def run(
    *,
    bodies: list[str],
    scope: list[str],
    note: str | None,
    on: date | None,
    record_id: str | None,
    title: str | None,
    framework: str | None,
) -> int:
    folder = resolve_folder(framework) if framework else source.find_framework(Path.cwd())
    snapshot = source.read_directory(folder)
    head = document.load(snapshot)
    review = reviews.plan(
        folder,
        snapshot,
        head,
        bodies=bodies,
        scope=scope,
        note=note,
        on=on or date.today(),
        record_id=record_id,
        title=title,
    )
    reviews.write(review)
    for line in review.lines(str(review.target)):
        sys.stdout.write(line + "\n")
    return 0
