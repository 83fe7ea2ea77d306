"""The team-database commands: ``backup``, ``restore``, ``audit``, ``copy-to-server``, ``purge``, ``subject-export``.

Thin over ``scheduler.services.backups`` and ``scheduler.services.audit``;
refusals (a bad backup file, a restore over newer work, a non-empty server
database) end with one plain line and exit code 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Callable

from scheduler.cli.errors import friendly
from scheduler.cli.main import add_db_option, open_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="write a consistent SQLite copy of the database",
                                   description="Writes a consistent SQLite copy of the database (SQLite or a team "
                                               "server) to FILE; the copy opens with --db FILE.")
    backup.add_argument("file", metavar="FILE")
    _finish(backup, _backup)

    restore = subparsers.add_parser("restore", help="replace the database's content with a backup",
                                    description="Replaces the database's data and plans with those of a backup, in "
                                                "one transaction, after backing the current database up. The audit "
                                                "trail is kept.")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--force", action="store_true",
                         help="restore even though the database was changed after the backup was taken")
    _finish(restore, _restore)

    audit = subparsers.add_parser("audit", help="show who changed what and when",
                                  description="Lists the audit trail: imports, solves, hand edits, settings, backups "
                                              "and restores, with the state before and after.")
    audit.add_argument("--since", type=_date, metavar="DATE", help="from this date (YYYY-MM-DD)")
    audit.add_argument("--until", type=_date, metavar="DATE", help="up to and including this date (YYYY-MM-DD)")
    audit.add_argument("--user", metavar="NAME", help="only this officer")
    audit.add_argument("--action", metavar="ACTION", help="only this action (move, swap, solve, import …)")
    audit.add_argument("--csv", metavar="FILE", help="write the events to a CSV file instead of printing them")
    _finish(audit, _audit)

    move = subparsers.add_parser("copy-to-server", help="copy this (local) database into an empty team database",
                                 description="Copies every row of the database given by --db (default: your local "
                                             "file) into the empty database at URL, checked row for row.")
    move.add_argument("url", metavar="URL", help="the team database, e.g. postgresql+psycopg://user@host/placements")
    _finish(move, _copy_to_server)

    purge = subparsers.add_parser("purge", help="anonymise students who have left",
                                  description="Anonymises students whose placement history is all before "
                                              "ACADEMIC_YEAR, who are in no plan and attend no block of the current "
                                              "data set: names, emails and locations are replaced; their practice "
                                              "history is kept under a pseudonym. The database is backed up first; "
                                              "a year that is not wholly past is refused.")
    purge.add_argument("--before", metavar="ACADEMIC_YEAR",
                       help="e.g. 2020/21 (default: the academic year in the settings minus the retention years)")
    purge.add_argument("--dry-run", action="store_true", help="only say how many students would be anonymised")
    _finish(purge, _purge)

    subject = subparsers.add_parser("subject-export", help="write everything held about one student",
                                    description="Answers a subject access request: writes everything the database "
                                                "holds about the student to DIR/subject-access-<id>.json.")
    subject.add_argument("student_id", metavar="STUDENT_ID")
    subject.add_argument("dir", metavar="DIR")
    _finish(subject, _subject_export)


def _finish(parser: argparse.ArgumentParser, handler: Callable[[argparse.Namespace], int]) -> None:
    add_db_option(parser)
    parser.set_defaults(handler=friendly(handler, _refusals))


def _refusals():
    from scheduler.services.backups import BadBackup, RestoreRefused, TargetNotEmpty
    from scheduler.services.privacy import UnknownStudent

    return ((BadBackup, "Restore refused: {}."), (RestoreRefused, "Restore refused: {}."),
            (TargetNotEmpty, "Copy refused: {}."), (UnknownStudent, "Nothing written: {}."),
            (ValueError, "Refused: {}."))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"give a date as YYYY-MM-DD, not {text!r}") from None


def _backup(args: argparse.Namespace) -> int:
    from scheduler.services import backups

    with open_workspace(args) as ws:
        path = backups.backup(ws, Path(args.file))
    print(f"Backed up {ws.location} to {path} ({path.stat().st_size:,} bytes).")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from scheduler.services import backups
    from scheduler.store.integrity import DatabaseDamaged

    try:
        ws = open_workspace(args)
    except DatabaseDamaged as exc:
        if not args.force:
            raise
        aside = backups.restore_damaged_file(exc.path, Path(args.file))
        print(f"Restored {args.file} over the damaged database {exc.path}; the damaged file was moved to {aside}.")
        return 0
    with ws:
        report = backups.restore(ws, Path(args.file), force=args.force)
    print(f"Restored {report.source} into {ws.location}: {report.rows.get('students', 0)} students, "
          f"{report.rows.get('plans', 0)} plans. The database as it was is in {report.safety_backup}.")
    if report.discarded:
        print("It replaced: " + "; ".join(report.discarded) + ".")
    return 0


def _audit(args: argparse.Namespace) -> int:
    from scheduler.services import audit

    since = dt.datetime.combine(args.since, dt.time()) if args.since else None
    until = dt.datetime.combine(args.until + dt.timedelta(days=1), dt.time()) if args.until else None
    with open_workspace(args) as ws:
        rows = audit.events(ws, since=since, until=until, user=args.user, action=args.action)
    if args.csv:
        audit.write_csv(rows, args.csv)
        print(f"Wrote {len(rows)} event(s) to {args.csv}.")
        return 0
    if not rows:
        print("No recorded events.")
    for e in rows:
        change = f": {e.before} -> {e.after}" if e.before else (f": {e.after}" if e.after else "")
        print(f"{e.when:%Y-%m-%d %H:%M:%S}  {e.user:<12} {e.action:<16} {e.what}{change}")
    return 0


def _copy_to_server(args: argparse.Namespace) -> int:
    from scheduler.services import backups

    with open_workspace(args) as ws:
        rows = backups.move_to_server(ws, args.url)
    print(f"Copied {sum(rows.values()):,} rows from {ws.location} to the team database; every table checked row for row.")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from scheduler.services import privacy

    with open_workspace(args) as ws:
        args.before = args.before or privacy.retention_cutoff(ws)
        if args.dry_run:
            print(f"{len(privacy.leavers(ws, args.before))} student(s) left before {args.before} and would be anonymised.")
            return 0
        done = privacy.purge(ws, args.before)
    print(f"Anonymised {done.anonymised} student(s) who left before {args.before}"
          + (f", after backing the database up to {done.backup}." if done.backup else "."))
    if done.kept:
        print(f"Kept {done.kept} student(s) placed only before {args.before}: they attend blocks of the current "
              "data set.")
    return 0


def _subject_export(args: argparse.Namespace) -> int:
    from scheduler.services import privacy

    with open_workspace(args) as ws:
        path = privacy.subject_export(ws, args.student_id, args.dir)
    print(f"Wrote everything held about student {args.student_id} to {path}.")
    return 0
