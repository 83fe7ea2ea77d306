"""Closed academic years in the database: a frozen copy of a year's rows, and the copy written back out.

``archive`` copies every row of the tables a year's documents and records
need (``ARCHIVED``) into ``archived_rows`` as JSON, each marked with the
student whose personal data it holds. The travel table is left out: it is the
largest by far (students x practices), and every document prints the plan's
own journey minutes. ``write_back`` inserts a year's frozen rows into another
(freshly migrated, empty) database, so that the ordinary services read a
closed year exactly as they read the current one: a reprint is the same code
on the same rows. Dates and times are kept as ISO text and read back by each
column's type; a column added by a later migration takes its default.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Iterable, cast

from sqlalchemy import Date, DateTime, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from scheduler.store.errors import StoreError
from scheduler.store.models import ArchivedRow, ArchivedYearRow, Base, HistoryRow, StudentRow
from scheduler.store.personal_data import ANON_PREFIX, ANONYMISED_EVALUATION

NOT_ARCHIVED = frozenset({"travel_overrides", "data_version", "change_versions", "archived_years", "archived_rows",
                          "column_mappings"})
"""Tables a closed year does not keep: journey times (see the module docstring), the version counters, the
archive itself, and the saved column mappings (they serve the next year's import)."""

STUDENT_COLUMNS = ("student_id", "student_a")
"""The column that names the student a row is about (a pair is filed under its first student)."""

BATCH = 5_000


def archived_tables() -> list[Table]:
    """The tables a closed year keeps, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_ARCHIVED]


def years(s: Session) -> list[dict[str, Any]]:
    """Every closed year, oldest first: its name, when and by whom it was closed, its final plan, its summary."""
    rows = s.execute(select(ArchivedYearRow).order_by(ArchivedYearRow.academic_year)).scalars()
    return [{"academic_year": r.academic_year, "closed_at": r.closed_at, "closed_by": r.closed_by,
             "final_plan": r.final_plan, "summary": dict(r.summary or {}), "next_year_started": r.next_year_started}
            for r in rows]


def year_row(s: Session, year: str) -> ArchivedYearRow | None:
    return s.get(ArchivedYearRow, year)


def archive(s: Session, year: str, closed_at: dt.datetime, closed_by: str, final_plan: str,
            summary: dict[str, Any]) -> dict[str, int]:
    """Files the year and copies every row of ``archived_tables()`` under it; returns rows copied per table."""
    s.execute(insert(ArchivedYearRow).values(academic_year=year, closed_at=closed_at, closed_by=closed_by,
                                             final_plan=final_plan, summary=summary))
    copied: Counter[str] = Counter()
    for table in archived_tables():
        student = next((table.c[c] for c in STUDENT_COLUMNS if c in table.c), None)
        batch: list[dict[str, Any]] = []
        for row in s.execute(select(table).order_by(*table.primary_key.columns)):
            values = row._mapping
            batch.append({"academic_year": year, "table_name": table.name, "data": _frozen(values),
                          "student_id": values[student.key] if student is not None else None})
            if len(batch) >= BATCH:
                s.execute(insert(ArchivedRow), batch)
                copied[table.name] += len(batch)
                batch = []
        if batch:
            s.execute(insert(ArchivedRow), batch)
            copied[table.name] += len(batch)
    return dict(copied)


def write_back(source: Session, year: str, target: Session) -> dict[str, int]:
    """Inserts the closed year's rows into ``target`` (an empty database at this schema), parents first."""
    written: dict[str, int] = {}
    for table in archived_tables():
        frozen: Iterable[dict[str, Any]] = source.execute(
            select(ArchivedRow.data).where(ArchivedRow.academic_year == year, ArchivedRow.table_name == table.name)
            .order_by(ArchivedRow.id)).scalars()
        values = [_thawed(table, data) for data in frozen]
        if table.name == "settings":
            target.execute(delete(table))  # a fresh database may hold its defaults
        for start in range(0, len(values), BATCH):
            target.execute(insert(table), values[start:start + BATCH])
        written[table.name] = len(values)
    return written


def copy_earlier_evaluations(source: Session, year: str, target: Session) -> int:
    """Copies the years closed before ``year`` and their archived evaluations into ``target``'s archive, so that
    a closed year's copy shows a practice's trend as it stood then; returns the evaluation rows copied."""
    earlier = source.execute(select(ArchivedYearRow).where(ArchivedYearRow.academic_year < year)).scalars().all()
    if earlier:
        target.execute(insert(ArchivedYearRow), [{c.key: getattr(y, c.key) for c in ArchivedYearRow.__table__.c}
                                                 for y in earlier])
    rows = source.execute(select(ArchivedRow.academic_year, ArchivedRow.table_name, ArchivedRow.data,
                                 ArchivedRow.student_id)
                          .where(ArchivedRow.table_name == "evaluations", ArchivedRow.academic_year < year)
                          .order_by(ArchivedRow.id)).all()
    values = [dict(r._mapping) for r in rows]
    for start in range(0, len(values), BATCH):
        target.execute(insert(ArchivedRow), values[start:start + BATCH])
    return len(values)


def student_rows(s: Session, student_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(year, table, row) of every archived row about the student: filed under them, or naming them in the
    second column of a pair, or in the text of an edit (the audit trail's copies are left out: the trail itself
    is kept whole and exported as it is)."""
    columns = select(ArchivedRow.academic_year, ArchivedRow.table_name, ArchivedRow.data).order_by(ArchivedRow.id)
    Found = Iterable[tuple[str, str, dict[str, Any]]]
    found = [(y, t, d) for y, t, d in cast(Found, s.execute(columns.where(ArchivedRow.student_id == student_id)))]
    for year, table, data in cast(Found, s.execute(
            columns.where(ArchivedRow.student_id.is_(None) | (ArchivedRow.table_name == "pairs")))):
        if table == "pairs" and data.get("student_b") == student_id:
            found.append((year, table, data))
        elif table == "edits" and any(student_id in str(v) for v in data.values()):
            found.append((year, table, data))
    return found


def leavers(s: Session, before: str) -> list[str]:
    """Students who are only in the archive (they left the data set), all of it before academic year
    ``before``, and not anonymised yet."""
    live = set(s.execute(select(StudentRow.student_id)).scalars())
    query = (select(ArchivedRow.student_id, func.max(ArchivedRow.academic_year))
             .where(ArchivedRow.student_id.is_not(None)).group_by(ArchivedRow.student_id))
    return sorted(sid for sid, last in s.execute(query)
                  if sid is not None and last < before and sid not in live and not sid.startswith(ANON_PREFIX))


DROPPED_WHEN_ANONYMISED = frozenset({"preferences", "preference_round", "exclusions", "pairs", "clearances"})
"""Archived rows a purge deletes with the student (as ``personal_data.anonymise`` deletes the live ones)."""


def anonymise(s: Session, renamed: dict[str, str], student: dict[str, Any]) -> int:
    """Anonymises the students' archived rows: their ``DROPPED_WHEN_ANONYMISED`` rows deleted, their student
    rows given ``student``'s values, and their numbers replaced (filed under, in any column, or in the text of
    an edit or audit event) by the pseudonyms in ``renamed``; returns the rows changed or deleted."""
    changed = 0
    for row in s.execute(select(ArchivedRow)).scalars().all():
        data = dict(row.data)
        owners = {row.student_id, data.get("student_b")} & set(renamed)
        if owners and row.table_name in DROPPED_WHEN_ANONYMISED:
            s.delete(row)
            changed += 1
            continue
        new_data = {k: _renamed(v, renamed) for k, v in data.items()}
        if row.table_name == "students" and row.student_id in renamed:
            new_data.update(student)
        if row.table_name == "evaluations" and row.student_id in renamed:
            new_data.update(ANONYMISED_EVALUATION)
        if new_data != data or row.student_id in renamed:
            row.data = new_data
            if row.student_id is not None:
                row.student_id = renamed.get(row.student_id, row.student_id)
            changed += 1
    s.flush()
    return changed


def _renamed(value: Any, renamed: dict[str, str]) -> Any:
    if not isinstance(value, str):
        return value
    if value in renamed:
        return renamed[value]
    for old, new in renamed.items():
        if old in value:
            value = value.replace(old, new)
    return value


def _frozen(values) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in values.items()}


def _thawed(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        if column.key not in data:
            continue  # added since the year was closed: its default
        value = data[column.key]
        if value is not None and isinstance(column.type, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = dt.date.fromisoformat(value)
        out[column.key] = value
    return out


def add_history(s: Session, entries: Iterable[tuple[str, str]], year: str) -> int:
    """Adds one ``history`` row per (student, practice) for the year; returns how many."""
    values = [{"student_id": sid, "practice_code": code, "academic_year": year} for sid, code in entries]
    if values:
        s.execute(insert(HistoryRow), values)
    return len(values)


YEAR_TABLES = ("plan_advice", "plans", "attendance", "change_requests", "capacity_overrides", "offers", "preferences",
               "preference_round", "evaluations")
"""The live tables whose rows belong to one year: emptied when it closes, children first (placements, unplaced
and edits go with their plans; a plan's kept advice is deleted by name, not left to the foreign key's cascade,
which SQLite applies only when a connection turned it on). The audit trail is archived too but kept whole: a restore never brings an older trail back,
so a trail moved to the archive would be lost by restoring a backup made before the year closed."""


def year_counts(s: Session) -> dict[str, int]:
    """Rows of each ``YEAR_TABLES`` table, and of placements, unplaced and edits."""
    names = (*YEAR_TABLES, "placements", "unplaced", "edits", "audit_events")
    return {name: s.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar_one()
            for name in names}


def clear_year(s: Session) -> None:
    """Empties the ``YEAR_TABLES`` (the closed year's copy is in the archive)."""
    for name in YEAR_TABLES:
        s.execute(delete(Base.metadata.tables[name]))
    s.expire_all()


def mark_next_year_started(s: Session, year: str, when: dt.datetime) -> None:
    row = s.get(ArchivedYearRow, year)
    if row is None:
        raise StoreError(f"the academic year {year} is not in the archive; close it first")
    row.next_year_started = when
    s.flush()
