"""Handing one result to every output a command was asked for."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from prepctl.io.output import write_output
from prepctl.terminal import wants_color

Result = TypeVar("Result")


def emit(
    result: Result,
    outputs: list[tuple[str, str | None]],
    reporters: Mapping[str, Callable[[Result, TextIO, bool], None]],
    color: str,
    *,
    sources: Sequence[Path] = (),
) -> None:
    """Write ``result`` in each ``(format, file)`` of ``outputs`` (file None: standard output).

    A report bound for a file is rendered whole first and then written atomically, so a failed
    run never leaves half a report behind (:func:`prepctl.io.output.write_output`; never inside
    one of the framework folders ``sources`` read). Colour goes to a terminal only, or to any output
    with ``--color always``.
    """
    for name, target in outputs:
        reporter = reporters[name]
        if target is None:
            reporter(result, sys.stdout, wants_color(sys.stdout, color))
        else:
            buffer = io.StringIO()
            reporter(result, buffer, color == "always")
            write_output(Path(target), buffer.getvalue(), sources=sources)
