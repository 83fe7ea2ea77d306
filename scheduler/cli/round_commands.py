"""What the commands of the rounds with returned workbooks (capacity offers, preferences, evaluations) share: an
``-out`` command writes into a folder, an ``-in`` command reads files or folders of them, and a refused return is
printed one problem a line (file, sheet, cell) with exit code 1, nothing changed."""

from __future__ import annotations

import argparse
import sys

from scheduler.cli.errors import EXIT_REFUSED, Handler, Refusals, friendly
from scheduler.cli.main import add_db_option


def out_command(subparsers: argparse._SubParsersAction, name: str, help: str,
                description: str) -> argparse.ArgumentParser:
    """A round's ``-out`` command with its DIR; ``finish`` it once its own options are added."""
    parser = subparsers.add_parser(name, help=help, description=description)
    parser.add_argument("dir", metavar="DIR", help="folder for the round's files (replaced as a whole)")
    return parser


def in_command(subparsers: argparse._SubParsersAction, name: str, help: str,
               description: str) -> argparse.ArgumentParser:
    """A round's ``-in`` command with its FILES_OR_DIR; ``finish`` it once its own options are added."""
    parser = subparsers.add_parser(name, help=help, description=description)
    parser.add_argument("paths", nargs="+", metavar="FILES_OR_DIR", help="returned workbooks, or folders of them")
    return parser


def finish(parser: argparse.ArgumentParser, handler: Handler,
           refusals: Refusals = lambda: ()) -> None:
    add_db_option(parser)
    parser.set_defaults(handler=friendly(handler, refusals))


def refused(problems: list) -> int:
    """One line per problem of the returned workbooks (file, sheet, cell), then the refusal."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"Nothing changed: {len(problems)} problem(s) in the returned workbooks.", file=sys.stderr)
    return EXIT_REFUSED


def warn(warnings: list) -> None:
    """Hidden parts of the returned workbooks (file, sheet): read like the rest."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
