"""Assessments: the framework applied to one model.

An assessment file (``assessments/<model-id>/<YYYY-MM-DD>.yaml``, schema ``assessment``)
records evaluation results, the state of safeguards and the decision taken, under one framework
version. :func:`determine` derives what the framework says of them: the triggers crossed, the
alerts raised, the level reached per category, the safeguards owed and missing, what the
decision rules permit at each stage, and whether the recorded decision complies. Plain data in,
records out: nothing here prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prepctl.core.assess.determination import (
        Alert,
        Category,
        Crossed,
        Decision,
        Determination,
        Stage,
        determine,
    )
    from prepctl.core.assess.frameworks import (
        Framework,
        Versions,
        check_references,
        working_tree,
    )
    from prepctl.core.assess.reading import MODELINE, SCHEMA, Assessment, read

# Each name from the module that defines it, loaded when first asked for: lint reads the
# vocabulary module alone (``prepctl.core.assess.vocabulary``) and loads none of the rest.
_FROM = {
    "determination": (
        "Alert",
        "Category",
        "Crossed",
        "Decision",
        "Determination",
        "Stage",
        "determine",
    ),
    "frameworks": ("Framework", "Versions", "check_references", "working_tree"),
    "reading": ("MODELINE", "SCHEMA", "Assessment", "read"),
}
_MODULES = {name: module for module, names in _FROM.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MODELINE",
    "SCHEMA",
    "Alert",
    "Assessment",
    "Category",
    "Crossed",
    "Decision",
    "Determination",
    "Framework",
    "Report",
    "Stage",
    "Versions",
    "assess",
    "check_references",
    "determine",
    "read",
    "working_tree",
]


@dataclass(frozen=True)
class Report:
    """The determinations of one run, in the order the files were named."""

    determinations: tuple[Determination, ...]

    @property
    def failed(self) -> bool:
        """Whether a recorded decision is not permitted."""
        return any(not d.compliant for d in self.determinations)


def assess(assessments: list[Assessment], versions: Versions) -> Report:
    """Each assessment determined against the framework version it names (or the one
    ``versions`` is pinned to)."""
    from prepctl.core.assess.determination import determine
    from prepctl.core.assess.frameworks import check_references

    found: list[Determination] = []
    for assessment in assessments:
        framework = versions.of(assessment)
        check_references(assessment, framework)
        found.append(determine(assessment, framework.document, framework.source))
    return Report(tuple(found))
