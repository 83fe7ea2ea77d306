"""Students' change requests: logged, decided by an officer, and kept by every later plan.

Accepting a ``practice`` request moves the student there in the plan and
locks it (locks carry into new plans); accepting ``avoid``, ``nearer`` or
``away`` makes it a hard rule of the rulebook for that student-block (see
``rules.hard.as_requested`` and ``not_away``). ``replan`` then makes a
minimal-change plan, which moves as few other students as it can. The
notices to the practices and students concerned come from ``letters --since``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.domain import REQUEST_KINDS, ChangeRequest, Plan
from scheduler.rules.hard import Facts, placement_breaks
from scheduler.services import audit, edits
from scheduler.services.plans import NoPlan, SolveOutcome, solve
from scheduler.services.workspace import Workspace
from scheduler.store import repository, request_rows


class RequestInvalid(ValueError):
    """A request that cannot be recorded or decided as asked; the message says why."""


@dataclass(frozen=True)
class Decision:
    request: ChangeRequest
    plan: Plan | None
    """the plan after a ``practice`` request was accepted (moved and locked)"""
    breaks: list[str]
    """how the current plan breaks the accepted request (re-plan to mend it)"""


def add_request(ws: Workspace, student_id: str, block_id: str, kind: str, user: str, reason: str = "",
                practice_code: str = "", max_minutes: float | None = None, away_from: dt.date | None = None,
                away_to: dt.date | None = None) -> ChangeRequest:
    """Records an open request; raises ``RequestInvalid`` naming what is wrong."""
    with ws.session() as s:
        data = repository.load_dataset(s, travel_students=())
        students = {st.student_id: st for st in data.students}
        blocks = {b.block_id: b for b in data.blocks}
        if kind not in REQUEST_KINDS:
            raise RequestInvalid(f"{kind!r} is not a kind of request; use one of {', '.join(REQUEST_KINDS)}")
        if student_id not in students:
            raise RequestInvalid(f"there is no student {student_id}")
        if block_id not in blocks or not blocks[block_id].attended_by(students[student_id]):
            raise RequestInvalid(f"student {student_id} does not attend a block {block_id}")
        if kind in ("practice", "avoid") and practice_code not in {p.code for p in data.practices}:
            raise RequestInvalid(f"there is no practice {practice_code or '(none given)'}")
        if kind == "nearer" and not (max_minutes and max_minutes > 0):
            raise RequestInvalid("a request for a shorter journey needs the most minutes agreed, above 0")
        if kind == "away" and not (away_from and away_to and away_from <= away_to):
            raise RequestInvalid("a request to be away needs a first and a last date, the first not after the last")
        return request_rows.add(s, ChangeRequest(0, student_id, block_id, kind, reason.strip(), practice_code,
                                                 max_minutes, away_from, away_to, "open", _now(), user))


def list_requests(ws: Workspace, status: str | None = None) -> list[ChangeRequest]:
    with ws.session() as s:
        return request_rows.all_requests(s, status)


def accept_request(ws: Workspace, request_id: int, user: str, plan_name: str | None = None,
                   override: bool = False) -> Decision:
    """Accepts an open request. ``practice``: moves and locks the student in the plan (None = current), refusing
    a move that breaks a rule unless ``override`` (``edits.EditRefused``)."""
    with ws.session() as s:
        request = request_rows.get(s, request_id)
        plan = repository.load_plan(s, plan_name)
    if request.status != "open":
        raise RequestInvalid(f"request {request_id} is already {request.status}")
    moved = None
    if request.kind == "practice":
        if plan is None:
            raise NoPlan()
        moved = edits.move_student(ws, plan.name, request.student_id, request.block_id, request.practice_code,
                                   user=user, override=override, lock=True)
    with ws.session() as s:
        decided = request_rows.decide(s, request_id, "accepted", user, _now())
        _record_decision(s, decided, user)
        # the rules about this one student-block need only this student's journeys, not the travel table
        data, settings = repository.load_dataset(s, travel_students=[request.student_id]), repository.load_settings(s)
    key = (request.student_id, request.block_id)
    placed = next((p for p in plan.placements if (p.student_id, p.block_id) == key), None) if plan else None
    breaks = []
    if placed is not None and moved is None:
        student = next(x for x in data.students if x.student_id == placed.student_id)
        block = next(x for x in data.blocks if x.block_id == placed.block_id)
        practice = next(x for x in data.practices if x.code == placed.practice_code)
        breaks = [text for rule, text in placement_breaks(Facts(data, settings), student, block, practice)
                  if rule in ("request", "away")]
    return Decision(decided, moved, breaks)


def decline_request(ws: Workspace, request_id: int, user: str) -> ChangeRequest:
    with ws.session() as s:
        request = request_rows.get(s, request_id)
        if request.status != "open":
            raise RequestInvalid(f"request {request_id} is already {request.status}")
        decided = request_rows.decide(s, request_id, "declined", user, _now())
        _record_decision(s, decided, user)
        return decided


def _record_decision(s, request: ChangeRequest, user: str) -> None:
    """The audit trail names the request, the student by number, the block and the wish, and who decided."""
    wish = request.kind + (f" {request.practice_code}" if request.practice_code else "")
    action = {"accepted": "accept request", "declined": "decline request"}[request.status]
    audit.record(s, action, f"request {request.id}: {request.student_id} in "
                 f"{request.block_id} ({wish})", "open", request.status, user=user)


def replan(ws: Workspace, new_name: str) -> SolveOutcome:
    """A minimal-change plan from the current one, keeping every accepted request and lock, saved as ``new_name``."""
    return solve(ws, new_name, min_change=True)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
