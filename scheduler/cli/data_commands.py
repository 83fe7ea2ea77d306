"""The data commands: ``demo``, ``import``, ``template``, ``info`` and ``export-data``.

Thin over ``scheduler.services.data``. User mistakes (a missing file, an
unusable database, data with errors) end with a plain message and exit code
1 (the data or the request was refused) or 2 (the command could not run),
never a traceback. Services are imported inside the handlers so that
``--help`` and ``info`` start quickly.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from scheduler.cli.errors import EXIT_CANNOT_RUN, EXIT_REFUSED, bounded_int, fail, friendly
from scheduler.cli.main import add_db_option, open_workspace

COUNT_LABELS = (
    ("students", "students"), ("practices", "practices"), ("blocks", "blocks"),
    ("capacities", "capacity overrides"), ("exclusions", "exclusions"), ("pairs", "pairs"),
    ("history", "history rows"), ("preferences", "preferences"), ("travel", "travel times"),
    ("postcodes", "postcodes"), ("plans", "plans"), ("placements", "placements (current plan)"),
    ("unplaced", "unplaced (current plan)"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="write a realistic demo data set (CSV folder or .xlsx)",
                                 description="Writes a realistic demo data set in the data-contract format.")
    demo.add_argument("dir", metavar="DIR", help="folder for the CSV files (or a .xlsx file name)")
    demo.add_argument("--seed", type=bounded_int(0, 2**32 - 1), default=1, help="random seed, 0 or more (default 1)")
    demo.add_argument("--scale", choices=("small", "full"), default="small",
                      help="small (a few dozen students) or full (about 400 students per year)")
    _finish(demo, _demo)

    imp = subparsers.add_parser("import", help="import a data set (folder of CSV files or one .xlsx workbook)",
                                description="Checks and imports a data set, all or nothing.")
    imp.add_argument("data", metavar="DATA", help="folder of CSV files or one .xlsx workbook")
    imp.add_argument("--replace", action="store_true",
                     help="replace the data set already in the database (its plans are deleted)")
    imp.add_argument("--new-year", action="store_true",
                     help="DATA is the new year's students list (a CSV file, or a folder or workbook with students "
                          "and optionally blocks): match it to last year's students and start the new year")
    imp.add_argument("--dry-run", action="store_true", help="with --new-year: print the report, write nothing")
    _finish(imp, _import)

    template = subparsers.add_parser("template", help="write an empty workbook to fill in",
                                     description="Writes an empty .xlsx workbook with one sheet per table.")
    template.add_argument("file", metavar="FILE.xlsx")
    _finish(template, _template)

    info = subparsers.add_parser("info", help="show what the database holds",
                                 description="Counts of students, practices, blocks, placements and plans.")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    _finish(info, _info)

    export = subparsers.add_parser("export-data", help="export the data set (CSV folder or .xlsx by suffix)",
                                   description="Writes the stored data set in the data-contract format.")
    export.add_argument("path", metavar="PATH", help="a folder for CSV files, or a file name ending .xlsx")
    _finish(export, _export)


def _finish(parser: argparse.ArgumentParser, handler: Callable[[argparse.Namespace], int]) -> None:
    add_db_option(parser)
    parser.set_defaults(handler=friendly(handler, _refusals))


def _refusals():
    from scheduler.services.data import DataAlreadyPresent

    return ((DataAlreadyPresent, "Import refused: {}."),)


def _workspace(args: argparse.Namespace):
    return open_workspace(args)


def _demo(args: argparse.Namespace) -> int:
    from scheduler.services import data

    dataset = data.write_demo(args.dir, seed=args.seed, scale=args.scale)
    print(f"Wrote a demo data set to {args.dir}: {len(dataset.students)} students, "
          f"{len(dataset.practices)} practices, {len(dataset.blocks)} blocks, {len(dataset.travel)} travel times.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from scheduler.services import data

    source = Path(args.data)
    if not source.exists():
        return fail(f"No such file or folder: {source}", EXIT_CANNOT_RUN)
    if args.new_year or args.dry_run:
        from scheduler.cli.year_commands import new_year_import

        return new_year_import(args, source)
    with _workspace(args) as ws:
        result = data.import_data(ws, source, replace=args.replace)
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if result.errors or result.dataset is None:
            for error in result.errors:
                print(str(error), file=sys.stderr)
            return fail(f"Import refused: {result.error_count:,} error(s) in {source}; nothing was written.",
                         EXIT_REFUSED)
        d = result.dataset
        print(f"Imported {len(d.students)} students, {len(d.practices)} practices, {len(d.blocks)} blocks "
              f"and {len(d.travel)} travel times into {ws.location}"
              + (f" ({len(result.warnings)} warning(s))." if result.warnings else "."))
    return 0


def _template(args: argparse.Namespace) -> int:
    from scheduler.services import data

    path = Path(args.file)
    if path.suffix.lower() != ".xlsx":
        return fail(f"The template is an Excel workbook: give a file name ending .xlsx, not {path.name}",
                     EXIT_CANNOT_RUN)
    data.write_template(path)
    print(f"Wrote the template {path}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from scheduler.services import data
    from scheduler.services.years import years_held

    with _workspace(args) as ws:
        counts = data.counts(ws)
        held = years_held(ws)
        url = ws.location
    if args.json:
        print(json.dumps({**counts, "years": held}, sort_keys=True))
        return 0
    print(f"Database: {url}")
    width = max(len(label) for _, label in COUNT_LABELS)
    for key, label in COUNT_LABELS:
        print(f"  {label:<{width}}  {counts.get(key, 0):>9,}")
    print("  years held: " + ", ".join(y["academic_year"] + (" (closed)" if y["closed"] else " (current)")
                                       for y in held))
    return 0


def _export(args: argparse.Namespace) -> int:
    from scheduler.services import data

    with _workspace(args) as ws:
        if not data.has_data(ws):
            return fail("The database holds no data set to export; import one first.", EXIT_REFUSED)
        path = data.export_data(ws, args.path)
    print(f"Exported the data set to {path}")
    return 0
