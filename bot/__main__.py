"""`python -m bot` is the same as the `josoor` console script."""

from bot.cli import main

raise SystemExit(main())
