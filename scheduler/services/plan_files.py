"""A plan edited outside the app (``placements.csv`` or .xlsx): check it against every hard rule, load it.

``check_plan_file`` reads the file and applies the rulebook (``scheduler.rules.hard``) to its placements:
each break names the file row, the student, the block, the practice and the rule; every student-block of
the data the file leaves out is listed as unplaced, with the reason the rules give. ``import_plan_file``
saves a clean file as a new plan, or, with ``accept_overrides``, records each break as an officer's override.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scheduler.domain import EditRecord, Placement, Plan, Unplaced
from scheduler.exchange.plan_file import read_plan_file
from scheduler.exchange.results import Problem
from scheduler.rules.hard import Break, Facts, plan_breaks
from scheduler.rules.units import minutes, tenths
from scheduler.services.plans import NoData
from scheduler.services.workspace import Workspace
from scheduler.store import change_versions, repository
from scheduler.store.change_versions import Snapshot
from scheduler.store.errors import PlanNameTaken

IMPORTED = "imported"


@dataclass(frozen=True, slots=True)
class FileBreak:
    """A hard rule a row of the file breaks."""

    row: int
    rule: Break

    def __str__(self) -> str:
        b = self.rule
        return f"row {self.row}: student {b.student_id} in {b.block_id} at {b.practice_code}: {b.text}"


@dataclass
class PlanFileCheck:
    path: Path
    errors: list[Problem] = field(default_factory=list)
    """The file could not be read (nothing was checked)."""
    breaks: list[FileBreak] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    """Student-blocks of the data that the file leaves out, with the reason the rules give."""
    read: Snapshot | None = None
    """The versions of what it was checked against: loading it is refused if any changed since."""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.breaks


def check_plan_file(ws: Workspace, path: str | Path) -> PlanFileCheck:
    """Reads the file and checks every placement in it against the data and every hard rule."""
    path = Path(path)
    read = read_plan_file(path)
    out = PlanFileCheck(path, errors=read.errors)
    if read.errors:
        return out
    with ws.session() as s:
        if not repository.has_data(s):
            raise NoData()
        out.read = change_versions.snapshot(s)
        data = repository.load_dataset(s)
        settings = repository.load_settings(s)
    facts = Facts(data, settings)
    out.breaks = [FileBreak(read.rows[b.index], b) for b in plan_breaks(facts, read.placements)]
    students = {st.student_id: st for st in data.students}
    practices = {p.code: p for p in data.practices}
    for pl in read.placements:  # the journey is the data's, whatever the file says
        journey = pl.travel_minutes
        if pl.student_id in students and pl.practice_code in practices:
            journey = minutes(int(tenths(facts.journey(students[pl.student_id], practices[pl.practice_code]))))
        out.placements.append(dataclasses.replace(pl, travel_minutes=journey))
    out.unplaced = _unplaced(data, settings, facts, out.placements)
    return out


def _unplaced(data, settings, facts: Facts, placements: list[Placement]) -> list[Unplaced]:
    from scheduler.solver import candidates, explain
    from scheduler.solver.problem import build_problem
    from scheduler.solver.result import learn_partners, unit_partners, unit_practices

    placed = {(p.student_id, p.block_id) for p in placements}
    missing = [(st.student_id, b.block_id) for st, b in data.student_blocks() if (st.student_id, b.block_id) not in placed]
    if not missing:
        return []
    cands = candidates.build(data, settings, facts.matrix)
    problem = build_problem(data, settings, cands)
    assign = np.full(cands.n_sb, -1, dtype=np.int64)
    for p in placements:
        k, j = cands.sb_index.get((p.student_id, p.block_id)), cands.practice_index.get(p.practice_code)
        if k is not None and j is not None:
            assign[k] = j
    out = []
    for sid, bid in missing:
        k = cands.sb_index[(sid, bid)]
        reason = explain.reason(cands, k, unit_partners(problem, k), unit_practices(problem, k), assign, None,
                                learn_partners(problem, k, assign))
        out.append(Unplaced(sid, bid, reason.replace("lost to competition for places", "left out by the file", 1)))
    return out


class PlanFileRefused(ValueError):
    """The file breaks hard rules (and overrides were not accepted), or cannot be read."""

    def __init__(self, check: PlanFileCheck) -> None:
        self.check = check
        lines = [str(p) for p in check.errors] or [str(b) for b in check.breaks]
        shown = "; ".join(lines[:3]) + (f"; and {len(lines) - 3} more" if len(lines) > 3 else "")
        super().__init__(f"{check.path.name} {'cannot be read' if check.errors else 'breaks hard rules'}: {shown}")


def import_plan_file(ws: Workspace, path: str | Path, name: str | None = None, user: str = "",
                     accept_overrides: bool = False) -> Plan:
    """Saves the file's placements as a new plan (not current); breaks refuse it unless ``accept_overrides``,
    which records each as an override (who, when, what) and locks the placement, as a hand edit would."""
    check = check_plan_file(ws, path)
    if check.errors or check.read is None or (check.breaks and not accept_overrides):  # read: None only with errors
        raise PlanFileRefused(check)
    name = name or f"Imported {check.path.stem}"
    broken = {b.rule.index for b in check.breaks}
    placements = tuple(dataclasses.replace(p, locked=True) if i in broken else p for i, p in enumerate(check.placements))
    now = dt.datetime.now().replace(microsecond=0)
    plan = Plan(name=name, placements=placements, unplaced=tuple(check.unplaced), status=IMPORTED, created=now)
    with ws.session() as s:
        change_versions.check(s, check.read)  # ReadDataChanged: checked against data that no longer holds
        if repository.load_plan(s, name) is not None:
            raise PlanNameTaken(name)
        repository.save_plan(s, plan)
        repository.record_edit(s, EditRecord(name, now, user, "import", f"loaded from {check.path.name}: "
                                             f"{len(placements)} placements, {len(check.unplaced)} unplaced"))
        for b in check.breaks:
            repository.record_edit(s, EditRecord(name, now, user, "import (override)", str(b)))
    return plan
