"""``python -m netiquette`` entry point."""

from .cli import main

raise SystemExit(main())
