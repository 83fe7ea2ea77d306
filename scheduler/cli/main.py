"""The headless command line of ``gp-placements``: parses the command and runs it.

With no subcommand it calls ``open_gui`` when one is given (``desktop.main``
passes the window; ``python -m scheduler`` passes none and prints the help),
so this package never imports the GUI.

Each command group lives in its own module exposing ``register(subparsers)``;
every subcommand gets ``--db`` (a file path or any SQLAlchemy URL).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Callable, Sequence

from scheduler import __version__

COMMAND_MODULES = ("scheduler.cli.data_commands", "scheduler.cli.plan_commands", "scheduler.cli.document_commands",
                   "scheduler.cli.team_commands",
                   "scheduler.cli.plan_file_commands", "scheduler.cli.advice_commands",
                   "scheduler.cli.correspondence_commands", "scheduler.cli.offers_commands",
                   "scheduler.cli.request_commands", "scheduler.cli.year_commands",
                   "scheduler.cli.mapping_commands", "scheduler.cli.evaluation_commands",
                   "scheduler.cli.tutor_commands")


def add_db_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """Adds ``--db``; on a subcommand it only overrides a ``--db`` given before the command."""
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None if top_level else argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: placements.db in your user data folder)",
    )


def open_workspace(args: argparse.Namespace):
    """The command's workspace; a save that waits for another program's lock says so on stderr."""
    from scheduler.services import Workspace

    ws = Workspace.open(getattr(args, "db", None))
    ws.on_wait(lambda note: print(note, file=sys.stderr, flush=True))
    return ws


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gp-placements",
        description="Plan medical students' GP placements. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_db_option(parser, top_level=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, *, open_gui: Callable[[str | None], int] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if open_gui is None:
            parser.print_help()
            return 2
        return open_gui(args.db)
    _stop_on_terminate()
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130


def _stop_on_terminate() -> None:
    """A stop signal (SIGTERM) ends a command like Ctrl+C does: cleaning up, never leaving half-written output."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return

    def stop(signum, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


if __name__ == "__main__":
    raise SystemExit(main())
