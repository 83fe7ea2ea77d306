"""Entry point of ``gp-placements``: no subcommand opens the GUI, a subcommand runs headless.

Each command group lives in its own module exposing ``register(subparsers)``;
every subcommand gets ``--db`` (a file path or any SQLAlchemy URL).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from scheduler import __version__

COMMAND_MODULES = ("scheduler.cli.data_commands", "scheduler.cli.plan_commands", "scheduler.cli.document_commands")


def add_db_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """Adds ``--db``; on a subcommand it only overrides a ``--db`` given before the command."""
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None if top_level else argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: placements.db in your user data folder)",
    )


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


def main(argv: Sequence[str] | None = None, *, gui_allowed: bool = True) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if not gui_allowed:
            parser.print_help()
            return 2
        from desktop.app import run_gui  # Qt is imported only when the window is wanted

        return run_gui(db=args.db)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
