"""``tutors-due DIR [--block ID]``: the chase list of GP tutors whose training lapses before a block they
would teach, as DIR/tutors-due.pdf and .csv (over ``scheduler.services.compliance``). The terminal shows
practice codes and dates only; the tutors' names and emails are in the files."""

from __future__ import annotations

import argparse

from scheduler.cli.errors import friendly
from scheduler.cli.main import add_db_option, open_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    due = subparsers.add_parser(
        "tutors-due", help="GP tutors whose training lapses before a block they would teach (PDF and CSV)",
        description="Writes DIR/tutors-due.pdf and .csv: active GP tutors whose refresher is due before the end "
                    "of a block their practice has students planned in or offers places in, soonest first.")
    due.add_argument("dir", metavar="DIR", help="folder for the report (replaced as a whole)")
    due.add_argument("--block", default=None, metavar="ID", help="only this block (a block_id)")
    add_db_option(due)
    due.set_defaults(handler=friendly(_tutors_due, _refusals))


def _refusals():
    from scheduler.exchange.atomic import FolderRefused
    from scheduler.tutors_due import UnknownBlock

    return ((FolderRefused, "Nothing written: {}."), (UnknownBlock, "Nothing written: {}."))


def _tutors_due(args: argparse.Namespace) -> int:
    from scheduler.services.compliance import write_tutors_due

    with open_workspace(args) as ws:
        due = write_tutors_due(ws, args.dir, block_id=args.block)
    for d in due:
        print(f"  {d.practice_code:<8} refresher due {d.refresher_due:%d/%m/%Y}, before block {d.blocks[0].block_id} "
              f"ends on {d.blocks[0].end_date:%d/%m/%Y}")
    print(f"{len(due)} tutor(s) at {len({d.practice_code for d in due})} practice(s) need their training renewed "
          f"before a block they would teach; report written to {args.dir}.")
    return 0
