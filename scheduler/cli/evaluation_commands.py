"""The students' evaluations round: ``evaluations-out DIR [--block ID]``, ``evaluations-in FILES_OR_DIR``,
``evaluations-status``, ``evaluations-concern STUDENT BLOCK --done TEXT`` and ``quality-report DIR``.

Thin over ``scheduler.services.evaluations``;
a broken return is refused with one line per problem, by file, sheet and cell, and exit code 1, nothing changed.
"""

from __future__ import annotations

import argparse
import sys

from scheduler.cli.errors import EXIT_REFUSED, friendly
from scheduler.cli.main import add_db_option, open_workspace
from scheduler.cli.round_commands import finish, in_command, out_command, refused, warn


def register(subparsers: argparse._SubParsersAction) -> None:
    out = out_command(
        subparsers, "evaluations-out", help="write each placed student's evaluation workbook and email draft",
        description="Writes DIR/<student_id>.xlsx (their placements of the current plan, protected except the "
                    "answer cells) and DIR/<student_id>.eml for each student placed in the chosen blocks, and "
                    "records them as sent. Nothing is sent.")
    out.add_argument("--block", action="append", default=None, metavar="ID",
                     help="only this block (may be given more than once; default: every block)")
    finish(out, _evaluations_out, _refusals)

    finish(in_command(
        subparsers, "evaluations-in", help="read returned evaluation workbooks and store the answers, all or nothing",
        description="Checks every answer cell (scores 1-5, concern yes or empty, the comment's text) of every "
                    "returned workbook against the current plan; any problem and nothing is stored."),
        _evaluations_in)

    status = subparsers.add_parser("evaluations-status", help="who was sent an evaluation, who replied, concerns",
                                   description="Lists each student sent an evaluation workbook and whether they "
                                               "replied, then the concerns with what was done.")
    add_db_option(status)
    status.set_defaults(handler=friendly(_evaluations_status))

    concern = subparsers.add_parser("evaluations-concern", help="record what was done about a concern",
                                    description="Records, in the concerns list and the audit trail, what the "
                                                "office did about a student's concern for one block.")
    concern.add_argument("student_id", metavar="STUDENT")
    concern.add_argument("block_id", metavar="BLOCK")
    concern.add_argument("--done", required=True, metavar="TEXT", help="what was done")
    add_db_option(concern)
    concern.set_defaults(handler=friendly(_evaluations_concern))

    report = subparsers.add_parser(
        "quality-report", help="write the practice quality report (PDF and CSV) from the students' evaluations",
        description="Writes DIR/quality-report.pdf and DIR/quality-report.csv: per practice and year the "
                    "response rate, each question's mean with n (shown only with enough answers, Settings), the "
                    "trend over the years held and the practices below the review threshold.")
    report.add_argument("dir", metavar="DIR", help="folder for the report (replaced as a whole)")
    add_db_option(report)
    report.set_defaults(handler=friendly(_quality_report, _refusals))


def _refusals():
    from scheduler.exchange.atomic import FolderRefused
    from scheduler.services.evaluations import EvaluationsNotSent

    return ((FolderRefused, "Nothing written: {}."), (EvaluationsNotSent, "Nothing written: {}."))


def _evaluations_out(args: argparse.Namespace) -> int:
    from scheduler.services.evaluations import evaluations_out

    with open_workspace(args) as ws:
        summary = evaluations_out(ws, args.dir, blocks=args.block)
    print(f"Wrote evaluation workbooks and email drafts for {summary.students} student(s), "
          f"{summary.placements} placement(s), to {summary.folder} (reply by {summary.reply_by:%d/%m/%Y}). "
          "Nothing was sent.")
    return 0


def _evaluations_in(args: argparse.Namespace) -> int:
    from scheduler.returned_workbooks import ReturnsRefused
    from scheduler.services.evaluations import import_evaluations

    with open_workspace(args) as ws:
        try:
            check = import_evaluations(ws, args.paths)
        except ReturnsRefused as refusal:
            return refused(refusal.check.problems)
    warn(check.warnings)
    concerns = sum(1 for a in check.answers if a.concern)
    print(f"Stored {len(check.answers)} evaluated placement(s) from {len(check.students)} return(s), "
          f"{concerns} concern(s).")
    return 0


def _evaluations_status(args: argparse.Namespace) -> int:
    from scheduler.services.evaluations import concerns, evaluations_status

    with open_workspace(args) as ws:
        rows = evaluations_status(ws)
        raised = concerns(ws)
    for r in sorted(rows, key=lambda r: (r.replied is None, r.student_id)):
        if r.replied:
            print(f"replied  {r.student_id:<12} {r.replied:%d/%m/%Y %H:%M}  {r.answered} of {r.placements} "
                  "placement(s)")
        else:
            reply_by = f"reply by {r.reply_by:%d/%m/%Y}" if r.reply_by else ""
            print(f"awaiting {r.student_id:<12} sent {r.sent:%d/%m/%Y}  {reply_by}" if r.sent
                  else f"awaiting {r.student_id:<12}")
    replied = sum(1 for r in rows if r.replied)
    print(f"{replied} of {len(rows)} student(s) replied.")
    for c in raised:
        done = (f"{c.action} ({c.action_by}, {c.action_at:%d/%m/%Y})" if c.action_at else "nothing recorded yet")
        print(f"concern  {c.student_id:<12} {c.block_id} at {c.practice_code}, {c.received:%d/%m/%Y}: {done}")
    if raised:
        print(f"{len(raised)} concern(s); the comments are in the window's concerns list and the subject export.")
    return 0


def _evaluations_concern(args: argparse.Namespace) -> int:
    from scheduler.services.evaluations import record_concern_action

    with open_workspace(args) as ws:
        try:
            record_concern_action(ws, args.student_id, args.block_id, args.done)
        except (KeyError, ValueError) as exc:
            print(f"Nothing changed: {str(exc).strip(chr(39))}.", file=sys.stderr)
            return EXIT_REFUSED
    print("Recorded what was done about the concern.")
    return 0


def _quality_report(args: argparse.Namespace) -> int:
    from scheduler.services.evaluations import write_quality_report

    with open_workspace(args) as ws:
        figures = write_quality_report(ws, args.dir)
    flagged = sum(1 for f in figures if f.flagged)
    print(f"Wrote the practice quality report ({len(figures)} practice-year(s), {flagged} below the threshold) "
          f"to {args.dir}.")
    return 0
