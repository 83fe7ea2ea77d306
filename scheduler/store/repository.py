"""Everything the rest of the app asks of the database, as functions of a Session.

Each function maps rows to domain objects (``scheduler.domain``) and back;
callers outside ``scheduler.store`` get sessions only through services and
never see a row. Misuse raises a ``StoreError`` subclass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any, cast

from sqlalchemy import CursorResult, Table, Update, delete, func, insert, select, update
from sqlalchemy.orm import Session

from scheduler.domain import DataSet, EditRecord, Placement, Plan, PlanSummary, Unplaced
from scheduler.evaluations.quality import latest_scores
from scheduler.settings import Settings
from scheduler.store import dataset_rows, evaluation_rows, request_rows
from scheduler.store.conflicts import PlanChanged, SettingsChanged
from scheduler.store.errors import DataChanged, PlanNameTaken, PlanNotFound
from scheduler.store.models import (
    AttendanceRow,
    BlockRow,
    CapacityRow,
    ClearanceRow,
    DataVersionRow,
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
    TutorRow,
    UnplacedRow,
)

SETTINGS_ID = 1
DATA_VERSION_ID = 1

_COUNTED = {
    "students": StudentRow, "practices": PracticeRow, "blocks": BlockRow, "capacities": CapacityRow,
    "exclusions": ExclusionRow, "pairs": PairRow, "history": HistoryRow, "preferences": PreferenceRow,
    "travel": TravelRow, "postcodes": PostcodeRow, "clearances": ClearanceRow, "tutors": TutorRow,
    "attendance": AttendanceRow,
    "plans": PlanRow,
}


# --- the data set -------------------------------------------------------------------------------


def _updated(s: Session, statement: Update) -> int:
    """The rows an UPDATE changed (an UPDATE's result is a cursor result, which counts them)."""
    return cast("CursorResult[Any]", s.execute(statement)).rowcount

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
    """Deletes the old data set and every plan (they refer to it), then inserts ``data`` under a new version."""
    s.execute(update(DataVersionRow).where(DataVersionRow.id == DATA_VERSION_ID)
              .values(version=DataVersionRow.version + 1, changed=_now()))
    s.execute(delete(PlanRow))  # placements, unplaced and edits go with their plan
    dataset_rows.delete_dataset(s)
    dataset_rows.insert_dataset(s, data)


def data_version(s: Session) -> int:
    """The stored data set's version: it changes with every import."""
    return s.execute(select(DataVersionRow.version).where(DataVersionRow.id == DATA_VERSION_ID)).scalar() or 0


def data_changed_at(s: Session) -> dt.datetime | None:
    return s.execute(select(DataVersionRow.changed).where(DataVersionRow.id == DATA_VERSION_ID)).scalar()


def load_dataset(s: Session, *, travel_students: Collection[str] | None = None) -> DataSet:
    """The stored data set, in import order.

    Reading the full travel table takes a second or more; a caller that needs
    the journeys of a few students only (a hand edit) passes their ids in
    ``travel_students`` and gets just their rows of it. The accepted change
    requests come with it (constraints every plan keeps), and each practice's
    evaluation score (for the ``quality`` aim and ``avoid_flagged_practices``).
    """
    scores = latest_scores(evaluation_rows.by_year(s, load_settings(s).academic_year))
    return dataclasses.replace(dataset_rows.read_dataset(s, travel_students), requests=request_rows.accepted(s),
                               scores=scores)


# --- settings -----------------------------------------------------------------------------------

def load_settings(s: Session) -> Settings:
    row = s.get(SettingsRow, SETTINGS_ID)
    return Settings() if row is None else Settings.from_dict(row.data)


def save_settings(s: Session, settings: Settings, expected_version: int | None = None) -> None:
    """Saves the settings; with ``expected_version`` (from ``settings_version``), refuses with
    ``SettingsChanged`` when someone saved them since."""
    current = settings_version(s)
    if expected_version is not None and expected_version != current:
        raise SettingsChanged(current)
    if current == 0:
        s.execute(insert(SettingsRow).values(id=SETTINGS_ID, data=settings.to_dict(), version=1))
    elif _updated(s, update(SettingsRow).where(SettingsRow.id == SETTINGS_ID, SettingsRow.version == current)
                  .values(data=settings.to_dict(), version=current + 1)) != 1:
        raise SettingsChanged(settings_version(s))
    s.expire_all()


def settings_version(s: Session) -> int:
    """The stored settings' version (0 while the defaults have never been saved)."""
    return s.execute(select(SettingsRow.version).where(SettingsRow.id == SETTINGS_ID)).scalar() or 0


# --- plans --------------------------------------------------------------------------------------

def save_plan(s: Session, plan: Plan, expected_version: int | None = None, user: str | None = None) -> int:
    """Inserts the plan, or replaces the one of the same name (keeping its edit history); returns its new version.

    Optimistic locking: the save expects the stored plan to be at ``expected_version`` (0: no plan of that
    name), or else at ``plan.version`` when the plan was read from the database; a plan saved by someone
    else since is refused with ``PlanChanged`` and nothing is written. ``user`` (default: the session's)
    is recorded as who changed it.
    """
    if plan.data_version is not None:
        # take the write lock first, so that no import can slip in between the check and the save
        s.execute(update(DataVersionRow).where(DataVersionRow.id == DATA_VERSION_ID)
                  .values(version=DataVersionRow.version))
        stored = data_version(s)
        if stored != plan.data_version:
            raise DataChanged(plan.name, data_changed_at(s))
    row = _find_plan(s, plan.name)
    expected = expected_version if expected_version is not None else (plan.version or None)
    if expected is not None and (row.version if row is not None else 0) != expected:
        _refuse(s, plan, row)
    if plan.is_current:
        s.execute(update(PlanRow).values(is_current=False).execution_options(synchronize_session=False))
    who = user if user is not None else s.info.get("user", "")
    values = {
        "status": plan.status, "objective": plan.objective, "bound": plan.bound, "seconds": plan.seconds,
        "is_current": plan.is_current, "created": plan.created or _now(), "weights": dict(plan.weights),
        "terms": dict(plan.terms), "placed_bound": plan.placed_bound, "data_version": plan.data_version,
        "changed_by": who, "changed_at": _now(),
    }
    if row is None:
        version, before = 1, {}
        plan_id = s.execute(insert(PlanRow).values(name=plan.name, version=1, change_note="created", **values)
                            .returning(PlanRow.id)).scalar_one()
    else:
        plan_id, version, before = row.id, row.version + 1, _placement_versions(s, row.id)
        note = change_note(before, plan)
        if _updated(s, update(PlanRow).where(PlanRow.id == plan_id, PlanRow.version == row.version)
                    .values(version=version, change_note=note, **values)) != 1:
            _refuse(s, plan, row)  # another transaction saved it between our read and our write
        s.execute(delete(PlacementRow).where(PlacementRow.plan_id == plan_id))
        s.execute(delete(UnplacedRow).where(UnplacedRow.plan_id == plan_id))
    _insert_plan_rows(s, plan_id, plan.placements, plan.unplaced, version, before)
    s.expire_all()
    return version


def plan_versions(s: Session) -> dict[str, int]:
    """Every plan's name and version: cheap to poll, to notice another officer's save."""
    return {name: version for name, version in s.execute(select(PlanRow.name, PlanRow.version))}


def change_note(before: dict[tuple[str, str], tuple[str, bool, int]], plan: Plan) -> str:
    """What saving ``plan`` changes, in words: "moved 2 students, locked 1 placement"."""
    after = {(p.student_id, p.block_id): (p.practice_code, p.locked) for p in plan.placements}
    moved = sum(1 for key in set(before) | set(after) if (before.get(key) or ("",))[0] != (after.get(key) or ("",))[0])
    locks = [after[k][1] for k in after if k in before and before[k][0] == after[k][0] and before[k][1] != after[k][1]]
    parts = []
    if moved:
        parts.append(f"moved {moved} student{'s' if moved != 1 else ''}")
    for verb, n in (("locked", sum(locks)), ("unlocked", len(locks) - sum(locks))):
        if n:
            parts.append(f"{verb} {n} placement{'s' if n != 1 else ''}")
    return ", ".join(parts) or "saved it again"


def load_plan(s: Session, name: str | None = None) -> Plan | None:
    """The named plan, or the current one when ``name`` is None; None if there is no such plan."""
    row = _find_plan(s, name) if name is not None else s.execute(
        select(PlanRow).where(PlanRow.is_current.is_(True))).scalars().first()
    if row is None:
        return None
    placements = tuple(
        Placement(sid, bid, code, minutes, locked, by or "", at, reason or "", override or "")
        for sid, bid, code, minutes, locked, by, at, reason, override in s.execute(
            select(PlacementRow.student_id, PlacementRow.block_id, PlacementRow.practice_code,
                   PlacementRow.travel_minutes, PlacementRow.locked, PlacementRow.locked_by, PlacementRow.locked_at,
                   PlacementRow.lock_reason, PlacementRow.override)
            .where(PlacementRow.plan_id == row.id).order_by(PlacementRow.id))
    )
    unplaced = tuple(
        Unplaced(*t) for t in s.execute(
            select(UnplacedRow.student_id, UnplacedRow.block_id, UnplacedRow.reason)
            .where(UnplacedRow.plan_id == row.id).order_by(UnplacedRow.id))
    )
    return Plan(name=row.name, placements=placements, unplaced=unplaced, status=row.status, objective=row.objective,
                bound=row.bound, seconds=row.seconds, is_current=row.is_current, created=row.created,
                weights=dict(row.weights or {}), terms=dict(row.terms or {}), placed_bound=row.placed_bound,
                data_version=row.data_version, version=row.version)


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
    for row, n_placed, n_unplaced in cast("Iterable[tuple[PlanRow, int, int]]", s.execute(query)):
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
                      created=_now(), weights=plan.weights, terms=plan.terms, placed_bound=plan.placed_bound,
                      data_version=plan.data_version))


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


