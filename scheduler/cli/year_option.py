"""``--year YYYY/YY`` for the commands that write documents: print from a closed year's archive instead of the
current year (``services.years.archived_workspace``)."""

from __future__ import annotations

import argparse
import contextlib

from scheduler.cli.errors import academic_year


def add_year_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", metavar="YYYY/YY", default=None, type=academic_year,
                        help="reprint from a closed academic year (its plans as they were when the year closed)")


def year_workspace(ws, year: str | None):
    """The workspace to print from: ``ws`` itself, or the closed ``year``'s frozen copy."""
    if year is None:
        return contextlib.nullcontext(ws)
    from scheduler.services.years import archived_workspace

    return archived_workspace(ws, year)


def year_refusals() -> tuple:
    from scheduler.services.years import YearNotArchived

    return ((YearNotArchived, "Nothing written: {}."),)
