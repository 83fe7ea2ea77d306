"""What the window shows: one snapshot of the data set, settings, plans and the shown plan.

``AppState`` reloads the snapshot through a background job and tells the pages
with ``changed``; pages never query the database themselves.
"""

from __future__ import annotations

import gc
import getpass
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, Signal

from desktop.jobs import JobRunner
from scheduler.domain import DataSet, Plan, PlanSummary
from scheduler.settings import Settings


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int] = field(default_factory=dict)
    dataset: DataSet = field(default_factory=DataSet)
    settings: Settings = field(default_factory=Settings)
    plans: tuple[PlanSummary, ...] = ()
    plan: Plan | None = None
    """The plan the pages show: the one picked on the Plan page, else the current plan."""
    student_locations: dict[str, tuple[float, float]] = field(default_factory=dict)
    practice_locations: dict[str, tuple[float, float]] = field(default_factory=dict)
    unknown_homes: int = 0
    clearances: dict = field(default_factory=dict)
    """student id -> ``scheduler.compliance.ClearanceStanding`` (empty when the data has no clearances)"""
    quality: dict = field(default_factory=dict)
    """practice code -> ``scheduler.evaluations.quality.PracticeYear`` of its latest year with evaluations"""
    user: str = ""
    """Who this database records changes as (the team login on a server)."""

    @property
    def is_empty(self) -> bool:
        return not self.dataset.students and not self.dataset.practices

    @property
    def current_plan_name(self) -> str | None:
        return next((p.name for p in self.plans if p.is_current), None)


def load_snapshot(ws, plan_name: str | None = None) -> Snapshot:
    """Runs in a job: everything the pages need, read in one go."""
    import datetime as dt

    from scheduler.compliance import clearance_standings
    from scheduler.services import data, edits, evaluations, plans
    from scheduler.travel import resolve_locations

    dataset = edits.dataset_without_travel_table(ws)  # journeys come with the plan
    settings = data.load_settings(ws)
    summaries = tuple(plans.list_plans(ws))
    names = {p.name for p in summaries}
    wanted = plan_name if plan_name in names else None
    plan = None
    if wanted is not None or any(p.is_current for p in summaries):
        plan = plans.load_plan(ws, wanted)
    elif summaries:
        plan = plans.load_plan(ws, summaries[-1].name)
    locations = resolve_locations(dataset, settings)
    students = {s.student_id: (float(locations.student_lat[i]), float(locations.student_lon[i]))
                for i, s in enumerate(dataset.students) if not locations.student_fallback[i]}
    practices = {p.code: (float(locations.practice_lat[j]), float(locations.practice_lon[j]))
                 for j, p in enumerate(dataset.practices)}
    return Snapshot(
        counts=dict(data.counts(ws)),
        dataset=dataset,
        settings=settings,
        plans=summaries,
        plan=plan,
        student_locations=students,
        practice_locations=practices,
        unknown_homes=int(locations.student_fallback.sum()),
        clearances=clearance_standings(dataset, settings.required_clearances, dt.date.today()),
        quality=evaluations.latest_quality(ws),
        user=ws.user,
    )


class AppState(QObject):
    """Holds the latest snapshot; ``reload`` fetches a new one off the GUI thread."""

    changed = Signal(object)
    """Emitted with the new Snapshot."""

    def __init__(self, jobs: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.snapshot = Snapshot()
        self.shown_plan_name: str | None = None
        self.user = _user_name()
        self.loaded_once = False

    def reload(self, plan_name: str | None = None) -> None:
        if plan_name is not None:
            self.shown_plan_name = plan_name
        self.jobs.run(load_snapshot, self.shown_plan_name, name="load", key="load",
                      on_success=self._loaded, on_failure=self._load_failed)

    def show_plan(self, plan: Plan) -> None:
        """Shows a plan the services just returned (after an edit) without reading everything again."""
        self.shown_plan_name = plan.name
        plans = tuple(_summary_with(s, plan) if s.name == plan.name else s for s in self.snapshot.plans)
        self.snapshot = replace(self.snapshot, plan=plan, plans=plans)
        self.changed.emit(self.snapshot)

    def _loaded(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.loaded_once = True
        if snapshot.user:  # hand edits, requests and loaded plans are recorded under the team login on a server
            self.user = snapshot.user
        if snapshot.plan is not None:
            self.shown_plan_name = snapshot.plan.name
        self.changed.emit(snapshot)
        # A full cyclic garbage collection over a loaded data set takes ~0.2 s on the GUI thread, a visible
        # freeze; what is loaded now is long-lived, so it is moved out of the collector's sight. Domain objects
        # hold no reference cycles, so those of an old snapshot are still freed by reference counting.
        gc.freeze()

    def _load_failed(self, error: BaseException) -> None:
        self.jobs._report_failure(error)


def _summary_with(summary: PlanSummary, plan: Plan) -> PlanSummary:
    return replace(summary, status=plan.status, placed=len(plan.placements), unplaced=len(plan.unplaced),
                   objective=plan.objective, gap=plan.gap)


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some setups
        return "officer"
