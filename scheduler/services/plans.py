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

from scheduler.domain import DataSet, Placement, Plan, PlanSummary
from scheduler.exchange.writers import write_plan_csv
from scheduler.progress import TaskState
from scheduler.services import audit
from scheduler.services.unsaved import save_or_keep
from scheduler.services.workspace import Workspace
from scheduler.settings import Settings
from scheduler.store import change_versions, repository
from scheduler.store.change_versions import Snapshot
from scheduler.store.errors import PlanNotFound


class NoPlan(LookupError):
    """There is no current plan (nothing solved yet)."""

    def __init__(self) -> None:
        super().__init__("there is no current plan: make one first (gp-placements solve)")


class PlanExists(Exception):
    """A run was asked to save under the name of an existing plan without the choice to replace it."""

    def __init__(self, name: str, suggestion: str) -> None:
        super().__init__(f"a plan called {name!r} already exists (a free name is {suggestion!r})")
        self.name = name
        self.suggestion = suggestion


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
    summary: PlanFigures | None = None
    kept_current: PlanSummary | None = None
    """The plan that stayed current because this run was stopped early, is worse or cannot be compared with it
    (None: this run is current)."""
    kept_current_figures: PlanFigures | None = None
    """``kept_current``'s figures, to set beside ``summary`` when the officer is asked which plan to use."""
    kept_because: str = ""
    """Why ``kept_current`` stayed current, completing "<new plan> …": "was stopped early", "costs more" …"""


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
          min_change: bool = False, replace: bool = False, locks_from: str | None = None,
          read: Snapshot | None = None, make_current: bool | None = None) -> SolveOutcome:
    """Solves the stored data set, saves the plan under ``name`` and, unless it was stopped early or is worse
    than the current plan, makes it current (``make_current`` True or False decides instead); a plan kept
    current is named in the outcome with its figures, so the officer can be asked.

    A plan of that name is replaced only when ``replace`` is true (else ``PlanExists``). A run that was
    stopped before it finished never replaces a better plan: it is saved under a name of its own and the
    outcome's plan says which. Placements locked in the plan ``locks_from`` (default: the plan being
    replaced, else the current plan) are kept, with who locked them, when and why, and any override.
    ``min_change`` re-plans from that plan: as few students as possible move; the outcome lists who moved.

    The plan is saved only if nothing it was made from changed meanwhile (else ``PlanNotSaved``, the plan kept
    in a folder): ``read`` holds the versions from before the caller read ``settings``, if it did.
    """
    from scheduler import solver

    with ws.session() as s:  # read before the data: a change in between makes the save refuse, never wrongly pass
        data_version = repository.data_version(s)
        read = read or change_versions.snapshot(s)
    data, settings, current = _load_inputs(ws, settings)
    with ws.session() as s:
        same = repository.load_plan(s, name)
        taken = {p.name for p in repository.list_plans(s)}
        source = repository.load_plan(s, locks_from) if locks_from is not None else None
    if same is not None and not replace:
        raise PlanExists(name, unused_plan_name(taken))
    if locks_from is not None and source is None:
        raise PlanNotFound(locks_from)
    source = source or same or current
    if source is not None and source is not same:  # a replaced plan is guarded by its own version (PlanChanged)
        read = dataclasses.replace(read, plan=(source.name, source.version))
    previous = source if min_change else None
    # with min_change the solver takes the locked placements from `previous` itself
    locked = [p for p in source.placements if p.locked] if (source is not None and not min_change) else []
    result = solver.solve(data, settings, task=task, previous=previous, min_change=min_change, locked=locked,
                          name=name)
    if same is not None and result.plan.status == "stopped" and _better(same, result.plan):
        name = unused_plan_name(taken, f"{name} (stopped)")
    kept_because = _why_current_stays(current, result.plan, name, make_current, min_change)
    plan = dataclasses.replace(result.plan, name=name, is_current=not kept_because, data_version=data_version,
                               placements=_with_lock_details(result.plan.placements, source),
                               created=dt.datetime.now().replace(microsecond=0))  # local time, as the store keeps it
    replacing = same if same is not None and same.name == name else None

    def save(s) -> int:
        # refused with PlanChanged if someone saved the plan during the solve (see conflicts.save_as_new_plan),
        # with DataChanged if an import replaced the data meanwhile, with ReadDataChanged if anything else it
        # read changed (offers, preferences, requests, settings, the plan its locks came from, the file)
        change_versions.check(s, read)
        version = repository.save_plan(s, plan, expected_version=replacing.version if replacing else 0)
        audit.record(s, "solve", name, f"version {replacing.version}" if replacing else "",
                     _solve_note(plan, version))
        return version

    plan = dataclasses.replace(plan, version=save_or_keep(ws, plan, save))
    kept, kept_figures = None, None
    if kept_because and current is not None:  # there is a reason to keep it only when there is a current plan
        kept = next((p for p in list_plans(ws) if p.name == current.name and p.is_current), None)
        kept_figures = figures(data, current) if kept is not None else None
    return SolveOutcome(plan=plan, moves=result.moves, stats=result.stats, settings=settings,
                        summary=figures(data, plan), kept_current=kept, kept_current_figures=kept_figures,
                        kept_because=kept_because if kept is not None else "")


