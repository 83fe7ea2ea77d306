"""``check`` and ``import-plan``: a plan edited outside the app, checked against every hard rule and loaded.

``check`` exits 0 when every rule holds and 1 with one line per break (file row, student, block, practice,
rule); the student-blocks the file leaves out are listed as unplaced, not as breaks.
"""

from __future__ import annotations

import argparse

from scheduler.cli.errors import EXIT_REFUSED, friendly
from scheduler.cli.main import add_db_option, open_workspace

UNPLACED_SHOWN = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser("check", help="check a placements.csv (or .xlsx) against every hard rule",
                                  description="Checks a plan file in the columns of the placements export against "
                                              "the stored data and every hard rule. Exit 0: every rule holds; "
                                              "exit 1: one line per break.")
    check.add_argument("file", metavar="FILE")
    add_db_option(check)
    check.set_defaults(handler=friendly(_check, _refusals))

    load = subparsers.add_parser("import-plan", help="load a placements.csv (or .xlsx) as a new plan",
                                 description="Loads a plan file as a new plan when it keeps every hard rule; with "
                                             "--accept-overrides, each break is recorded as an override under your name.")
    load.add_argument("file", metavar="FILE")
    load.add_argument("--name", metavar="NAME", help="plan name (default 'Imported <file name>')")
    load.add_argument("--accept-overrides", action="store_true",
                      help="load a plan that breaks hard rules, recording each break as an override")
    add_db_option(load)
    load.set_defaults(handler=friendly(_import, _refusals))


def _refusals():
    from scheduler.services.plan_files import PlanFileRefused
    from scheduler.services.plans import NoData
    from scheduler.store.change_versions import ReadDataChanged
    from scheduler.store.errors import PlanNameTaken

    return ((NoData, "Cannot check: {}."), (PlanFileRefused, "Not loaded: {}."), (PlanNameTaken, "Not loaded: {}."),
            (ReadDataChanged, "Not loaded: {}. Nothing was changed; load the file again (gp-placements import-plan) "
                              "to check it against the data as it is now."))


def _report(check) -> None:
    for problem in check.errors:
        print(problem)
    for b in check.breaks:
        print(b)
    if check.unplaced:
        print(f"{len(check.unplaced)} student-block(s) of the data are not in the file (unplaced):")
        for u in check.unplaced[:UNPLACED_SHOWN]:
            print(f"  student {u.student_id} in {u.block_id}: {u.reason}")
        if len(check.unplaced) > UNPLACED_SHOWN:
            print(f"  ... and {len(check.unplaced) - UNPLACED_SHOWN} more")


def _check(args: argparse.Namespace) -> int:
    from scheduler.services.plan_files import check_plan_file

    with open_workspace(args) as ws:
        check = check_plan_file(ws, args.file)
    _report(check)
    if check.ok:
        print(f"{check.path.name}: {len(check.placements)} placements keep every hard rule.")
        return 0
    if check.breaks:
        print(f"{check.path.name}: {len(check.breaks)} break(s) of the hard rules.")
    return EXIT_REFUSED


def _import(args: argparse.Namespace) -> int:
    from scheduler.services.plan_files import import_plan_file

    with open_workspace(args) as ws:
        plan = import_plan_file(ws, args.file, args.name, user=ws.user, accept_overrides=args.accept_overrides)
    overrides = sum(1 for p in plan.placements if p.locked)
    print(f"Loaded plan {plan.name!r}: {len(plan.placements)} placements, {len(plan.unplaced)} unplaced"
          + ("; breaks recorded as overrides" if args.accept_overrides and overrides else "") + ".")
    return 0
