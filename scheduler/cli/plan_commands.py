"""The plan commands: ``solve``, ``export`` and ``plans``, thin over ``scheduler.services.plans``.

Errors a user can cause end with one plain line and exit code 1 (refused) or
2 (could not run). Services are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import math
from typing import Callable

from scheduler.cli.errors import bounded_int, friendly
from scheduler.cli.main import add_db_option, open_workspace
from scheduler.settings import MAX_WEIGHT, SOFT_TERMS, BadSetting


def register(subparsers: argparse._SubParsersAction) -> None:
    solve = subparsers.add_parser("solve", help="plan every student's placements and save the plan",
                                  description="Places as many student-blocks as possible, then minimises the "
                                              "weighted soft terms; saves the plan and makes it current, unless "
                                              "it was stopped early or is worse than the current plan.")
    solve.add_argument("--time-limit", type=float, metavar="S", help="seconds (default from settings, 60)")
    solve.add_argument("--workers", type=bounded_int(1, 64), metavar="N", help="search workers, 1 to 64 (default from settings, 2)")
    solve.add_argument("--seed", type=bounded_int(0, 2**31 - 1), metavar="N",
                       help="random seed, 0 to 2,147,483,647 (default from settings, 1)")
    solve.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE",
                       help=f"soft-term weight, repeatable; names: {', '.join(SOFT_TERMS)}")
    solve.add_argument("--avoid-flagged", action="store_true",
                       help="place nobody at a practice flagged for review (its evaluation score below the "
                            "settings' flag, from enough students); default from settings, off")
    solve.add_argument("--min-change", action="store_true",
                       help="re-plan from the plan named by --plan (or the current plan): keep locked "
                            "placements and move as few students as possible")
    solve.add_argument("--plan", metavar="NAME",
                       help="plan name (default: 'Plan 1', or the next free 'Plan N'); an existing plan of that "
                            "name is kept unless --replace is given")
    solve.add_argument("--replace", action="store_true",
                       help="replace the plan named by --plan if it exists (a stopped run never replaces a "
                            "better plan: it is saved under a name of its own)")
    solve.add_argument("--quiet", action="store_true", help="no progress lines")
    _finish(solve, _solve)

    export = subparsers.add_parser("export", help="write placements.csv, unplaced.csv and placements.xlsx for a plan",
                                   description="Writes the plan's placements.csv and unplaced.csv (data-format.md), "
                                               "and placements.xlsx with names for reading in Excel.")
    export.add_argument("dir", metavar="DIR")
    export.add_argument("--plan", metavar="NAME", help="plan name (default: the current plan)")
    _finish(export, _export)

    plans = subparsers.add_parser("plans", help="list the stored plans", description="Lists the stored plans.")
    _finish(plans, _plans)


def _finish(parser: argparse.ArgumentParser, handler: Callable[[argparse.Namespace], int]) -> None:
    add_db_option(parser)
    parser.set_defaults(handler=friendly(handler, _refusals))


def _refusals():
    from scheduler.services.plans import NoData, NoPlan, PlanExists
    from scheduler.store.errors import PlanNotFound

    return ((NoData, "Cannot solve: {}."), (PlanExists, "Not solved: {}; add --replace to replace it, or name the new plan with --plan NAME."),
            ((NoPlan, PlanNotFound), "Nothing exported: {}."),
            (BadSetting, "Refused: {}"))


def parse_weights(items: list[str]) -> dict[str, float]:
    weights = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in SOFT_TERMS:
            raise BadSetting(f"--weight takes NAME=VALUE with NAME one of {', '.join(SOFT_TERMS)} (got {item!r})")
        try:
            weights[name] = float(value)
        except ValueError:
            raise BadSetting(f"--weight {name} needs a number (got {value!r})") from None
        if not (math.isfinite(weights[name]) and 0 <= weights[name] <= MAX_WEIGHT):
            raise BadSetting(f"--weight {name} must be a number from 0 to {MAX_WEIGHT:g} (got {value!r})")
    return weights


def _solve(args: argparse.Namespace) -> int:
    import dataclasses

    from scheduler.progress import TaskState
    from scheduler.services import data as data_service
    from scheduler.services import plans, read_guard

    weights = parse_weights(args.weight)
    if args.time_limit is not None and not (math.isfinite(args.time_limit) and args.time_limit > 0):
        raise BadSetting(f"--time-limit must be a positive number of seconds (got {args.time_limit})")
    with open_workspace(args) as ws:
        read = read_guard.versions(ws)  # before the settings: a change to them during the solve is seen
        settings = data_service.load_settings(ws)
        changes = {k: v for k, v in (("time_limit_seconds", args.time_limit), ("workers", args.workers),
                                     ("seed", args.seed), ("avoid_flagged_practices", args.avoid_flagged or None))
                   if v is not None}
        settings = dataclasses.replace(settings, **changes).with_weights(**weights)

        def show(p) -> None:
            if args.quiet:
                return
            figures = ""
            if p.objective is not None:
                figures += f"  objective {p.objective:,.1f}"
            if p.bound is not None:
                figures += f"  bound {p.bound:,.1f}"
            if p.gap is not None:
                figures += f"  gap {p.gap:.2%}"
            if p.placed is not None:
                figures += f"  placed {p.placed:,}" + ("" if p.placed_bound is None else f" of at most {p.placed_bound:,}")
            print(f"[{p.elapsed:6.1f}s] {p.message}{figures}", flush=True)

        task = TaskState(on_progress=show, keep_history=False)
        try:
            name = args.plan if args.plan is not None else plans.unused_plan_name(plans.plan_names(ws))
            outcome = plans.solve(ws, name, settings=settings, task=task, min_change=args.min_change,
                                  replace=args.replace, read=read)
        except KeyboardInterrupt:
            task.cancel()
            raise
    print_summary(outcome)
    return 0


def print_summary(outcome) -> None:
    plan, f = outcome.plan, outcome.summary
    total = f.placed + f.unplaced
    print(f"\nPlan {plan.name!r}: {f.placed} of {total} student-blocks placed, {f.unplaced} unplaced")
    print(f"  {count_text(f.placed, plan.placed_bound)}")
    for year, (travel, longest) in f.travel_by_year.items():
        print(f"  year {year}: total travel {travel:,.0f} min, longest {longest:.0f} min")
    print(f"  total travel {f.total_travel:,.0f} min, longest {f.longest_travel:.0f} min; practices used {f.practices_used}")
    gap = "n/a" if plan.gap is None else f"{plan.gap:.2%}"
    objective = "n/a" if plan.objective is None else f"{plan.objective:,.1f}"
    bound = "n/a" if plan.bound is None else f"{plan.bound:,.1f}"
    print(f"  status {plan.status}, objective {objective}, bound {bound}, gap {gap}, {plan.seconds:.1f} s")
    kept = getattr(outcome, "kept_current", None)
    if kept is not None:
        print(f"  {plan.name!r} {outcome.kept_because}, so {kept.name!r} stays the current plan "
              f"({kept.placed} placed, objective {kept.objective or 0:,.1f}); the new plan is saved beside it")
    if plan.terms:
        print("  terms: " + ", ".join(f"{k} {v:,.1f}" for k, v in plan.terms.items()))
    if outcome.moves:
        print(f"  {len(outcome.moves)} student-block(s) moved:")
        for m in outcome.moves[:50]:
            print(f"    {m.student_id} {m.block_id}: {m.from_practice} -> {m.to_practice or 'unplaced'} ({m.reason})")
        if len(outcome.moves) > 50:
            print(f"    ... and {len(outcome.moves) - 50} more")
    reasons: dict[str, int] = {}
    for u in plan.unplaced:
        reasons[u.reason] = reasons.get(u.reason, 0) + 1
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  unplaced x{n}: {reason}")


def count_text(placed: int, placed_bound: int | None) -> str:
    """``this plan places 1,367; no plan can place more than 1,373`` (or that the count is proven)."""
    if placed_bound is None:
        return f"this plan places {placed:,}; how many any plan could place is not known"
    if placed >= placed_bound:
        return f"this plan places {placed:,}; proven: no plan can place more"
    return f"this plan places {placed:,}; no plan can place more than {placed_bound:,}"


def _export(args: argparse.Namespace) -> int:
    from scheduler.services import plans

    with open_workspace(args) as ws:
        placements, unplaced = plans.export_plan(ws, args.dir, args.plan)
    print(f"Wrote {placements} and {unplaced}, and {placements.with_suffix('.xlsx')} with names.")
    return 0


def _plans(args: argparse.Namespace) -> int:
    from scheduler.services import plans

    with open_workspace(args) as ws:
        rows = plans.list_plans(ws)
    if not rows:
        print("No plans yet. Run: gp-placements solve")
        return 0
    print(f"{'':2}{'plan':<24}{'status':<11}{'placed':>8}{'unplaced':>10}{'objective':>14}{'gap':>8}{'seconds':>9}")
    for r in rows:
        gap = "" if r.gap is None else f"{r.gap:.2%}"
        obj = "" if r.objective is None else f"{r.objective:,.1f}"
        print(f"{'* ' if r.is_current else '  '}{r.name:<24}{r.status:<11}{r.placed:>8}{r.unplaced:>10}{obj:>14}{gap:>8}"
              f"{r.seconds:>9.1f}")
    return 0
