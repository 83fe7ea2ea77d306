"""Writing and reading the data-contract tables: ``DataSet`` <-> rows, in bulk.

Rows go in through Core ``insert()`` with batches of plain dicts (the travel
table: a compiled Core insert fed plain tuples) and come back through Core
selects run on the DB-API cursor, so the full demo set (944,000 travel rows)
is written in under two seconds. Every table reads back in import order.
"""

from __future__ import annotations

import itertools
from operator import attrgetter
from typing import Any, Collection, Iterable, Iterator

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from scheduler.domain import (
    Attendance,
    Block,
    CapacityOverride,
    Clearance,
    DataSet,
    Exclusion,
    HistoryEntry,
    Pair,
    PostcodeLocation,
    Practice,
    Preference,
    Student,
    TravelOverride,
    Tutor,
)
from scheduler.store.models import (
    AttendanceRow,
    BlockRow,
    CapacityRow,
    ClearanceRow,
    ExclusionRow,
    HistoryRow,
    PairRow,
    PostcodeRow,
    PracticeRow,
    PracticeYearRow,
    PreferenceRow,
    StudentRow,
    TravelRow,
    TutorRow,
)

BATCH = 50_000
"""Rows per executemany call: bounds the memory of the parameter lists."""

# children before parents, so deleting never trips a foreign key
DATA_TABLES: tuple[type, ...] = (
    AttendanceRow, ClearanceRow, TutorRow, TravelRow, PreferenceRow, HistoryRow, PairRow, ExclusionRow,
    CapacityRow, PostcodeRow,
    PracticeYearRow, StudentRow, BlockRow, PracticeRow,
)


def delete_dataset(s: Session) -> None:
    for model in DATA_TABLES:
        s.execute(delete(model))


def insert_dataset(s: Session, data: DataSet) -> None:
    _insert(s, PracticeRow, (_practice_values(i, p) for i, p in enumerate(data.practices)))
    _insert(s, PracticeYearRow, ({"practice_code": p.code, "year": y} for p in data.practices for y in sorted(p.years)))
    _insert(s, StudentRow, (_student_values(i, st) for i, st in enumerate(data.students)))
    _insert(s, BlockRow, (_block_values(i, b) for i, b in enumerate(data.blocks)))
    _insert(s, CapacityRow, ({"practice_code": c.practice_code, "block_id": c.block_id, "capacity": c.capacity}
                             for c in data.capacities))
    _insert(s, ExclusionRow, ({"student_id": e.student_id, "practice_code": e.practice_code, "reason": e.reason}
                              for e in data.exclusions))
    _insert(s, PairRow, ({"student_a": p.student_a, "student_b": p.student_b, "kind": p.kind} for p in data.pairs))
    _insert(s, HistoryRow, ({"student_id": h.student_id, "practice_code": h.practice_code,
                             "academic_year": h.academic_year} for h in data.history))
    _insert(s, PreferenceRow, ({"student_id": p.student_id, "practice_code": p.practice_code, "rank": p.rank}
                               for p in data.preferences))
    _insert_tuples(s, TravelRow, ("student_id", "practice_code", "minutes"),
                   map(attrgetter("student_id", "practice_code", "minutes"), data.travel))
    _insert(s, PostcodeRow, ({"postcode": p.postcode, "latitude": p.latitude, "longitude": p.longitude}
                             for p in data.postcodes))
    _insert(s, ClearanceRow, ({"student_id": c.student_id, "kind": c.kind, "valid_until": c.valid_until}
                              for c in data.clearances))
    insert_tutors(s, data.tutors)
    _insert(s, AttendanceRow, ({"student_id": a.student_id, "block_id": a.block_id, "practice_code": a.practice_code,
                                "sessions": a.sessions} for a in data.attendance))


def insert_tutors(s: Session, tutors: Iterable[Tutor]) -> None:
    _insert(s, TutorRow, ({"practice_code": t.practice_code, "name": t.name, "email": t.email,
                           "trained_on": t.trained_on, "refresher_due": t.refresher_due, "active": t.active}
                          for t in tutors))


