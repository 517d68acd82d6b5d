"""The security suite (issue 8): outputs never destroy inputs, hostile files and content are
diagnostics, never tracebacks, hangs or requests elsewhere. Shared helpers are in `support.py`."""
