"""prepctl: policy as code for frontier-AI preparedness frameworks."""

__version__ = "0.1.0"
