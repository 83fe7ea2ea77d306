"""Officers' changes to a plan by hand: move, swap, lock, unplace, and the inverse used by undo.

Every change is checked against the hard rules of the data contract, as the
rulebook (``scheduler.rules.hard``) defines them for the solver too; a change that breaks one is refused with the reason,
unless the officer overrides it, which is recorded. Every change is saved with
the plan and written to its audit trail (who, when, what). A plan changed by
hand gets the status ``edited``: its objective and bound no longer describe it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from scheduler.domain import Block, DataSet, EditRecord, Placement, Plan, Practice, Student, Unplaced
from scheduler.rules import hard
from scheduler.rules.places import rooms
from scheduler.services import audit
from scheduler.settings import Settings
from scheduler.store import repository
from scheduler.store.errors import PlanNotFound

EDITED = "edited"
Key = tuple[str, str]
"""(student_id, block_id)"""


class EditRefused(ValueError):
    """A change that breaks a hard rule; ``reasons`` says which, in plain English."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass(frozen=True, slots=True)
class MoveOption:
    """One practice the student could be moved to in the block, or why not."""

    practice_code: str
    name: str
    travel_minutes: float
    free_places: int
    allowed: bool
    reason: str


@dataclass(frozen=True, slots=True)
class AllocationState:
    """Where one student is in one block of a plan: enough to put it back exactly (undo)."""

    student_id: str
    block_id: str
    practice_code: str | None
    travel_minutes: float = 0.0
    locked: bool = False
    reason: str = ""
    locked_by: str = ""
    locked_at: dt.datetime | None = None
    lock_reason: str = ""
    override: str = ""


def allocation_state(plan: Plan, student_id: str, block_id: str) -> AllocationState:
    for p in plan.placements:
        if p.student_id == student_id and p.block_id == block_id:
            return AllocationState(student_id, block_id, p.practice_code, p.travel_minutes, p.locked,
                                   locked_by=p.locked_by, locked_at=p.locked_at, lock_reason=p.lock_reason,
                                   override=p.override)
    for u in plan.unplaced:
        if u.student_id == student_id and u.block_id == block_id:
            return AllocationState(student_id, block_id, None, reason=u.reason)
    raise LookupError(f"student {student_id} has no place or entry in block {block_id} of plan {plan.name!r}")


class _Rules:
    """The rulebook's hard rules (``scheduler.rules.hard``) applied to one change of a plan."""

    def __init__(self, data: DataSet, settings: Settings, plan: Plan) -> None:
        self.data = data
        self.settings = settings
        self.facts = hard.Facts(data, settings)
        self.students = {s.student_id: s for s in data.students}
        self.practices = {p.code: p for p in data.practices}
        self.blocks = {b.block_id: b for b in data.blocks}
        self.placements: dict[Key, Placement] = {(p.student_id, p.block_id): p for p in plan.placements}
        self.used: Counter[tuple[str, str]] = Counter((p.practice_code, p.block_id) for p in plan.placements)
        self.partners: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pair in data.pairs:
            self.partners[pair.student_a].append((pair.student_b, pair.kind))
            self.partners[pair.student_b].append((pair.student_a, pair.kind))
        self.blocks_on = hard.blocks_on_dates(data.blocks)

    def student(self, student_id: str) -> Student:
        try:
            return self.students[student_id]
        except KeyError:
            raise LookupError(f"there is no student {student_id}") from None

    def block(self, block_id: str) -> Block:
        try:
            return self.blocks[block_id]
        except KeyError:
            raise LookupError(f"there is no block {block_id}") from None

    def practice(self, code: str) -> Practice:
        try:
            return self.practices[code]
        except KeyError:
            raise LookupError(f"there is no practice {code}") from None

    def minutes(self, student_id: str) -> dict[str, float]:
        """One-way minutes from this student's home to every practice (estimate, or the travel table)."""
        row = self.facts.journeys(self.student(student_id))
        return {p.code: float(row[j]) for j, p in enumerate(self.data.practices)}

    def practice_after(self, key: Key, moves: dict[Key, str | None]) -> str | None:
        if key in moves:
            return moves[key]
        placement = self.placements.get(key)
        return placement.practice_code if placement else None

    def used_after(self, code: str, block_id: str, moves: dict[Key, str | None]) -> int:
        used = self.used[(code, block_id)]
        for (sid, bid), target in moves.items():
            if bid != block_id:
                continue
            before = self.placements.get((sid, bid))
            if before is not None and before.practice_code == code:
                used -= 1
            if target == code:
                used += 1
        return used

    def free_places(self, code: str, block_id: str, moves: dict[Key, str | None] | None = None) -> int:
        return self.facts.places(self.practice(code), self.block(block_id)) - self.used_after(code, block_id,
                                                                                           moves or {})

    def broken_rules(self, student_id: str, block_id: str, code: str, moves: dict[Key, str | None]) -> list[str]:
        """Every hard rule that placing the student there breaks, given ``moves`` (which include this one)."""
        student, block, practice = self.student(student_id), self.block(block_id), self.practice(code)
        reasons = [text for _, text in hard.placement_breaks(self.facts, student, block, practice)]
        full = hard.within_capacity(self.used_after(code, block_id, moves), self.facts.places(practice, block), block)
        if full:
            reasons.append(full)
        for day in block.teaching_dates():
            on_site = sum(self.used_after(code, other.block_id, moves) for other in self.blocks_on[day])
            crowded = hard.within_rooms(on_site, rooms(practice), day)
            if crowded:
                reasons.append(crowded)
                break
        for partner, kind in self.partners.get(student_id, []):
            if partner not in self.students:
                continue
            if kind == "learn_together":
                reasons += self._learn_together_breaks(student, block, code, self.students[partner], moves)
                continue
            if not block.attended_by(self.students[partner]):
                continue
            broken = hard.PAIR_RULES[kind](partner, code, self.practice_after((partner, block_id), moves))
            if broken:
                reasons.append(broken)
        return reasons

    def _learn_together_breaks(self, student: Student, block: Block, code: str, partner: Student,
                               moves: dict[Key, str | None]) -> list[str]:
        out = []
        for mine, theirs in hard.shared_blocks(self.data.blocks, student, partner):
            if mine.block_id != block.block_id:
                continue
            there = self.practice_after((partner.student_id, theirs.block_id), moves)
            broken = hard.learn_together_kept(partner.student_id, code, there)
            if broken and broken not in out:
                out.append(broken)
        return out


