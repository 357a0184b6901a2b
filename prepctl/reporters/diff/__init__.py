"""Reporters for ``prepctl diff``: one output format each (listed in
:data:`prepctl.reporters.DIFF_REPORTERS`)."""
