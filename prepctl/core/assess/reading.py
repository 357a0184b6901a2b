"""Reading one assessment file: YAML through prepctl's own reader, checked against
``assessment.schema.json`` and against its place (``assessments/<model-id>/<date>.yaml``).

Every mistake is an :class:`~prepctl.errors.InputError` at its line and column, so the command
line says it in one line and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from prepctl.core import validate
from prepctl.errors import InputError
from prepctl.io import yaml as yamlio

SCHEMA = "assessment"
MODELINE = "# yaml-language-server: $schema=../../schemas/assessment.schema.json"


@dataclass(frozen=True)
class Assessment:
    """One assessment as written, with where each of its values stands."""

    name: str
    """The file, as it is shown to people."""
    data: dict[str, Any]
    parsed: yamlio.YamlFile

    def at(self, *path: str | int) -> tuple[int, int]:
        """Where the value at ``path`` (or its nearest parent) starts."""
        key: yamlio.Path = tuple(path)
        while key not in self.parsed.values and key:
            key = key[:-1]
        return self.parsed.values.get(key, (1, 1))

    def error(self, path: tuple[str | int, ...], problem: str) -> InputError:
        line, column = self.at(*path)
        return InputError(self.name, line, column, problem)

    @property
    def model(self) -> dict[str, Any]:
        return dict(self.data["model"])

    @property
    def framework(self) -> str:
        return str(self.data["framework"])

    @property
    def date(self) -> str:
        return str(self.data["date"])

    @property
    def results(self) -> list[dict[str, Any]]:
        return list(self.data["results"])

    @property
    def safeguards(self) -> list[dict[str, Any]]:
        return list(self.data.get("safeguards", []))

    @property
    def decision(self) -> dict[str, Any]:
        return dict(self.data["decision"])


def read(raw: bytes, name: str, *, placed: bool = True) -> Assessment:
    """Parse and check one assessment file, named ``name`` (its path, with '/'); ``placed``:
    also check that its folder and name match its model and date."""
    parsed = validate.read_one(raw, name, SCHEMA, "an assessment")
    assessment = Assessment(name, parsed.data, parsed)
    if placed:
        _check_place(assessment)
    _check_repeats(assessment)
    return assessment


def _check_place(assessment: Assessment) -> None:
    """The file is ``<model-id>/<date>.yaml``: its folder names the model, its name the day."""
    path = PurePosixPath(assessment.name)
    if path.stem != assessment.date:
        raise assessment.error(
            ("date",),
            f"the assessment is dated {assessment.date}, but the file is named {path.name}; "
            f"name it {assessment.date}{path.suffix}",
        )
    model = assessment.model["id"]
    if path.parent.name != model:
        raise assessment.error(
            ("model", "id"),
            f"the model is '{model}', but the file is in the folder '{path.parent.name}'; "
            f"keep it in assessments/{model}/",
        )


def _check_repeats(assessment: Assessment) -> None:
    """Each evaluation has at most one result per mitigation state, each safeguard one status."""
    seen: set[tuple[str, str]] = set()
    for index, result in enumerate(assessment.results):
        key = (result["evaluation"], result.get("mitigation", "pre"))
        if key in seen:
            raise assessment.error(
                ("results", index, "evaluation"),
                f"a second {key[1]}-mitigation result for {key[0]}; record one result per "
                "evaluation and mitigation state",
            )
        seen.add(key)
    named: set[str] = set()
    for index, status in enumerate(assessment.safeguards):
        if status["safeguard"] in named:
            raise assessment.error(
                ("safeguards", index, "safeguard"),
                f"a second status for {status['safeguard']}; give each safeguard one status",
            )
        named.add(status["safeguard"])
