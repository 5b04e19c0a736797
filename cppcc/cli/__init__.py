"""The command line, ``python -m cppcc``: read-only and build commands, and the staff ones."""
