"""Reporters for ``prepctl lint``: one output format each (listed in
:data:`prepctl.reporters.LINT_REPORTERS`)."""
