"""``advise``: where one more place (or consulting room) would place a stranded student or cut journeys."""

from __future__ import annotations

import argparse
import json

from scheduler.cli.errors import EXIT_NOT_SAVED, fail, friendly
from scheduler.cli.main import add_db_option, open_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    advise = subparsers.add_parser("advise", help="where extra places would help most, and practices to recruit",
                                   description="Lists the practice-blocks where one more place (or room for one more "
                                               "student a day) would place a stranded student, or else cut the most "
                                               "journey minutes, each confirmed by solving again with it added; and "
                                               "inactive practices or sites near the stranded students.")
    advise.add_argument("--plan", metavar="NAME", help="plan name (default: the current plan)")
    advise.add_argument("--top", type=int, default=5, metavar="N", help="how many (default 5)")
    advise.add_argument("--json", action="store_true", help="the advice as a JSON list of objects")
    add_db_option(advise)
    advise.set_defaults(handler=friendly(_advise, _refusals))


def _refusals():
    from scheduler.services.plans import NoData, NoPlan
    from scheduler.store.errors import PlanNotFound

    return ((NoData, "Cannot advise: {}."), ((NoPlan, PlanNotFound), "Cannot advise: {}."))


def _advise(args: argparse.Namespace) -> int:
    from scheduler.services.advice import advise

    with open_workspace(args) as ws:
        report = advise(ws, args.plan, top=max(1, args.top))
    if args.json:
        print(json.dumps([a.as_dict() for a in report.advice], indent=2))
        return _out_of_date(report.changed)
    print(f"The plan places {report.placed:,}; no plan can place more than {report.most_placeable:,} as things stand.")
    for a in report.advice:
        what = "one more place" if a.kind == "place" else "room for one more student a day"
        gain = (f"places {a.placed_gain} more student-block(s)" if a.placed_gain
                else f"saves up to {a.minutes_gain:g} min of one journey")
        print(f"  {a.practice_code} in {a.block_id}: {what} {gain}")
    if not report.advice:
        print("  No single extra place would place more or shorten a journey.")
    if report.recruits:
        print("Practices to recruit near the students without a place:")
        for r in report.recruits:
            label = f"{r.name} ({r.code}, inactive)" if r.code else f"{r.name} {r.postcode}"
            print(f"  {label}: suits {r.suits} stranded student-block(s), nearest {r.nearest_minutes:g} min")
    return _out_of_date(report.changed)


def _out_of_date(changed: list[str]) -> int:
    if not changed:
        return 0
    return fail("Out of date: what this advice was worked out from changed while it ran: " + "; ".join(changed)
                + ". Run gp-placements advise again for advice on the data as it is now.", EXIT_NOT_SAVED)