def _placement_versions(s: Session, plan_id: int) -> dict[tuple[str, str], tuple[str, bool, int]]:
    query = (select(PlacementRow.student_id, PlacementRow.block_id, PlacementRow.practice_code, PlacementRow.locked,
                    PlacementRow.version).where(PlacementRow.plan_id == plan_id))
    return {(sid, bid): (code, locked, version) for sid, bid, code, locked, version in s.execute(query)}


def _refuse(s: Session, plan: Plan, row: PlanRow | None) -> None:
    """Raises ``PlanChanged`` describing the stored plan as it is now (read afresh, not from the session's cache)."""
    query = (select(PlanRow.version, PlanRow.changed_by, PlanRow.changed_at, PlanRow.change_note)
             .where(PlanRow.name == plan.name))
    now = s.execute(query).first()
    if now is None:
        if row is not None:
            raise PlanChanged(plan.name, "", None, "deleted it", version=0, unsaved=plan)
        raise PlanNotFound(plan.name)
    version, by, when, note = now
    raise PlanChanged(plan.name, by, when, note, version=version, unsaved=plan)


def _current_plan_id(s: Session) -> int | None:
    return s.execute(select(PlanRow.id).where(PlanRow.is_current.is_(True)).limit(1)).scalar()


def _insert_plan_rows(s: Session, plan_id: int, placements: tuple[Placement, ...], unplaced: tuple[Unplaced, ...],
                      version: int = 1, before: dict[tuple[str, str], tuple[str, bool, int]] | None = None) -> None:
    """Writes the plan's rows; a placement unchanged since ``before`` keeps the version it last changed in."""
    before = before or {}

    def version_of(p: Placement) -> int:
        old = before.get((p.student_id, p.block_id))
        return old[2] if old is not None and old[:2] == (p.practice_code, p.locked) else version

    if placements:
        s.execute(insert(cast(Table, PlacementRow.__table__)), [
            {"plan_id": plan_id, "student_id": p.student_id, "block_id": p.block_id, "practice_code": p.practice_code,
             "travel_minutes": p.travel_minutes, "locked": p.locked, "version": version_of(p),
             "locked_by": p.locked_by or None, "locked_at": _naive(p.locked_at) if p.locked_at else None,
             "lock_reason": p.lock_reason or None, "override": p.override or None} for p in placements])
    if unplaced:
        s.execute(insert(cast(Table, UnplacedRow.__table__)), [
            {"plan_id": plan_id, "student_id": u.student_id, "block_id": u.block_id, "reason": u.reason}
            for u in unplaced])