def _why_current_stays(current: Plan | None, new: Plan, new_name: str, make_current: bool | None,
                       min_change: bool) -> str:
    """Why the current plan stays current, in words ("" when the new plan becomes current).

    The new plan becomes current by itself only when it is plainly better or as good: finished (not stopped),
    placing more student-blocks, or as many at no higher cost under the same weights. A run stopped early, one
    that is worse, and one whose cost cannot be set against the current plan's (a minimal-change re-plan counts
    its moves; other weights price other things) is saved beside it, and the officer is asked.
    """
    if current is None or current.name == new_name or make_current is True:
        return ""  # nothing else is current, or the new plan replaces the current one
    if make_current is False:
        return "was not to be made current"
    if new.status == "stopped":
        return "was stopped early"
    if len(current.placements) != len(new.placements):
        return "places fewer student-blocks" if len(current.placements) > len(new.placements) else ""
    if min_change:
        return "kept changes small (its cost counts the moves), so it cannot be compared"
    if dict(current.weights) != dict(new.weights):
        return "was made with other weights, so its cost cannot be compared"
    return "costs more" if _better(current, new) else ""


def _solve_note(plan: Plan, version: int) -> str:
    return (f"version {version}: {len(plan.placements)} placed, {len(plan.unplaced)} unplaced, {plan.status}"
            + ("" if plan.objective is None else f", objective {plan.objective:,.1f}"))


def unused_plan_name(taken: set[str], wanted: str | None = None) -> str:
    """``wanted`` if no plan has that name, else the first free "Plan N" (or "wanted 2", "wanted 3" …)."""
    if wanted is not None and wanted not in taken:
        return wanted
    number = 2 if wanted is not None else 1
    stem = wanted if wanted is not None else "Plan"
    while f"{stem} {number}" in taken:
        number += 1
    return f"{stem} {number}"


def _better(old: Plan, new: Plan) -> bool:
    """True when ``old`` places more, or as many at a lower objective: a stopped ``new`` must not replace it."""
    if len(old.placements) != len(new.placements):
        return len(old.placements) > len(new.placements)
    return old.objective is not None and new.objective is not None and old.objective < new.objective


def _with_lock_details(placements: tuple[Placement, ...], source: Plan | None) -> tuple[Placement, ...]:
    """Locked placements kept from ``source`` keep their lock's who, when and why, and their override."""
    if source is None:
        return placements
    kept = {(p.student_id, p.block_id, p.practice_code): p for p in source.placements if p.locked}
    out = []
    for p in placements:
        old = kept.get((p.student_id, p.block_id, p.practice_code))
        if old is not None:
            p = dataclasses.replace(p, locked=True, locked_by=old.locked_by, locked_at=old.locked_at,
                                    lock_reason=old.lock_reason, override=old.override)
        out.append(p)
    return tuple(out)


def plan_names(ws: Workspace) -> set[str]:
    with ws.session() as s:
        return {p.name for p in repository.list_plans(s)}


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


EXPORT_FILES = ("placements.csv", "unplaced.csv", "placements.xlsx")
EXPORT_FOLDER_NAME = "GP placements export"


def export_folder(chosen: str | Path) -> Path:
    """Where exporting into the folder an officer picked writes: that folder when it is empty or an earlier
    export, else a folder ``GP placements export`` inside it (``atomic.folder_to_write``)."""
    from scheduler.exchange.atomic import folder_to_write

    return folder_to_write(chosen, EXPORT_FOLDER_NAME, EXPORT_FILES)


def export_plan(ws: Workspace, folder: str | Path, name: str | None = None) -> tuple[Path, Path]:
    """Writes ``placements.csv`` and ``unplaced.csv`` (data-format.md "Output") for the plan, and beside them
    ``placements.xlsx`` with the students' and practices' names (for people, not for re-import).

    All or nothing: the three are written into a fresh folder beside ``folder`` and swapped in whole, so
    ``folder`` holds the earlier export or the new one, never a mix (``atomic.replaced_folder``). A folder
    holding other files, or an export changed since (an edited placements.csv), is refused
    (``FolderRefused``); a failure to write raises ``FolderNotWritten``."""
    from scheduler.exchange.atomic import folder_written_whole
    from scheduler.services.spreadsheets import write_plan_workbook

    plan = load_plan(ws, name)
    with ws.session() as s:
        data = repository.load_dataset(s, travel_students=())
    target = Path(folder)
    about = {"app": "GP Placements", "plan": plan.name, "plan_solved": plan.created,
             "made": dt.datetime.now().replace(microsecond=0)}
    with folder_written_whole(target, "the export", about, own=EXPORT_FILES) as staging:
        write_plan_csv(plan.placements, plan.unplaced, staging.path)
        write_plan_workbook(data, plan, staging.path / "placements.xlsx")
    return target / "placements.csv", target / "unplaced.csv"
