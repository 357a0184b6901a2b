"""Commands that need a valid framework (render, release) stop at its first schema error."""

from __future__ import annotations

from prepctl.core import validate
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.errors import PrepctlError


def require_valid(framework: Document, *, verb: str, label: str) -> None:
    """Raise the first schema error of ``framework`` (and how many more there are), as the
    reason ``verb`` (such as "render") cannot go on with the version named ``label``."""
    errors = [f for f in validate.validate(framework) if f.severity is Severity.ERROR]
    if errors:
        first = min(errors, key=lambda f: f.sort_key())
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PrepctlError(
            f"cannot {verb} {label or '.'}: {first.file}:{first.line}:{first.column}: "
            f"{first.message}{more}; run 'prepctl lint' for every error"
        )
