"""``python -m gzgk``: the same as the ``gzgk`` command."""

from __future__ import annotations

import sys

from gzgk.cli import main

sys.exit(main())
