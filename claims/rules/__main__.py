"""`python -m claims.rules`: the engine's command line (see cli.py)."""

import sys

from .cli import main

sys.exit(main())
