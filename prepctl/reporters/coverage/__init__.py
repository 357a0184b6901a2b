"""Reporters for ``prepctl coverage``: one output format each (listed in
:data:`prepctl.reporters.COVERAGE_REPORTERS`)."""
