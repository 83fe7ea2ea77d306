"""The documents command: ``timetables DIR [--plan NAME] [--year YYYY/YY]`` writes every PDF and the payments CSV
(``--year``: reprinted from a closed year's archive).

Thin over ``scheduler.services.documents``. A missing plan or an unusable
database ends with one plain line and exit code 1 or 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from scheduler.cli.errors import bounded_int, friendly
from scheduler.cli.main import add_db_option, open_workspace
from scheduler.cli.year_option import add_year_option, year_refusals, year_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    cmd = subparsers.add_parser(
        "timetables", help="write every practice timetable, student schedule, overview, payments and quality report",
        description="Writes DIR/practices/<practice_code>.pdf for every practice with students, "
                    "DIR/students/<student_id>.pdf for every placed student, DIR/overview.pdf, DIR/payments.pdf, "
                    "DIR/payments.csv and DIR/quality.pdf.")
    cmd.add_argument("dir", metavar="DIR", help="folder for the documents (created if needed)")
    cmd.add_argument("--plan", metavar="NAME", default=None, help="plan to print (default: the current plan)")
    add_year_option(cmd)
    cmd.add_argument("--workers", type=bounded_int(1, 64), default=None, metavar="N",
                     help="processes writing documents, 1 to 64 (default: up to 2)")
    add_db_option(cmd)
    cmd.set_defaults(handler=friendly(_timetables, _refusals))


def _refusals():
    from scheduler.exchange.atomic import FolderRefused
    from scheduler.services.documents import DocumentsNotWritten, NoPlan
    from scheduler.store.errors import PlanNotFound

    return (((NoPlan, PlanNotFound), "Nothing printed: {}."), *year_refusals(),
            (FolderRefused, "Nothing written: {}."), (DocumentsNotWritten, "Nothing written: {}."))


class _ProgressLine:
    """``\\r  120/2101 documents`` on a terminal, rewritten in place; quiet when output is not a terminal."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.last = -1

    def __call__(self, progress) -> None:
        if not self.live or not progress.total or progress.done == self.last:
            return
        self.last = progress.done
        self.stream.write(f"\r{progress.done:>6}/{progress.total} documents")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self.last >= 0:
            self.stream.write("\n")
            self.stream.flush()


def _timetables(args: argparse.Namespace) -> int:
    from scheduler.progress import TaskState
    from scheduler.services.documents import write_documents

    line = _ProgressLine()
    task = TaskState(on_progress=line, keep_history=False)
    try:
        with open_workspace(args) as ws, year_workspace(ws, args.year) as chosen:
            summary = write_documents(chosen, args.dir, plan_name=args.plan, task=task, workers=args.workers)
    finally:
        line.close()
    print(f"Wrote {summary.files:,} files ({summary.practices} practice timetables, {summary.students} student "
          f"schedules, overview, payments, quality report; {summary.bytes / 1e6:.1f} MB) for plan "
          f"\"{summary.plan_name}\" to {summary.folder} in {summary.seconds:.1f} s.")
    if summary.not_placed:
        print(f"{_students(len(summary.not_placed))} not yet placed; their schedules say so: "
              + ", ".join(summary.not_placed))
    for student_id, why in summary.without_document:
        print(f"No schedule for student {student_id}: {why}.")
    return 0


def _students(n: int) -> str:
    return "1 student is" if n == 1 else f"{n:,} students are"
