"""Where to recruit: which extra places (or consulting rooms) would place a stranded student, or cut journeys.

The count's linear relaxation (``scheduler.solver.count``) prices every place
and every rooms-per-day limit: a positive dual value says one more there could
raise the most student-blocks any plan can place. Each such practice-block is
confirmed by solving the count again with that place (or room) added, and only
a confirmed gain is reported. Where no extra place would place anyone, the
advice is the full practice-blocks where one more place lets a student move to
a shorter journey (``minutes_gain``: the largest such saving in the plan).
Inactive practices and practice sites of ``resources/data`` near the stranded
students are named as recruits, with how many of them they would suit.

The window's run (``advise(..., keep=True)``) keeps its result with the plan
(``scheduler.store.advice_rows``) with its date, and ``kept_advice`` reads it
back saying whether what it was worked out from has changed since.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from scheduler.domain import Block, DataSet, Plan, Practice, Student
from scheduler.progress import TaskState
from scheduler.resources import resource_path
from scheduler.rules.hard import RULE, Facts
from scheduler.rules.places import room_limits, with_one_more
from scheduler.rules.units import minutes, tenths
from scheduler.services import read_guard
from scheduler.services.plans import NoData, NoPlan
from scheduler.services.workspace import Workspace
from scheduler.settings import Settings
from scheduler.store import advice_rows, change_versions, repository
from scheduler.store.change_versions import ReadDataChanged
from scheduler.store.errors import PlanNotFound
from scheduler.travel import travel_matrix

CONFIRM_TIME = 30.0
"""Seconds the count MIP may take to confirm one candidate."""


@dataclass(frozen=True, slots=True)
class Advice:
    practice_code: str
    block_id: str
    kind: str
    """``place`` (one more place in the block) or ``per_day`` (room for one more student a day)."""
    placed_gain: int
    minutes_gain: float

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Recruit:
    """An inactive practice or a practice site not in the data, near students left without a place."""

    name: str
    code: str
    """Practice code for an inactive practice; '' for a site not in the data."""
    postcode: str
    suits: int
    """Stranded student-blocks within their travel limit of it."""
    nearest_minutes: float


@dataclass
class AdviceReport:
    placed: int
    most_placeable: int
    advice: list[Advice] = field(default_factory=list)
    recruits: list[Recruit] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    """What the advice was worked out from that changed while it ran (empty: the advice is current)."""

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> AdviceReport:
        return cls(d["placed"], d["most_placeable"], [Advice(**a) for a in d.get("advice", [])],
                   [Recruit(**r) for r in d.get("recruits", [])], list(d.get("changed", [])))


@dataclass(frozen=True)
class KeptAdvice:
    """A plan's last advice as kept: when it was worked out, and what has changed since (empty: still current)."""

    report: AdviceReport
    made_at: dt.datetime
    changed_since: list[str]


def _most_placeable(data: DataSet, settings: Settings, confirm: bool,
                    task: TaskState | None = None) -> tuple[int, object, object]:
    """(the most student-blocks any plan places, the count LP, the problem); the MIP confirms when asked."""
    from scheduler.solver import candidates
    from scheduler.solver.count import count
    from scheduler.solver.mip import solve_mip
    from scheduler.solver.problem import build_problem

    problem = build_problem(data, settings, candidates.build(data, settings))
    lp = count(problem)
    if not confirm or lp.proven:
        return lp.bound, lp, problem
    mip = solve_mip(problem, np.arange(len(problem.arc_unit)), soft=False, time_limit=CONFIRM_TIME,
                    halt=None if task is None else (lambda: task.cancelled))
    if task is not None:
        task.raise_if_cancelled()  # a halted count proves nothing
    return (int(round(mip.value)) if mip.optimal and mip.value is not None else lp.bound), lp, problem


