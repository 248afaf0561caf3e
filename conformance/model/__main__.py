"""``python -m conformance.model``: run the cookie model's command line (see cli.py)."""

from .cli import main

raise SystemExit(main())