def move_breaks(data: DataSet, settings: Settings, plan: Plan, student_id: str, block_id: str, code: str) -> list[str]:
    """Every hard rule that moving the student to the practice in the block would break (what a move refuses)."""
    return _Rules(data, settings, plan).broken_rules(student_id, block_id, code, {(student_id, block_id): code})


def _open(s, plan_name: str, students: Iterable[str]) -> tuple[Plan, _Rules]:
    """The plan and its rules; only the named students' rows of the (large) travel table are read."""
    plan = repository.load_plan(s, plan_name)
    if plan is None:
        raise PlanNotFound(plan_name)
    data = repository.load_dataset(s, travel_students=set(students))
    return plan, _Rules(data, repository.load_settings(s), plan)


def _apply(plan: Plan, rules: _Rules, changes: Iterable[AllocationState]) -> Plan:
    """The plan with these student-blocks set as given; everything else unchanged and in order."""
    by_key = {(c.student_id, c.block_id): c for c in changes}
    placements = [p for p in plan.placements if (p.student_id, p.block_id) not in by_key]
    unplaced = [u for u in plan.unplaced if (u.student_id, u.block_id) not in by_key]
    for change in by_key.values():
        if change.practice_code is None:
            unplaced.append(Unplaced(change.student_id, change.block_id, change.reason or "taken out by hand"))
        else:
            placements.append(Placement(change.student_id, change.block_id, change.practice_code,
                                        round(change.travel_minutes, 1), change.locked, change.locked_by,
                                        change.locked_at, change.lock_reason, change.override))
    return dataclasses.replace(plan, placements=tuple(placements), unplaced=tuple(unplaced), status=EDITED,
                               objective=None, bound=None, terms={})


def _save(s, plan: Plan, user: str, action: str, detail: str, expected_version: int | None = None) -> Plan:
    old = repository.load_plan(s, plan.name)
    version = repository.save_plan(s, plan, expected_version, user=user)  # PlanChanged if someone saved it since
    repository.record_edit(s, EditRecord(plan.name, dt.datetime.now().replace(microsecond=0), user, action, detail))
    audit.record(s, action, f"{plan.name}: {detail}", *audit.placement_changes(old, plan), user=user)
    return dataclasses.replace(plan, version=version)