def read_dataset(s: Session, travel_students: Collection[str] | None = None) -> DataSet:
    """The stored data set; with ``travel_students``, only those students' rows of the travel table."""
    years: dict[str, set[int]] = {}
    for code, year in s.execute(select(PracticeYearRow.practice_code, PracticeYearRow.year)):
        years.setdefault(code, set()).add(year)
    practices = tuple(
        Practice(code=r.code, name=r.name, years=frozenset(years.get(r.code, ())), capacity=r.capacity,
                 address=r.address, postcode=r.postcode, latitude=r.latitude, longitude=r.longitude,
                 accessible=r.accessible, public_transport=r.public_transport,
                 max_students_per_day=r.max_students_per_day, active=r.active, tutor=r.tutor, email=r.email,
                 approved_until=r.approved_until, programmes=frozenset(filter(None, r.programmes.split(","))))
        for r in s.execute(select(PracticeRow).order_by(PracticeRow.position)).scalars()
    )
    students = tuple(
        Student(student_id=r.student_id, first_name=r.first_name, last_name=r.last_name, year=r.year,
                email=r.email, group=r.group, postcode=r.postcode, latitude=r.latitude, longitude=r.longitude,
                travel_mode=r.travel_mode, max_travel_minutes=r.max_travel_minutes,  # type: ignore[arg-type]
                needs_accessible=r.needs_accessible, programme=r.programme)
        for r in s.execute(select(StudentRow).order_by(StudentRow.position)).scalars()
    )
    blocks = tuple(
        Block(block_id=r.block_id, year=r.year, start_date=r.start_date, end_date=r.end_date, group=r.group,
              name=r.name, weekdays=weekdays_from_mask(r.weekdays), programme=r.programme)
        for r in s.execute(select(BlockRow).order_by(BlockRow.position)).scalars()
    )
    return DataSet(
        practices=practices,
        students=students,
        blocks=blocks,
        capacities=_tuples(s, CapacityOverride, CapacityRow, "practice_code", "block_id", "capacity"),
        exclusions=_tuples(s, Exclusion, ExclusionRow, "student_id", "practice_code", "reason"),
        pairs=_tuples(s, Pair, PairRow, "student_a", "student_b", "kind"),
        history=_tuples(s, HistoryEntry, HistoryRow, "student_id", "practice_code", "academic_year"),
        preferences=_tuples(s, Preference, PreferenceRow, "student_id", "practice_code", "rank"),
        travel=(_tuples(s, TravelOverride, TravelRow, "student_id", "practice_code", "minutes")
                if travel_students is None else _travel_of(s, travel_students)),
        postcodes=_tuples(s, PostcodeLocation, PostcodeRow, "postcode", "latitude", "longitude"),
        clearances=tuple(Clearance(*row) for row in s.execute(
            select(ClearanceRow.student_id, ClearanceRow.kind, ClearanceRow.valid_until).order_by(ClearanceRow.id))),
        tutors=tuple(Tutor(practice_code=r.practice_code, name=r.name, trained_on=r.trained_on,
                           refresher_due=r.refresher_due, email=r.email, active=r.active)
                     for r in s.execute(select(TutorRow).order_by(TutorRow.id)).scalars()),
        attendance=_tuples(s, Attendance, AttendanceRow, "student_id", "block_id", "practice_code", "sessions"),
    )


def weekdays_to_mask(days: Iterable[int]) -> int:
    return sum(1 << d for d in set(days))


def weekdays_from_mask(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(7) if mask >> d & 1)


def _insert(s: Session, model: type, rows: Iterable[dict[str, Any]]) -> None:
    table: Table = model.__table__  # type: ignore[attr-defined]
    rows = iter(rows)
    while batch := list(itertools.islice(rows, BATCH)):
        s.execute(insert(table), batch)


def _insert_tuples(s: Session, model: type, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Bulk insert of plain str/int/float tuples, straight to the driver's executemany.

    Core's per-row parameter processing costs more than SQLite's own work on
    the 944,000-row travel table; the statement is still compiled by
    SQLAlchemy for the dialect, so any database works.
    """
    table: Table = model.__table__  # type: ignore[attr-defined]
    conn = s.connection()
    compiled = insert(table).values({name: None for name in columns}).compile(dialect=conn.dialect)
    params: Iterator[Any] = iter(rows)  # tuples, or dicts for a driver with named parameters
    if compiled.positiontup is None:
        params = (dict(zip(columns, row)) for row in rows)
    elif list(compiled.positiontup) != list(columns):
        order = [columns.index(name) for name in compiled.positiontup]
        params = (tuple(row[i] for i in order) for row in rows)
    while batch := list(itertools.islice(params, BATCH)):
        conn.exec_driver_sql(compiled.string, batch)


def _travel_of(s: Session, student_ids: Collection[str]) -> tuple[TravelOverride, ...]:
    ids = list(student_ids)
    rows: list[TravelOverride] = []
    for start in range(0, len(ids), 500):  # stays under every database's limit of bound parameters
        query = (select(TravelRow.student_id, TravelRow.practice_code, TravelRow.minutes)
                 .where(TravelRow.student_id.in_(ids[start:start + 500])).order_by(TravelRow.id))
        rows.extend(TravelOverride(*row) for row in s.execute(query))
    return tuple(rows)


def _tuples(s: Session, cls: type, model: type, *columns: str) -> tuple:
    """Rows of plain str/int/float columns in import order, read with the driver's cursor.

    SQLAlchemy's per-row Result machinery would double the time of reading
    the travel table; the query has no parameters and its column types need
    no conversion, so the DB-API cursor returns the same values.
    """
    table: Table = model.__table__  # type: ignore[attr-defined]
    conn = s.connection()
    sql = str(select(*(table.c[name] for name in columns)).order_by(table.c.id).compile(dialect=conn.dialect))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return tuple(itertools.starmap(cls, cursor.fetchall()))
    finally:
        cursor.close()


def _practice_values(position: int, p: Practice) -> dict[str, Any]:
    return {
        "code": p.code, "position": position, "name": p.name, "capacity": p.capacity, "address": p.address,
        "postcode": p.postcode, "latitude": p.latitude, "longitude": p.longitude, "accessible": p.accessible,
        "public_transport": p.public_transport, "max_students_per_day": p.max_students_per_day,
        "active": p.active, "tutor": p.tutor, "email": p.email, "approved_until": p.approved_until,
        "programmes": ",".join(sorted(p.programmes)),
    }


def _student_values(position: int, st: Student) -> dict[str, Any]:
    return {
        "student_id": st.student_id, "position": position, "first_name": st.first_name,
        "last_name": st.last_name, "year": st.year, "email": st.email, "rotation_group": st.group,
        "postcode": st.postcode, "latitude": st.latitude, "longitude": st.longitude,
        "travel_mode": st.travel_mode, "max_travel_minutes": st.max_travel_minutes,
        "needs_accessible": st.needs_accessible, "programme": st.programme,
    }


def _block_values(position: int, b: Block) -> dict[str, Any]:
    return {
        "block_id": b.block_id, "position": position, "year": b.year, "rotation_group": b.group, "name": b.name,
        "start_date": b.start_date, "end_date": b.end_date, "weekdays": weekdays_to_mask(b.weekdays),
        "programme": b.programme,
    }
