"""How commands end on the errors a user can cause: one plain line on stderr and an exit code, never a traceback.

Exit code 1: the request was refused (bad data, no plan, data already there).
Exit code 2: the command could not run (unusable database, unwritable file).
"""

from __future__ import annotations

import argparse
import functools
import sys
from typing import Callable, Sequence

EXIT_REFUSED = 1
EXIT_CANNOT_RUN = 2

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
        from scheduler.services import StoreError

        refused = refusals()
        try:
            return handler(args)
        except Exception as exc:
            for kinds, template in refused:
                if isinstance(exc, kinds):
                    return fail(template.format(exc), EXIT_REFUSED)
            if isinstance(exc, StoreError):
                return fail(f"Database error: {exc}", EXIT_CANNOT_RUN)
            if isinstance(exc, OSError):
                where = f" ({exc.filename})" if exc.filename else ""
                return fail(f"Cannot use the file{where}: {exc.strerror or exc}", EXIT_CANNOT_RUN)
            raise

    return run
