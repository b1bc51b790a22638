"""python -m jiyue.archive — see jiyue.archive.cli."""

import sys

from .cli import main

sys.exit(main())
