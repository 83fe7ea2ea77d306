"""Entry point of ``gp-placements``: with no command it opens the window, with one it runs headless.

The command line itself lives in ``scheduler.cli``, which never imports Qt;
this module hands it the window to open. Qt is imported only when the window
is wanted, so headless commands start quickly.
"""

from __future__ import annotations

from typing import Sequence

from scheduler.cli.main import main as command_line


def open_window(db: str | None) -> int:
    from desktop.app import run_gui

    return run_gui(db=db)


def main(argv: Sequence[str] | None = None) -> int:
    return command_line(argv, open_gui=open_window)


if __name__ == "__main__":
    raise SystemExit(main())
