"""Frozen entry point for the PyInstaller bundle: the same ``gp-placements`` command line and window."""

from scheduler.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
