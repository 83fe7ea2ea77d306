"""The year commands: ``close-year`` (with ``--dry-run`` for the preview) and the new-year import report.

Thin over ``scheduler.services.years`` and ``scheduler.services.new_year``. A year that needs the officer's
confirmation (no final plan, students unplaced) is refused without ``--yes``, with the counts shown.
"""

from __future__ import annotations

import argparse

from scheduler.cli.errors import EXIT_CANNOT_RUN, EXIT_REFUSED, fail, friendly
from scheduler.cli.main import add_db_option, open_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    close = subparsers.add_parser(
        "close-year", help="close the academic year: its final plan becomes history, the rest is archived",
        description="Closes the settings' academic year after a backup: the final plan's placements become "
                    "history rows under the year's name; the year's plans, payments, attendance, requests and "
                    "audit trail are archived read-only under it (reprint with timetables --year); the "
                    "capacity offers, preferences and requests start empty; the academic year moves on.")
    close.add_argument("--plan", metavar="NAME", default=None, help="the year's final plan")
    close.add_argument("--dry-run", action="store_true", help="print what it would do and change nothing")
    close.add_argument("--yes", action="store_true",
                       help="close even without a final plan or with students unplaced")
    add_db_option(close)
    close.set_defaults(handler=friendly(_close_year, _refusals))


def _refusals():
    from scheduler.services.years import CloseRefused, YearNotArchived
    from scheduler.store.errors import PlanNotFound

    return (((CloseRefused, YearNotArchived), "Refused: {}."), (PlanNotFound, "Nothing closed: {}."))


def _close_year(args: argparse.Namespace) -> int:
    from scheduler.services import years

    with open_workspace(args) as ws:
        closing = years.preview_close(ws, args.plan)
        print("\n".join(closing.lines()))
        if args.dry_run:
            print("Dry run: nothing was changed.")
            return 0
        if closing.needs_confirmation and not args.yes:
            return fail("Refused: " + "; ".join(closing.needs_confirmation)
                        + ". Nothing was changed; run again with --yes to close the year anyway.", EXIT_REFUSED)
        closed = years.close_year(ws, args.plan, confirmed=args.yes, expected=closing)
    kept = sum(closed.archived_rows.values())
    print(f"Closed {closed.closing.academic_year}: {closed.closing.history_rows:,} history rows added, "
          f"{kept:,} rows archived; the academic year is now {closed.closing.next_year}. "
          f"Backup first: {closed.backup}")
    return 0


def new_year_import(args: argparse.Namespace, source) -> int:
    """``import --new-year DATA [--dry-run]``: the report first, then (without ``--dry-run``) the new year."""
    import sys

    from scheduler.services import new_year

    if not args.new_year:
        return fail("--dry-run goes with --new-year (an ordinary import is checked before it writes anyway)",
                    EXIT_CANNOT_RUN)
    with open_workspace(args) as ws:
        try:
            report = (new_year.check_new_year if args.dry_run else new_year.start_new_year)(ws, source)
        except new_year.NewYearRefused as exc:
            return fail(f"Refused: {exc}.", EXIT_REFUSED)
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if not report.ok:
            for error in report.errors:
                print(str(error), file=sys.stderr)
            return fail(f"New year refused: {len(report.errors):,} error(s); nothing was written.", EXIT_REFUSED)
        print("\n".join(report.lines()))
        if args.dry_run:
            print("Dry run: nothing was changed.")
        else:
            print(f"Started {report.academic_year} in {ws.location}.")
    return 0
