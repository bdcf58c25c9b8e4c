"""``python -m csmaturity_tui``: the same as the ``csmaturity`` command."""

from csmaturity_tui.cli import main

raise SystemExit(main())
