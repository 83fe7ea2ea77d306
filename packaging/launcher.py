"""Frozen entry point for the PyInstaller bundle: the same ``gp-placements`` command line and window.

With ``GP_PLACEMENTS_START_PROBE=FILE`` set (smoke test and start-time
benchmark only), the window reports its first paint to FILE and closes
itself; see ``packaging/start_probe.py``.
"""

import multiprocessing
import os

from desktop.main import main

if __name__ == "__main__":
    # Solves and imports run in a worker process; in a frozen Windows build that process starts
    # this executable again, and freeze_support() turns it into the worker instead of a new window.
    multiprocessing.freeze_support()
    probe_report = os.environ.get("GP_PLACEMENTS_START_PROBE")
    if probe_report:
        import start_probe

        application = start_probe.install(probe_report)
    raise SystemExit(main())
