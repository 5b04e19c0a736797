"""Entry point for ``python -m cppcc``."""

import sys

from cppcc.cli import main

sys.exit(main())
