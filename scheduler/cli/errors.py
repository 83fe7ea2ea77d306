"""How commands end on the errors a user can cause: one plain line on stderr and an exit code, never a traceback.

Exit code 1: the request was refused (bad data, no plan, data already there).
Exit code 2: the command could not run (unusable database, unwritable file).
Exit code 3: the result was computed but not saved, because what it was computed from changed while it ran
(or the database would not take it); it is kept in the folder the message names; run the command again.
"""

from __future__ import annotations

import argparse
import functools
import sys
from typing import Callable, Sequence

EXIT_REFUSED = 1
EXIT_CANNOT_RUN = 2
EXIT_NOT_SAVED = 3

Handler = Callable[[argparse.Namespace], int]
Refusals = Callable[[], Sequence[tuple[type[BaseException] | tuple[type[BaseException], ...], str]]]


def fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def friendly(handler: Handler, refusals: Refusals = lambda: ()) -> Handler:
    """Wraps a command handler. ``refusals`` lists (exception types, message template with ``{}``)
    for the command's own refusals; it is a function so that services are imported only when run."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        from scheduler.exchange.atomic import FolderRefused
        from scheduler.not_written import NotWritten
        from scheduler.services import StoreError
        from scheduler.services.unsaved import PlanNotSaved
        from scheduler.store.failures import database_error, os_error_message

        refused = refusals()
        try:
            return handler(args)
        except Exception as exc:
            for kinds, template in refused:
                if isinstance(exc, kinds):
                    return fail(template.format(exc), EXIT_REFUSED)
            if isinstance(exc, PlanNotSaved) or getattr(exc, "kept", None) is not None:  # a computed plan, kept
                return fail(f"Not saved: {exc}", EXIT_NOT_SAVED)
            if isinstance(exc, FolderRefused):
                return fail(f"Nothing written: {exc}.", EXIT_REFUSED)
            if isinstance(exc, NotWritten):
                return fail(f"{str(exc)[:1].upper()}{str(exc)[1:]}.", EXIT_CANNOT_RUN)
            if isinstance(exc, StoreError):
                return fail(f"Database error: {exc}", EXIT_CANNOT_RUN)
            if isinstance(exc, SQLAlchemyError):  # never str(exc): it quotes the SQL statement
                return fail(f"Database error: {database_error(exc, 'the database')}", EXIT_CANNOT_RUN)
            if isinstance(exc, OSError):
                message = os_error_message(exc)
                return fail(message[:1].upper() + message[1:] + ".", EXIT_CANNOT_RUN)
            raise

    return run


def bounded_int(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number in ``low..high``: out of range is a usage error, not a traceback."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            span = f"from {low:,} to {high:,}" if high is not None else f"{low:,} or more"
            raise argparse.ArgumentTypeError(f"{value:,} is out of range: use a whole number {span}")
        return value

    return parse


def academic_year(text: str) -> str:
    """An argparse ``type`` for an academic year ``YYYY/YY``: anything else is a usage error, not a traceback."""
    from scheduler.services.privacy import check_academic_year

    try:
        return check_academic_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
