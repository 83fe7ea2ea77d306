"""Everything the rest of the app asks of the database, as functions of a Session.

Each function maps rows to domain objects (``scheduler.domain``) and back;
callers outside ``scheduler.store`` get sessions only through services and
never see a row. Misuse raises a ``StoreError`` subclass.
"""

from __future__ import annotations

import datetime as dt
from typing import Collection

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from scheduler.domain import DataSet, EditRecord, Placement, Plan, PlanSummary, Unplaced
from scheduler.settings import Settings
from scheduler.store import dataset_rows
from scheduler.store.errors import PlanNameTaken, PlanNotFound
from scheduler.store.models import (
    BlockRow,
    CapacityRow,
    EditRow,
    ExclusionRow,
    HistoryRow,
    PairRow,
    PlacementRow,
    PlanRow,
    PostcodeRow,
    PracticeRow,
    PreferenceRow,
    SettingsRow,
    StudentRow,
    TravelRow,
    UnplacedRow,
)

SETTINGS_ID = 1

_COUNTED = {
    "students": StudentRow, "practices": PracticeRow, "blocks": BlockRow, "capacities": CapacityRow,
    "exclusions": ExclusionRow, "pairs": PairRow, "history": HistoryRow, "preferences": PreferenceRow,
    "travel": TravelRow, "postcodes": PostcodeRow, "plans": PlanRow,
}


# --- the data set -------------------------------------------------------------------------------

def has_data(s: Session) -> bool:
    """True when a data set (any practice or student) has been imported."""
    return any(s.execute(select(model.__table__).limit(1)).first() is not None for model in (StudentRow, PracticeRow))


def counts(s: Session) -> dict[str, int]:
    """Rows per table; ``placements`` and ``unplaced`` count the current plan only."""
    result = {key: s.execute(select(func.count()).select_from(model)).scalar_one() for key, model in _COUNTED.items()}
    current = _current_plan_id(s)
    for key, model in (("placements", PlacementRow), ("unplaced", UnplacedRow)):
        result[key] = 0 if current is None else s.execute(
            select(func.count()).select_from(model).where(model.plan_id == current)).scalar_one()
    return result


def replace_dataset(s: Session, data: DataSet) -> None:
    """Deletes the old data set and every plan (they refer to it), then inserts ``data``."""
    s.execute(delete(PlanRow))  # placements, unplaced and edits go with their plan
    dataset_rows.delete_dataset(s)
    dataset_rows.insert_dataset(s, data)


def load_dataset(s: Session, *, travel_students: Collection[str] | None = None) -> DataSet:
    """The stored data set, in import order.

    Reading the full travel table takes a second or more; a caller that needs
    the journeys of a few students only (a hand edit) passes their ids in
    ``travel_students`` and gets just their rows of it.
    """
    return dataset_rows.read_dataset(s, travel_students)


# --- settings -----------------------------------------------------------------------------------

def load_settings(s: Session) -> Settings:
    row = s.get(SettingsRow, SETTINGS_ID)
    return Settings() if row is None else Settings.from_dict(row.data)


def save_settings(s: Session, settings: Settings) -> None:
    row = s.get(SettingsRow, SETTINGS_ID)
    if row is None:
        s.add(SettingsRow(id=SETTINGS_ID, data=settings.to_dict()))
    else:
        row.data = settings.to_dict()


# --- plans --------------------------------------------------------------------------------------

def save_plan(s: Session, plan: Plan) -> None:
    """Inserts the plan, or replaces the one of the same name (keeping its edit history)."""
    row = _find_plan(s, plan.name)
    if plan.is_current:
        s.execute(update(PlanRow).values(is_current=False).execution_options(synchronize_session=False))
    values = {
        "status": plan.status, "objective": plan.objective, "bound": plan.bound, "seconds": plan.seconds,
        "is_current": plan.is_current, "created": plan.created or _now(), "weights": dict(plan.weights),
        "terms": dict(plan.terms), "placed_bound": plan.placed_bound,
    }
    if row is None:
        plan_id = s.execute(insert(PlanRow).values(name=plan.name, **values).returning(PlanRow.id)).scalar_one()
    else:
        plan_id = row.id
        s.execute(update(PlanRow).where(PlanRow.id == plan_id).values(**values))
        s.execute(delete(PlacementRow).where(PlacementRow.plan_id == plan_id))
        s.execute(delete(UnplacedRow).where(UnplacedRow.plan_id == plan_id))
    _insert_plan_rows(s, plan_id, plan.placements, plan.unplaced)
    s.expire_all()


def load_plan(s: Session, name: str | None = None) -> Plan | None:
    """The named plan, or the current one when ``name`` is None; None if there is no such plan."""
    row = _find_plan(s, name) if name is not None else s.execute(
        select(PlanRow).where(PlanRow.is_current.is_(True))).scalars().first()
    if row is None:
        return None
    placements = tuple(
        Placement(*t) for t in s.execute(
            select(PlacementRow.student_id, PlacementRow.block_id, PlacementRow.practice_code,
                   PlacementRow.travel_minutes, PlacementRow.locked)
            .where(PlacementRow.plan_id == row.id).order_by(PlacementRow.id))
    )
    unplaced = tuple(
        Unplaced(*t) for t in s.execute(
            select(UnplacedRow.student_id, UnplacedRow.block_id, UnplacedRow.reason)
            .where(UnplacedRow.plan_id == row.id).order_by(UnplacedRow.id))
    )
    return Plan(name=row.name, placements=placements, unplaced=unplaced, status=row.status, objective=row.objective,
                bound=row.bound, seconds=row.seconds, is_current=row.is_current, created=row.created,
                weights=dict(row.weights or {}), terms=dict(row.terms or {}), placed_bound=row.placed_bound)


