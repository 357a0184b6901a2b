"""The only code that talks to outside systems: git, YAML, schema files, the file system."""
