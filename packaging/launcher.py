"""Frozen entry point for the PyInstaller bundle: the same ``gp-placements`` command line and window."""

import multiprocessing

from desktop.main import main

if __name__ == "__main__":
    # Solves and imports run in a worker process; in a frozen Windows build that process starts
    # this executable again, and freeze_support() turns it into the worker instead of a new window.
    multiprocessing.freeze_support()
    raise SystemExit(main())