def list_plans(s: Session) -> list[PlanSummary]:
    """Every plan's headline figures, oldest first, without loading placements."""
    placed = (select(PlacementRow.plan_id, func.count().label("n")).group_by(PlacementRow.plan_id).subquery())
    unplaced = (select(UnplacedRow.plan_id, func.count().label("n")).group_by(UnplacedRow.plan_id).subquery())
    query = (
        select(PlanRow, func.coalesce(placed.c.n, 0), func.coalesce(unplaced.c.n, 0))
        .outerjoin(placed, placed.c.plan_id == PlanRow.id)
        .outerjoin(unplaced, unplaced.c.plan_id == PlanRow.id)
        .order_by(PlanRow.created, PlanRow.id)
    )
    summaries = []
    for row, n_placed, n_unplaced in s.execute(query):
        gap = Plan(name=row.name, objective=row.objective, bound=row.bound).gap
        summaries.append(PlanSummary(name=row.name, status=row.status, placed=n_placed, unplaced=n_unplaced,
                                     objective=row.objective, bound=row.bound, gap=gap, seconds=row.seconds,
                                     is_current=row.is_current, created=row.created))
    return summaries


def rename_plan(s: Session, old: str, new: str) -> None:
    row = _plan_or_raise(s, old)
    if new == old:
        return
    if _find_plan(s, new) is not None:
        raise PlanNameTaken(new)
    row.name = new
    s.flush()


def delete_plan(s: Session, name: str) -> None:
    """Deletes the plan with its placements, unplaced list and edit history."""
    row = _plan_or_raise(s, name)
    s.execute(delete(PlanRow).where(PlanRow.id == row.id))
    s.expire_all()


def set_current_plan(s: Session, name: str) -> None:
    row = _plan_or_raise(s, name)
    s.execute(update(PlanRow).values(is_current=PlanRow.id == row.id).execution_options(synchronize_session=False))
    s.expire_all()


def copy_plan(s: Session, source: str, new_name: str) -> None:
    """A new, not current plan with the source's placements, unplaced list and figures (no edit history)."""
    plan = load_plan(s, source)
    if plan is None:
        raise PlanNotFound(source)
    if _find_plan(s, new_name) is not None:
        raise PlanNameTaken(new_name)
    save_plan(s, Plan(name=new_name, placements=plan.placements, unplaced=plan.unplaced, status=plan.status,
                      objective=plan.objective, bound=plan.bound, seconds=plan.seconds, is_current=False,
                      created=_now(), weights=plan.weights, terms=plan.terms, placed_bound=plan.placed_bound))


# --- the audit trail ----------------------------------------------------------------------------

def record_edit(s: Session, edit: EditRecord) -> None:
    row = _plan_or_raise(s, edit.plan_name)
    s.execute(insert(EditRow).values(plan_id=row.id, when=_naive(edit.when), user=edit.user, action=edit.action,
                                     detail=edit.detail))


def list_edits(s: Session, plan_name: str) -> list[EditRecord]:
    """The plan's edits, oldest first."""
    row = _plan_or_raise(s, plan_name)
    query = (select(EditRow.when, EditRow.user, EditRow.action, EditRow.detail)
             .where(EditRow.plan_id == row.id).order_by(EditRow.id))
    return [EditRecord(row.name, *t) for t in s.execute(query)]


# --- helpers ------------------------------------------------------------------------------------

def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _naive(when: dt.datetime) -> dt.datetime:
    """Times are stored as naive local time, portable across SQLite and PostgreSQL."""
    return when.astimezone().replace(tzinfo=None) if when.tzinfo is not None else when


def _find_plan(s: Session, name: str) -> PlanRow | None:
    return s.execute(select(PlanRow).where(PlanRow.name == name)).scalars().first()


def _plan_or_raise(s: Session, name: str) -> PlanRow:
    row = _find_plan(s, name)
    if row is None:
        raise PlanNotFound(name)
    return row


def _current_plan_id(s: Session) -> int | None:
    return s.execute(select(PlanRow.id).where(PlanRow.is_current.is_(True)).limit(1)).scalar()


def _insert_plan_rows(s: Session, plan_id: int, placements: tuple[Placement, ...], unplaced: tuple[Unplaced, ...]) -> None:
    if placements:
        s.execute(insert(PlacementRow.__table__), [
            {"plan_id": plan_id, "student_id": p.student_id, "block_id": p.block_id, "practice_code": p.practice_code,
             "travel_minutes": p.travel_minutes, "locked": p.locked} for p in placements])
    if unplaced:
        s.execute(insert(UnplacedRow.__table__), [
            {"plan_id": plan_id, "student_id": u.student_id, "block_id": u.block_id, "reason": u.reason}
            for u in unplaced])
