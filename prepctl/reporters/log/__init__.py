"""Reporters for ``prepctl log``: one output format each (listed in
:data:`prepctl.reporters.LOG_REPORTERS`)."""
