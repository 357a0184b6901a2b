"""The only code that talks to outside systems: git, YAML, schema files, the file system.

- :mod:`~prepctl.io.git`: every git command (a subpackage: the repository, objects, versions,
  history, HEAD, tags).
- :mod:`~prepctl.io.yaml` reads a framework file (with :mod:`~prepctl.io.yaml_events`,
  :mod:`~prepctl.io.yaml_scalars`, :mod:`~prepctl.io.yaml_syntax` and
  :mod:`~prepctl.io.yaml12`); :mod:`~prepctl.io.yaml_pieces` reads many versions of one at
  once; :mod:`~prepctl.io.yaml_roundtrip` keeps comments and styles for ``fmt``.
- :mod:`~prepctl.io.schemas` finds and bundles the JSON Schemas; :mod:`~prepctl.io.validator`
  runs them.
- :mod:`~prepctl.io.output` writes files, never half.

Nothing here imports the domain (:mod:`prepctl.core`) or anything above it: what the domain
knows (which files make a framework, which tags are releases) is given by the caller or
decided by it.
"""