def allowed_moves(ws, plan_name: str, student_id: str, block_id: str) -> list[MoveOption]:
    """Every practice, nearest first, each flagged with whether the hard rules allow moving the student there."""
    with ws.session() as s:
        plan, rules = _open(s, plan_name, [student_id])
        current = rules.practice_after((student_id, block_id), {})
        minutes = rules.minutes(student_id)
        options = []
        for practice in rules.data.practices:
            if practice.code == current:
                continue
            moves: dict[Key, str | None] = {(student_id, block_id): practice.code}
            reasons = rules.broken_rules(student_id, block_id, practice.code, moves)
            options.append(MoveOption(practice.code, practice.name, round(minutes[practice.code], 1),
                                      max(0, rules.free_places(practice.code, block_id)), not reasons, "; ".join(reasons)))
    options.sort(key=lambda o: (not o.allowed, o.travel_minutes))
    return options


def _lock_details(user: str, reason: str, broken: list[str]) -> dict:
    """Who pinned a placement, when and why, and the rules an override broke (kept with the placement)."""
    return dict(locked_by=user, locked_at=dt.datetime.now().replace(microsecond=0), lock_reason=reason.strip(),
                override="; ".join(broken))


def move_student(ws, plan_name: str, student_id: str, block_id: str, practice_code: str, user: str,
                 override: bool = False, lock: bool = True, reason: str = "",
                 expected_version: int | None = None) -> Plan:
    """Moves (or places) the student in the block; refuses a rule-breaking move unless ``override``.

    ``reason`` is the officer's own why, kept with the lock (the window asks for one with every override)."""
    with ws.session() as s:
        plan, rules = _open(s, plan_name, [student_id])
        if not rules.block(block_id).attended_by(rules.student(student_id)):
            raise EditRefused([f"student {student_id} does not attend block {block_id}"])
        before = rules.practice_after((student_id, block_id), {})
        moves: dict[Key, str | None] = {(student_id, block_id): practice_code}
        reasons = rules.broken_rules(student_id, block_id, practice_code, moves)
        if reasons and not override:
            raise EditRefused(reasons)
        change = AllocationState(student_id, block_id, practice_code, rules.minutes(student_id)[practice_code], lock,
                                 **(_lock_details(user, reason, reasons) if lock else {"override": "; ".join(reasons)}))
        new_plan = _apply(plan, rules, [change])
        detail = f"{student_id} in {block_id}: {before or 'unplaced'} -> {practice_code}"
        if reasons:
            detail += f" (override: {'; '.join(reasons)})"
        if reason.strip():
            detail += f"; reason: {reason.strip()}"
        return _save(s, new_plan, user, "move (override)" if reasons else "move", detail, expected_version)


@dataclass(frozen=True)
class SwapPreview:
    """What a swap would do, for the officer to confirm: each student's journey before and after."""

    block_id: str
    journeys: tuple[tuple[str, str, float, str, float], ...]
    """(student id, practice now, minutes now, practice after, minutes after) for both students."""
    breaks: tuple[str, ...] = ()
    """The hard rules the swap would break (an override with a reason is then needed)."""


def swap_preview(ws, plan_name: str, block_id: str, student_a: str, student_b: str) -> SwapPreview:
    """Both students' journeys before and after swapping their practices in the block; changes nothing."""
    with ws.session() as s:
        plan, rules = _open(s, plan_name, [student_a, student_b])
    at_a = rules.practice_after((student_a, block_id), {})
    at_b = rules.practice_after((student_b, block_id), {})
    if at_a is None or at_b is None:
        raise EditRefused(["both students need a place in the block to swap them; use Move for an unplaced student"])
    now = {(p.student_id, p.block_id): p.travel_minutes for p in plan.placements}
    moves: dict[Key, str | None] = {(student_a, block_id): at_b, (student_b, block_id): at_a}
    journeys = tuple((sid, here, now[(sid, block_id)], there, round(rules.minutes(sid)[there], 1))
                     for sid, here, there in ((student_a, at_a, at_b), (student_b, at_b, at_a)))
    breaks = [f"{sid}: {r}" for sid, there in ((student_a, at_b), (student_b, at_a))
              for r in rules.broken_rules(sid, block_id, there, moves)]
    return SwapPreview(block_id, journeys, tuple(breaks))


