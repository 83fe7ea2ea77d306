"""Working with practices and students through the year: the capacity-offers round and the chase lists.

``offers-out DIR``, ``offers-in FILES_OR_DIR [--dry-run]``, ``offers-status``
(thin over ``scheduler.services.offers``; a broken return is refused with one
line per problem, by file, sheet and cell, and exit code 1, nothing changed),
``approvals-due DIR [--months N]`` and ``clearances-due DIR`` (over
``scheduler.services.compliance``), and the students' preferences round,
``preferences-out DIR [--year N]`` and ``preferences-in FILES_OR_DIR``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from scheduler.cli.errors import EXIT_REFUSED, friendly
from scheduler.cli.main import add_db_option, open_workspace
from scheduler.cli.round_commands import finish, in_command, out_command, refused, warn


def _date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"not a date: {text!r} (use 2027-01-31 or 31/01/2027)")


def register(subparsers: argparse._SubParsersAction) -> None:
    out = out_command(
        subparsers, "offers-out",
        help="write each active practice's capacity-offer workbook, covering letter and email draft",
        description="Writes DIR/<practice_code>.xlsx (protected except the answer cells), "
                    "DIR/<practice_code>-letter.pdf and DIR/<practice_code>.eml for each active practice, and "
                    "records the round as sent. Nothing is sent.")
    out.add_argument("--reply-by", type=_date, default=None, metavar="DATE",
                     help="date the practices are asked to reply by (default: in three weeks)")
    finish(out, _offers_out, _refusals)

    back = in_command(
        subparsers, "offers-in", help="read returned offer workbooks and apply the changes, all or nothing",
        description="Reads returned offer workbooks (files or folders of .xlsx), shows the changes per practice "
                    "and block, and applies them all, or none when any file has a problem.")
    back.add_argument("--dry-run", action="store_true", help="show the changes and problems; change nothing")
    finish(back, _offers_in, _refusals)

    status = subparsers.add_parser("offers-status", help="which practices have replied, when, and who has not")
    add_db_option(status)
    status.set_defaults(handler=friendly(_offers_status))

    approvals = subparsers.add_parser(
        "approvals-due", help="practices whose teaching approval ends soon (PDF and CSV)",
        description="Writes DIR/approvals-due.pdf and .csv: active practices whose approval ends within the "
                    "next N months, with the blocks that would be lost.")
    approvals.add_argument("dir", metavar="DIR", help="folder for the report (replaced as a whole)")
    approvals.add_argument("--months", type=int, default=6, metavar="N", help="how far ahead to look (default 6)")
    add_db_option(approvals)
    approvals.set_defaults(handler=friendly(_approvals_due, _refusals))

    clearances = subparsers.add_parser(
        "clearances-due", help="students who lack or will lose a required clearance before a block (PDF and CSV)",
        description="Writes DIR/clearances-due.pdf and .csv: students who lack a required clearance, or whose "
                    "clearance expires before one of their upcoming blocks ends, soonest first.")
    clearances.add_argument("dir", metavar="DIR", help="folder for the report (replaced as a whole)")
    add_db_option(clearances)
    clearances.set_defaults(handler=friendly(_clearances_due, _refusals))

    prefs_out = out_command(
        subparsers, "preferences-out",
        help="write a preferences workbook per cohort listing only the practices each may go to",
        description="Writes DIR/preferences-year<N>[-group-<G>].xlsx per cohort: for each student, every practice "
                    "the hard rules allow (nearest first) with a rank cell to fill.")
    prefs_out.add_argument("--year", type=int, choices=range(1, 6), default=None, metavar="N",
                           help="only this year of study (1 to 5)")
    finish(prefs_out, _preferences_out, _refusals)

    finish(in_command(
        subparsers, "preferences-in", help="import the ranks of returned preferences workbooks, all or nothing",
        description="Checks every rank (a whole number from 1, once per student, for a listed practice) and "
                    "replaces the preferences of the students who ranked anything."),
        _preferences_in)


def _refusals():
    from scheduler.exchange.atomic import FolderRefused

    return ((FolderRefused, "Nothing written: {}."),)


def _offers_out(args: argparse.Namespace) -> int:
    from scheduler.services.offers import offers_out

    with open_workspace(args) as ws:
        summary = offers_out(ws, args.dir, reply_by=args.reply_by)
    print(f"Wrote offer workbooks, letters and email drafts for {summary.practices} practices to {summary.folder} "
          f"(reply by {summary.reply_by:%d/%m/%Y}). Nothing was sent.")
    return 0


def _offers_in(args: argparse.Namespace) -> int:
    from scheduler.services.offers import apply_offer_returns, check_offer_returns

    with open_workspace(args) as ws:
        check = check_offer_returns(ws, args.paths)
        warn(check.warnings)
        for change in check.changes:
            print(f"  {change}")
        if not check.ok:
            return refused(check.problems)
        if args.dry_run:
            print(f"Dry run: {len(check.returns)} return(s) with {len(check.changes)} change(s); nothing changed.")
            return 0
        apply_offer_returns(ws, args.paths)
    print(f"Applied {len(check.changes)} change(s) from {len(check.returns)} return(s).")
    return 0


def _offers_status(args: argparse.Namespace) -> int:
    from scheduler.services.offers import offers_status

    with open_workspace(args) as ws:
        rows = offers_status(ws)
    today = dt.date.today()
    replied = [r for r in rows if r.replied]
    awaiting = [r for r in rows if r.standing(today) == "awaiting reply"]
    waiting = [r for r in rows if r.standing(today) == "to chase"]
    for r in replied:
        print(f"replied  {r.practice_code:<8} {r.replied:%d/%m/%Y %H:%M}  {r.changes} change(s)  {r.practice_name}")
    for r in awaiting:
        reply_by = f"reply by {r.reply_by:%d/%m/%Y}" if r.reply_by else ""
        print(f"awaiting {r.practice_code:<8} sent {r.sent:%d/%m/%Y}  {reply_by}  {r.practice_name}")
    for r in waiting:
        print(f"chase    {r.practice_code:<8} sent {r.sent:%d/%m/%Y}  {r.email or 'no email on record'}  "
              f"{r.practice_name}")
    never = sum(1 for r in rows if not r.sent and not r.replied)
    print(f"{len(replied)} replied, {len(awaiting)} awaiting a reply, {len(waiting)} to chase"
          + (f", {never} never sent a workbook" if never else "") + ".")
    return 0


def _approvals_due(args: argparse.Namespace) -> int:
    from scheduler.services.compliance import write_approvals_due

    if not 0 <= args.months <= 120:
        print("--months must be a whole number from 0 to 120", file=sys.stderr)
        return EXIT_REFUSED
    with open_workspace(args) as ws:
        due = write_approvals_due(ws, args.dir, months=args.months)
    for d in due:
        print(f"  {d.practice_code:<8} approved until {d.approved_until:%d/%m/%Y}  {d.name}")
    print(f"{len(due)} practice approval(s) end within {args.months} months; report written to {args.dir}.")
    return 0


def _clearances_due(args: argparse.Namespace) -> int:
    from scheduler.services.compliance import write_clearances_due

    with open_workspace(args) as ws:
        due = write_clearances_due(ws, args.dir)
    print(f"{len({d.student_id for d in due})} student(s) lack or will lose a required clearance before a block "
          f"ends ({len(due)} clearance(s)); report written to {args.dir}.")
    return 0


def _preferences_out(args: argparse.Namespace) -> int:
    from scheduler.services.preferences import preferences_out

    with open_workspace(args) as ws:
        summary = preferences_out(ws, args.dir, year=args.year)
    print(f"Wrote {summary.workbooks} preferences workbook(s) for {summary.students:,} students "
          f"({summary.rows:,} allowed practices listed) to {summary.folder}.")
    return 0


def _preferences_in(args: argparse.Namespace) -> int:
    from scheduler.services.preferences import check_preferences, import_preferences

    with open_workspace(args) as ws:
        check = check_preferences(ws, args.paths)
        warn(check.warnings)
        if not check.ok:
            return refused(check.problems)
        import_preferences(ws, args.paths)
    ranks = sum(len(r) for r in check.preferences.values())
    print(f"Imported {ranks:,} ranks of {len(check.preferences):,} students (their earlier preferences replaced).")
    return 0
