"""Entry point for ``python -m cppcc``."""

import sys

from cppcc.cli.commands import main

sys.exit(main())
