"""Plans as a user handles them: solve, list, open, copy, rename, delete, make current, compare, export.

``solve`` reads the data set and settings in one short session, runs the
solver outside any session (it may take a minute, on a background thread),
and saves the plan in another. Several named plans per data set are kept as
what-if scenarios; one is current.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.domain import DataSet, Plan, PlanSummary
from scheduler.exchange import write_placements_csv, write_unplaced_csv
from scheduler.progress import TaskState
from scheduler.services.workspace import Workspace
from scheduler.settings import Settings
from scheduler.store import repository
from scheduler.store.errors import PlanNotFound


class NoPlan(LookupError):
    """There is no current plan (nothing solved yet)."""

    def __init__(self) -> None:
        super().__init__("there is no current plan: make one first (gp-placements solve)")


class NoData(Exception):
    """There is no data set to plan for."""

    def __init__(self) -> None:
        super().__init__("the database holds no data set yet; import one first")


@dataclass
class SolveOutcome:
    plan: Plan
    moves: list = field(default_factory=list)
    """For min-change re-plans: ``scheduler.solver.Move`` (student, block, from, to, reason)."""
    stats: dict[str, float] = field(default_factory=dict)
    settings: Settings | None = None
    summary: "PlanFigures | None" = None


@dataclass(frozen=True)
class PlanFigures:
    """Headline figures of a plan, for the CLI summary and comparisons."""

    placed: int
    unplaced: int
    total_travel: float
    longest_travel: float
    travel_by_year: dict[int, tuple[float, float]]
    """Year -> (total minutes, longest minutes)."""
    practices_used: int


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    figures_a: PlanFigures
    figures_b: PlanFigures
    moves: list[tuple[str, str, str, str]]
    """(student, block, practice in a, practice in b); '' = unplaced."""


def figures(data: DataSet, plan: Plan) -> PlanFigures:
    year = {s.student_id: s.year for s in data.students}
    by_year: dict[int, tuple[float, float]] = {}
    for p in plan.placements:
        y = year.get(p.student_id, 0)
        total, longest = by_year.get(y, (0.0, 0.0))
        by_year[y] = (total + p.travel_minutes, max(longest, p.travel_minutes))
    return PlanFigures(
        placed=len(plan.placements), unplaced=len(plan.unplaced),
        total_travel=sum(p.travel_minutes for p in plan.placements),
        longest_travel=max((p.travel_minutes for p in plan.placements), default=0.0),
        travel_by_year=dict(sorted(by_year.items())),
        practices_used=len({p.practice_code for p in plan.placements}),
    )


def _load_inputs(ws: Workspace, settings: Settings | None) -> tuple[DataSet, Settings, Plan | None]:
    with ws.session() as s:
        if not repository.has_data(s):
            raise NoData()
        data = repository.load_dataset(s)
        stored = repository.load_settings(s)
        current = repository.load_plan(s, None)
    return data, settings or stored, current


def solve(ws: Workspace, name: str = "Plan 1", settings: Settings | None = None, task: TaskState | None = None,
          min_change: bool = False) -> SolveOutcome:
    """Solves the stored data set, saves the plan under ``name`` (replacing a plan of that name) and makes it current.

    Placements an officer locked in the plan called ``name`` are kept. ``min_change`` re-plans from
    that plan (or from the current plan when there is none of that name): locked placements are kept
    and as few students as possible move; the outcome lists who moved and why.
    """
    from scheduler import solver

    data, settings, current = _load_inputs(ws, settings)
    with ws.session() as s:
        same = repository.load_plan(s, name)
    previous = (same or current) if min_change else None
    # with min_change the solver takes the locked placements from `previous` itself
    locked = [p for p in same.placements if p.locked] if (same is not None and not min_change) else []
    result = solver.solve(data, settings, task=task, previous=previous, min_change=min_change, locked=locked,
                          name=name)
    plan = dataclasses.replace(result.plan, name=name, is_current=True,
                               created=dt.datetime.now().replace(microsecond=0))  # local time, as the store keeps it
    with ws.session() as s:
        repository.save_plan(s, plan)
    return SolveOutcome(plan=plan, moves=result.moves, stats=result.stats, settings=settings,
                        summary=figures(data, plan))


def wishes_given_up(ws: Workspace, name: str | None = None) -> dict[tuple[str, str], str]:
    """(student, block) -> which wish the plan's placement gave up and why ("first choice P84012 was full ...")."""
    import numpy as np

    from scheduler.solver import candidates
    from scheduler.solver.problem import build_problem
    from scheduler.solver.wishes import given_up

    data, settings, _ = _load_inputs(ws, None)
    plan = load_plan(ws, name)
    cands = candidates.build(data, settings)
    problem = build_problem(data, settings, cands)
    assign = np.full(cands.n_sb, -1, dtype=np.int64)
    for p in plan.placements:
        k, j = cands.sb_index.get((p.student_id, p.block_id)), cands.practice_index.get(p.practice_code)
        if k is not None and j is not None:
            assign[k] = j
    return given_up(problem, assign)


def list_plans(ws: Workspace) -> list[PlanSummary]:
    with ws.session() as s:
        return repository.list_plans(s)


def load_plan(ws: Workspace, name: str | None = None) -> Plan:
    """The named plan, or the current one; raises ``PlanNotFound``."""
    with ws.session() as s:
        plan = repository.load_plan(s, name)
    if plan is None:
        raise PlanNotFound(name) if name else NoPlan()
    return plan


def copy_plan(ws: Workspace, source: str, new_name: str) -> None:
    with ws.session() as s:
        repository.copy_plan(s, source, new_name)


def rename_plan(ws: Workspace, old: str, new: str) -> None:
    with ws.session() as s:
        repository.rename_plan(s, old, new)


def delete_plan(ws: Workspace, name: str) -> None:
    with ws.session() as s:
        repository.delete_plan(s, name)


def set_current_plan(ws: Workspace, name: str) -> None:
    with ws.session() as s:
        repository.set_current_plan(s, name)


def compare_plans(ws: Workspace, a: str, b: str) -> Comparison:
    """Placed, total and longest travel of two plans, and every student-block whose practice differs."""
    with ws.session() as s:
        data = repository.load_dataset(s)
        plan_a, plan_b = repository.load_plan(s, a), repository.load_plan(s, b)
    if plan_a is None:
        raise PlanNotFound(a)
    if plan_b is None:
        raise PlanNotFound(b)
    at_a = {(p.student_id, p.block_id): p.practice_code for p in plan_a.placements}
    at_b = {(p.student_id, p.block_id): p.practice_code for p in plan_b.placements}
    moves = sorted((sid, bid, at_a.get((sid, bid), ""), at_b.get((sid, bid), ""))
                   for sid, bid in set(at_a) | set(at_b) if at_a.get((sid, bid)) != at_b.get((sid, bid)))
    return Comparison(a, b, figures(data, plan_a), figures(data, plan_b), moves)


def export_plan(ws: Workspace, folder: str | Path, name: str | None = None) -> tuple[Path, Path]:
    """Writes ``placements.csv`` and ``unplaced.csv`` (data-format.md "Output") for the plan."""
    plan = load_plan(ws, name)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    placements, unplaced = folder / "placements.csv", folder / "unplaced.csv"
    write_placements_csv(plan.placements, placements)
    write_unplaced_csv(plan.unplaced, unplaced)
    return placements, unplaced
