"""``python -m scheduler``: the headless command line, never the GUI."""

from scheduler.cli.main import main

if __name__ == "__main__":  # a spawned worker process (the engine's HiGHS) imports this module again
    raise SystemExit(main())
