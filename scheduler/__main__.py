"""``python -m scheduler``: the headless command line, never the GUI."""

from scheduler.cli.main import main

raise SystemExit(main())