def _candidates(problem, lp) -> list[tuple[float, int, int, str]]:
    """(dual value, practice, block, kind) of every place or rooms limit that bounds the count."""
    out = []
    rooms = room_limits(problem.candidates.data.practices)
    for j, b in zip(*np.nonzero(lp.place_dual > 1e-6)):
        capped_by_rooms = rooms[j] >= 0 and problem.cap[j, b] == rooms[j] < problem.candidates.capacity[j, b]
        out.append((float(lp.place_dual[j, b]), int(j), int(b), "per_day" if capped_by_rooms else "place"))
    for g in np.nonzero(lp.group_dual > 1e-6)[0]:
        j, blocks, _ = problem.groups[g]
        out += [(float(lp.group_dual[g]), int(j), int(b), "per_day") for b in blocks]
    return sorted(set(out), key=lambda c: (-c[0], c[1], c[2], c[3]))


def _minutes_advice(data: DataSet, facts: Facts, plan: Plan, top: int) -> list[Advice]:
    """Full practice-blocks where one more place lets a placed student move to a shorter journey."""
    from scheduler.rules.hard import placement_breaks

    used: dict[tuple[str, str], int] = {}
    for p in plan.placements:
        used[(p.practice_code, p.block_id)] = used.get((p.practice_code, p.block_id), 0) + 1
    blocks = {b.block_id: b for b in data.blocks}
    students = {s.student_id: s for s in data.students}
    saving: dict[tuple[str, str], float] = {}
    in_block: dict[str, list] = {}
    for p in plan.placements:
        if not p.locked and p.student_id in students:
            in_block.setdefault(p.block_id, []).append(p)
    for practice in data.practices:
        for block in data.blocks:
            places = facts.places(practice, block)
            if places <= 0 or used.get((practice.code, block.block_id), 0) < places:
                continue
            best = 0.0
            for p in in_block.get(block.block_id, []):
                student = students[p.student_id]
                gain = p.travel_minutes - minutes(int(tenths(facts.journey(student, practice))))
                if gain > best and p.practice_code != practice.code and all(
                        rule == "capacity" for rule, _ in placement_breaks(facts, student, blocks[p.block_id], practice)):
                    best = gain
            if best > 0:
                saving[(practice.code, block.block_id)] = round(best, 1)
    ranked = sorted(saving.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [Advice(code, bid, "place", 0, minutes) for (code, bid), minutes in ranked]


def _sites() -> list[dict[str, str]]:
    with open(resource_path("data", "greater-manchester-gp-sites.csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _recruits(data: DataSet, settings: Settings, stranded: list[tuple[Student, Block]], top: int) -> list[Recruit]:
    """Inactive practices and unused sites, ranked by how many stranded student-blocks they would suit (within
    the student's travel limit, and reachable the way they travel)."""
    if not stranded:
        return []
    years = frozenset(block.year for _, block in stranded)
    known = {(round(p.latitude or 0, 3), round(p.longitude or 0, 3)) for p in data.practices}
    options: list[tuple[Practice, str]] = [
        (dataclasses.replace(p, active=True, years=years), p.code) for p in data.practices if not p.active]
    for i, site in enumerate(_sites()):
        lat, lon = float(site["latitude"]), float(site["longitude"])
        if (round(lat, 3), round(lon, 3)) not in known:
            options.append((Practice(f"SITE{i}", site["name"], years, 1, postcode=site["postcode"], latitude=lat,
                                     longitude=lon, accessible=False), ""))
    students = tuple({s.student_id: s for s, _ in stranded}.values())
    ids, codes = {s.student_id for s in students}, {p.code for p, _ in options}
    sub = DataSet(practices=tuple(p for p, _ in options), students=students, postcodes=data.postcodes,
                  travel=tuple(t for t in data.travel if t.student_id in ids and t.practice_code in codes))
    facts = Facts(sub, settings, travel_matrix(sub, settings))
    suits = (RULE["travel_limit"].holds, RULE["public_transport"].holds)
    out = []
    for practice, code in options:
        reach = [facts.journey(s, practice) for s, block in stranded
                 if all(holds(facts, s, block, practice) is None for holds in suits)]
        if reach:
            out.append(Recruit(practice.name, code, practice.postcode, len(reach), round(float(min(reach)), 1)))
    out.sort(key=lambda r: (-r.suits, r.nearest_minutes, r.name))
    return out[:top]


def advise(ws: Workspace, plan_name: str | None = None, top: int = 5, task: TaskState | None = None,
           keep: bool = False) -> AdviceReport:
    """The practice-blocks where one more place (or room) helps most, confirmed, and practices to recruit.

    The report's ``changed`` lists what changed while it was worked out (the data, offers, settings, the
    plan …): such advice is about data that no longer holds, and is to be run again. ``task`` hears the
    progress, one step per candidate tried, and its Stop ends the run (``Cancelled``). With ``keep``, advice
    still current when done is kept with the plan, with its date (``kept_advice``)."""
    task = task or TaskState(keep_history=False)
    read = read_guard.taken(ws, plan_name)
    with ws.session() as s:
        if not repository.has_data(s):
            raise NoData()
        data = repository.load_dataset(s)
        settings = repository.load_settings(s)
        plan = repository.load_plan(s, plan_name)
    if plan is None:
        raise PlanNotFound(plan_name) if plan_name else NoPlan()
    task.report("Counting the most student-blocks any plan can place", 0, 1)
    best, lp, problem = _most_placeable(data, settings, confirm=True, task=task)
    report = AdviceReport(placed=len(plan.placements), most_placeable=best)
    codes = [p.code for p in data.practices]
    candidates = _candidates(problem, lp)
    steps = len(candidates) + 2
    for i, (_, j, b, kind) in enumerate(candidates, start=1):
        if len(report.advice) >= top:
            break
        bid = data.blocks[b].block_id
        task.report(f"Trying one more {'place' if kind == 'place' else 'room'} at {codes[j]} in {bid}", i, steps)
        more, _, _ = _most_placeable(with_one_more(data, codes[j], bid, kind), settings, confirm=True, task=task)
        if more > best:
            report.advice.append(Advice(codes[j], bid, kind, more - best, 0.0))
    if not report.advice:
        report.advice = _minutes_advice(data, Facts(data, settings), plan, top)
    task.raise_if_cancelled()
    task.report("Looking for practices to recruit near the students without a place", steps - 1, steps)
    students = {st.student_id: st for st in data.students}
    blocks = {b.block_id: b for b in data.blocks}
    stranded = [(students[u.student_id], blocks[u.block_id]) for u in plan.unplaced
                if u.student_id in students and u.block_id in blocks]
    report.recruits = _recruits(data, settings, stranded, top)
    task.raise_if_cancelled()
    report.changed = read_guard.changes(ws, read)
    if keep and not report.changed:
        report.changed = _keep(ws, plan.name, report, read)
    task.report("Done", steps, steps)
    return report


def _keep(ws: Workspace, plan_name: str, report: AdviceReport, read) -> list[str]:
    """Keeps the advice with the plan unless what it read changed at the last moment (then returns what did)."""
    try:
        with ws.session() as s:
            change_versions.check(s, read)
            advice_rows.keep(s, plan_name, report.as_dict(), read, dt.datetime.now().replace(microsecond=0))
    except ReadDataChanged as changed:
        return changed.changes
    return []


def kept_advice(ws: Workspace, plan_name: str) -> KeptAdvice | None:
    """The plan's last kept advice with its date and what has changed since it was worked out; None if none."""
    with ws.session() as s:
        record = advice_rows.kept(s, plan_name)
        if record is None:
            return None
        changed = change_versions.changes_since(s, record.read, lock=False)
    return KeptAdvice(AdviceReport.from_dict(record.report), record.made_at, changed)
