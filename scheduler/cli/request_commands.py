"""Students' change requests: ``requests list|add|accept|decline`` (thin over ``scheduler.services.requests``).

``requests accept ID --replan NAME`` accepts and then makes a minimal-change
plan ``NAME`` from the current one, listing who moved.
"""

from __future__ import annotations

import argparse

from scheduler.cli.errors import friendly
from scheduler.cli.main import add_db_option, open_workspace
from scheduler.cli.offers_commands import _date


def register(subparsers: argparse._SubParsersAction) -> None:
    from scheduler.domain import REQUEST_KINDS, REQUEST_STATUSES

    cmd = subparsers.add_parser("requests", help="students' change requests: list, add, accept, decline")
    actions = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every request, newest last")
    listing.add_argument("--status", choices=REQUEST_STATUSES, default=None)
    add_db_option(listing)
    listing.set_defaults(handler=friendly(_list, _refusals))

    add = actions.add_parser("add", help="record a request",
                             description="Kinds: " + "; ".join(f"{k}: {v}" for k, v in REQUEST_KINDS.items()))
    add.add_argument("student", metavar="STUDENT_ID")
    add.add_argument("block", metavar="BLOCK_ID")
    add.add_argument("kind", choices=list(REQUEST_KINDS))
    add.add_argument("--practice", default="", metavar="CODE", help="for practice and avoid")
    add.add_argument("--minutes", type=float, default=None, help="for nearer: the most one-way minutes agreed")
    add.add_argument("--away", nargs=2, type=_date, default=None, metavar=("FROM", "TO"), help="for away")
    add.add_argument("--reason", default="", help="what the student said (kept with the request)")
    add_db_option(add)
    add.set_defaults(handler=friendly(_add, _refusals))

    accept = actions.add_parser("accept", help="accept a request: a lock or a rule every plan keeps")
    accept.add_argument("id", type=int, metavar="ID")
    accept.add_argument("--override", action="store_true",
                        help="for a practice request that breaks a rule: move the student anyway (recorded)")
    accept.add_argument("--replan", metavar="NAME", default=None,
                        help="then make plan NAME from the current one, moving as few students as possible")
    add_db_option(accept)
    accept.set_defaults(handler=friendly(_accept, _refusals))

    decline = actions.add_parser("decline", help="decline a request")
    decline.add_argument("id", type=int, metavar="ID")
    add_db_option(decline)
    decline.set_defaults(handler=friendly(_decline, _refusals))


def _refusals():
    from scheduler.services.edits import EditRefused
    from scheduler.services.plans import NoPlan
    from scheduler.services.requests import RequestInvalid
    from scheduler.store.request_rows import RequestNotFound

    return (((RequestInvalid, RequestNotFound, NoPlan), "Refused: {}."), (EditRefused, "Refused: {}."))


def _list(args: argparse.Namespace) -> int:
    from scheduler.services.requests import list_requests

    with open_workspace(args) as ws:
        rows = list_requests(ws, args.status)
    for r in rows:
        decided = f" by {r.decided_by} on {r.decided:%d/%m/%Y}" if r.decided else ""
        print(f"{r.id:>4}  {r.status:<8}{decided}  {r.student_id} {r.block_id}: {r.wish}")
    print(f"{len(rows)} request(s).")
    return 0


def _add(args: argparse.Namespace) -> int:
    from scheduler.services.requests import add_request

    away_from, away_to = args.away or (None, None)
    with open_workspace(args) as ws:
        request = add_request(ws, args.student, args.block, args.kind, user=ws.user, reason=args.reason,
                              practice_code=args.practice.strip().upper(), max_minutes=args.minutes,
                              away_from=away_from, away_to=away_to)
    print(f"Recorded request {request.id}: {request.student_id} in {request.block_id} asks {request.wish}.")
    return 0


def _accept(args: argparse.Namespace) -> int:
    from scheduler.services.requests import accept_request, replan

    with open_workspace(args) as ws:
        decision = accept_request(ws, args.id, user=ws.user, override=args.override)
        print(f"Accepted request {args.id}: {decision.request.wish}.")
        if decision.plan is not None:
            print(f"Moved and locked in plan \"{decision.plan.name}\".")
        for text in decision.breaks:
            print(f"  the current plan breaks it: {text}")
        if args.replan:
            outcome = replan(ws, args.replan)
            print(f"Plan \"{args.replan}\": {len(outcome.moves)} student-block(s) moved.")
            for m in outcome.moves:
                print(f"  {m.student_id} in {m.block_id}: {m.from_practice or 'unplaced'} -> "
                      f"{m.to_practice or 'unplaced'} ({m.reason})")
    return 0


def _decline(args: argparse.Namespace) -> int:
    from scheduler.services.requests import decline_request

    with open_workspace(args) as ws:
        request = decline_request(ws, args.id, user=ws.user)
    print(f"Declined request {request.id}.")
    return 0
