"""What goes out to practices, students and the finance office: ``letters``, ``calendars`` and ``payments``.

Thin over ``scheduler.services.correspondence`` and ``scheduler.services.payments``.
Nothing is sent: the commands write PDF letters, ``.eml`` drafts, ``.ics``
calendars and payment statements into a folder (``--year``: a closed year's, from its archive).
"""

from __future__ import annotations

import argparse

from scheduler.cli.errors import friendly
from scheduler.cli.main import add_db_option, open_workspace
from scheduler.cli.year_option import add_year_option, year_refusals, year_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    letters = subparsers.add_parser(
        "letters", help="write placement letters and email drafts for practices and students",
        description="Writes DIR/practices/<practice_code>.pdf (the placement letter) and .eml (an email draft "
                    "with the letter and a calendar attached) for every practice with students, and "
                    "DIR/students/<student_id>.eml (schedule and calendar attached) for every placed student. "
                    "Drafts open in Outlook ready to send; nothing is sent.")
    letters.add_argument("dir", metavar="DIR", help="folder for the letters and drafts (replaced as a whole)")
    letters.add_argument("--plan", metavar="NAME", default=None, help="plan to write about (default: current)")
    letters.add_argument("--since", metavar="PLAN", default=None,
                         help="only the practices and students whose placements differ from this plan, "
                              "each told what changed")
    add_year_option(letters)
    add_db_option(letters)
    letters.set_defaults(handler=friendly(_letters, _refusals))

    calendars = subparsers.add_parser(
        "calendars", help="write calendar files (.ics) for students and practices",
        description="Writes DIR/students/<student_id>.ics and DIR/practices/<practice_code>.ics with one "
                    "event per attendance day; a second export keeps the events' ids, so calendar programs "
                    "update them instead of adding copies.")
    calendars.add_argument("dir", metavar="DIR", help="folder for the calendars (replaced as a whole)")
    calendars.add_argument("--plan", metavar="NAME", default=None, help="plan to export (default: current)")
    add_year_option(calendars)
    add_db_option(calendars)
    calendars.set_defaults(handler=friendly(_calendars, _refusals))

    payments = subparsers.add_parser(
        "payments", help="write the payments to practices and a payment statement per practice",
        description="Writes DIR/payments.pdf, DIR/payments.csv and DIR/statements/<practice_code>.pdf: sessions "
                    "delivered (from the attendance table where it has a row, else as planned) at the tariff "
                    "in Settings. Each statement ends with the practice's own quality report: its students' "
                    "evaluation scores per year held (only where enough students answered), never a comment "
                    "or concern.")
    payments.add_argument("dir", metavar="DIR", help="folder for the payments (replaced as a whole)")
    payments.add_argument("--plan", metavar="NAME", default=None, help="plan to pay for (default: current)")
    add_year_option(payments)
    add_db_option(payments)
    payments.set_defaults(handler=friendly(_payments, _refusals))


def _refusals():
    from scheduler.exchange.atomic import FolderRefused
    from scheduler.services.plans import NoPlan
    from scheduler.store.errors import PlanNotFound

    return (((NoPlan, PlanNotFound), "Nothing written: {}."), (FolderRefused, "Nothing written: {}."),
            *year_refusals())


def _letters(args: argparse.Namespace) -> int:
    from scheduler.services.correspondence import write_letters

    with open_workspace(args) as ws, year_workspace(ws, args.year) as chosen:
        summary = write_letters(chosen, args.dir, plan_name=args.plan, since=args.since)
    scope = f" (changes since \"{summary.since}\")" if summary.since else ""
    print(f"Wrote letters and drafts{scope} for {summary.practices} practice"
          f"{'' if summary.practices == 1 else 's'} and {summary.students} student"
          f"{'' if summary.students == 1 else 's'} of plan \"{summary.plan_name}\" to {summary.folder} "
          f"({summary.files:,} files, {summary.seconds:.1f} s). Nothing was sent.")
    return 0


def _calendars(args: argparse.Namespace) -> int:
    from scheduler.services.correspondence import write_calendars

    with open_workspace(args) as ws, year_workspace(ws, args.year) as chosen:
        summary = write_calendars(chosen, args.dir, plan_name=args.plan)
    print(f"Wrote {summary.files:,} calendars ({summary.students} students, {summary.practices} practices) of "
          f"plan \"{summary.plan_name}\" to {summary.folder} in {summary.seconds:.1f} s.")
    return 0


def _payments(args: argparse.Namespace) -> int:
    from scheduler.services.payments import write_payments

    with open_workspace(args) as ws, year_workspace(ws, args.year) as chosen:
        summary = write_payments(chosen, args.dir, plan_name=args.plan)
    print(f"Wrote payments of plan \"{summary.plan_name}\" to {summary.folder}: {summary.practices} practices, "
          f"{summary.sessions:,} sessions, £{summary.amount:,.2f}; attendance recorded for "
          f"{summary.attendance_returns:,} of {summary.student_blocks:,} placements. Each statement ends with the "
          f"practice's own quality report ({summary.with_evaluations:,} of {summary.practices:,} practices with "
          f"evaluations sent).")
    return 0