def swap_students(ws, plan_name: str, block_id: str, student_a: str, student_b: str, user: str,
                  override: bool = False, reason: str = "", expected_version: int | None = None) -> Plan:
    """Exchanges the practices of two students in the same block (both stay locked where they land)."""
    with ws.session() as s:
        plan, rules = _open(s, plan_name, [student_a, student_b])
        at_a = rules.practice_after((student_a, block_id), {})
        at_b = rules.practice_after((student_b, block_id), {})
        if at_a is None or at_b is None:
            raise EditRefused(["both students need a place in the block to swap them; use Move for an unplaced student"])
        if at_a == at_b:
            raise EditRefused([f"both students are already at {at_a}"])
        moves: dict[Key, str | None] = {(student_a, block_id): at_b, (student_b, block_id): at_a}
        reasons = [f"{student_a}: {r}" for r in rules.broken_rules(student_a, block_id, at_b, moves)]
        reasons += [f"{student_b}: {r}" for r in rules.broken_rules(student_b, block_id, at_a, moves)]
        if reasons and not override:
            raise EditRefused(reasons)
        broken_a = rules.broken_rules(student_a, block_id, at_b, moves)
        broken_b = rules.broken_rules(student_b, block_id, at_a, moves)
        changes = [
            AllocationState(student_a, block_id, at_b, rules.minutes(student_a)[at_b], True,
                            **_lock_details(user, reason, broken_a)),
            AllocationState(student_b, block_id, at_a, rules.minutes(student_b)[at_a], True,
                            **_lock_details(user, reason, broken_b)),
        ]
        detail = f"{student_a} ({at_a}) <-> {student_b} ({at_b}) in {block_id}"
        if reasons:
            detail += f" (override: {'; '.join(reasons)})"
        if reason.strip():
            detail += f"; reason: {reason.strip()}"
        return _save(s, _apply(plan, rules, changes), user, "swap (override)" if reasons else "swap", detail,
                     expected_version)


def set_locked(ws, plan_name: str, student_id: str, block_id: str, locked: bool, user: str, reason: str = "",
               expected_version: int | None = None) -> Plan:
    """Pins (or unpins) a placement so that re-planning, and every new plan, keeps it; ``reason`` is kept with it."""
    with ws.session() as s:
        plan, rules = _open(s, plan_name, [student_id])
        state = allocation_state(plan, student_id, block_id)
        if state.practice_code is None:
            raise EditRefused([f"student {student_id} has no place in block {block_id} to lock"])
        if state.locked == locked:
            return plan
        details = _lock_details(user, reason, []) if locked else dict(locked_by="", locked_at=None, lock_reason="")
        details.pop("override", None)  # an override stays on record while the student stays there
        new_plan = _apply(plan, rules, [dataclasses.replace(state, locked=locked, **details)])
        new_plan = dataclasses.replace(new_plan, status=plan.status, objective=plan.objective, bound=plan.bound,
                                       terms=plan.terms)  # pinning changes no placement
        return _save(s, new_plan, user, "lock" if locked else "unlock", f"{student_id} in {block_id} at {state.practice_code}",
                     expected_version)


def unplace_student(ws, plan_name: str, student_id: str, block_id: str, user: str,
                    reason: str = "taken out by hand", expected_version: int | None = None) -> Plan:
    with ws.session() as s:
        plan, rules = _open(s, plan_name, [student_id])
        state = allocation_state(plan, student_id, block_id)
        new_plan = _apply(plan, rules, [AllocationState(student_id, block_id, None, reason=reason)])
        return _save(s, new_plan, user, "unplace", f"{student_id} in {block_id}: {state.practice_code or 'unplaced'} -> unplaced",
                     expected_version)


def restore_allocations(ws, plan_name: str, states: list[AllocationState], user: str, action: str = "undo",
                        expected_version: int | None = None) -> Plan:
    """Puts student-blocks back exactly as they were (the inverse of any change above; used by undo)."""
    with ws.session() as s:
        plan, rules = _open(s, plan_name, [st.student_id for st in states])
        new_plan = _apply(plan, rules, states)
        detail = "; ".join(f"{st.student_id} in {st.block_id} -> {st.practice_code or 'unplaced'}" for st in states)
        return _save(s, new_plan, user, action, detail, expected_version)


def list_edits(ws, plan_name: str) -> list[EditRecord]:
    """The plan's audit trail, oldest first."""
    with ws.session() as s:
        return repository.list_edits(s, plan_name)


def dataset_without_travel_table(ws) -> DataSet:
    """The data set without the ``travel`` table's rows, for showing and editing a plan.

    The travel table can hold a row for every student and practice (about a
    million on a full set; seconds to read), while the window needs journeys
    only from the plan and from ``allowed_moves``, which read their own rows.
    """
    with ws.session() as s:
        return repository.load_dataset(s, travel_students=())
