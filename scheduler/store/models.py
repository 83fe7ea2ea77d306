"""The database schema: SQLAlchemy 2 typed ORM classes, one per table.

The data-contract tables keep their natural keys (practice code, student id,
block id) and a ``position`` column so a data set reads back in the order it
was imported. Types stay portable (SQLite by default, PostgreSQL by URL).
Rows never leave ``scheduler.store``; ``repository`` maps them to domain objects.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = String(32)
"""Practice codes, student ids and block ids."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _practice_fk(**kw: Any) -> Mapped[str]:
    return mapped_column(CODE, ForeignKey("practices.code"), **kw)


def _student_fk(**kw: Any) -> Mapped[str]:
    return mapped_column(CODE, ForeignKey("students.student_id"), **kw)


def _block_fk(**kw: Any) -> Mapped[str]:
    return mapped_column(CODE, ForeignKey("blocks.block_id"), **kw)


class PracticeRow(Base):
    __tablename__ = "practices"

    code: Mapped[str] = mapped_column(CODE, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accessible: Mapped[bool] = mapped_column(default=False)
    public_transport: Mapped[bool] = mapped_column(default=True)
    max_students_per_day: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(default=True)
    tutor: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    approved_until: Mapped[dt.date | None] = mapped_column(Date)
    programmes: Mapped[str] = mapped_column(String(200), default="")
    """comma-separated programme keys; empty = every programme"""


class PracticeYearRow(Base):
    """The year groups a practice teaches (``practices.years`` in the contract)."""

    __tablename__ = "practice_years"

    practice_code: Mapped[str] = mapped_column(
        CODE, ForeignKey("practices.code", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)


class StudentRow(Base):
    __tablename__ = "students"

    student_id: Mapped[str] = mapped_column(CODE, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer, index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    group: Mapped[str] = mapped_column("rotation_group", String(32), default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    travel_mode: Mapped[str] = mapped_column(String(8), default="public")
    max_travel_minutes: Mapped[float | None] = mapped_column(Float)
    needs_accessible: Mapped[bool] = mapped_column(default=False)
    programme: Mapped[str] = mapped_column(String(64), default="medicine")


class BlockRow(Base):
    __tablename__ = "blocks"

    block_id: Mapped[str] = mapped_column(CODE, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    group: Mapped[str] = mapped_column("rotation_group", String(32), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    weekdays: Mapped[int] = mapped_column(Integer, default=0b11111)
    """Bit d set when the block meets on weekday d (0 = Monday)."""
    programme: Mapped[str] = mapped_column(String(64), default="medicine")


class CapacityRow(Base):
    __tablename__ = "capacity_overrides"
    __table_args__ = (UniqueConstraint("practice_code", "block_id"),)  # repeated rows are import errors

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_code: Mapped[str] = _practice_fk()
    block_id: Mapped[str] = _block_fk(index=True)
    capacity: Mapped[int] = mapped_column(Integer)


class ExclusionRow(Base):
    __tablename__ = "exclusions"
    __table_args__ = (UniqueConstraint("student_id", "practice_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = _student_fk()
    practice_code: Mapped[str] = _practice_fk(index=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class PairRow(Base):
    __tablename__ = "pairs"
    __table_args__ = (UniqueConstraint("student_a", "student_b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_a: Mapped[str] = _student_fk()
    student_b: Mapped[str] = _student_fk(index=True)
    kind: Mapped[str] = mapped_column(String(8), default="together")


class HistoryRow(Base):
    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = _student_fk(index=True)
    practice_code: Mapped[str] = _practice_fk(index=True)
    academic_year: Mapped[str] = mapped_column(String(16), default="")


class PreferenceRow(Base):
    __tablename__ = "preferences"
    __table_args__ = (UniqueConstraint("student_id", "practice_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = _student_fk()
    practice_code: Mapped[str] = _practice_fk(index=True)
    rank: Mapped[int] = mapped_column(Integer)


class TravelRow(Base):
    """Journey-planner minutes that override the estimate: up to students x practices rows.

    Deliberately without secondary indexes or a unique key: the table is only
    ever written and read whole, the importer has already rejected repeated
    (student, practice) pairs, and an index would double the import time.
    """

    __tablename__ = "travel_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = mapped_column(CODE, ForeignKey("students.student_id"))
    practice_code: Mapped[str] = mapped_column(CODE, ForeignKey("practices.code"))
    minutes: Mapped[float] = mapped_column(Float)


class PostcodeRow(Base):
    __tablename__ = "postcodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    postcode: Mapped[str] = mapped_column(String(16), unique=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class ClearanceRow(Base):
    __tablename__ = "clearances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = _student_fk(index=True)
    kind: Mapped[str] = mapped_column(String(64))
    valid_until: Mapped[dt.date] = mapped_column(Date)


class TutorRow(Base):
    """A practice's GP tutor and the dates of their training (``tutors`` in the contract)."""

    __tablename__ = "tutors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_code: Mapped[str] = _practice_fk(index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    trained_on: Mapped[dt.date] = mapped_column(Date)
    refresher_due: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(default=True)


class AttendanceRow(Base):
    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = _student_fk(index=True)
    block_id: Mapped[str] = _block_fk()
    practice_code: Mapped[str] = _practice_fk()
    sessions: Mapped[int] = mapped_column(Integer)


class SettingsRow(Base):
    """A single row holding the school's settings as JSON."""

    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Raised by one on every save: a save that expected another version is refused (optimistic locking)."""


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="not solved")
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    is_current: Mapped[bool] = mapped_column(default=False)
    created: Mapped[dt.datetime | None] = mapped_column(DateTime)
    weights: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    terms: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    placed_bound: Mapped[int | None] = mapped_column(Integer)
    """Proven upper bound on the student-blocks any plan can place (None = not known)."""
    data_version: Mapped[int | None] = mapped_column(Integer)
    """The data set's version (``DataVersionRow``) the plan was solved from."""
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Raised by one on every save: a save that expected another version is refused (optimistic locking)."""
    changed_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    change_note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """What the last save changed, in words ("moved 2 students"), for the conflict message."""


class PlanAdviceRow(Base):
    """The last "Where to recruit" result worked out for a plan, with when, and the versions it was read at
    (so the window can say it is out of date once the plan, the data or the settings change). Goes with the plan."""

    __tablename__ = "plan_advice"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    made_at: Mapped[dt.datetime] = mapped_column(DateTime)
    plan_version: Mapped[int] = mapped_column(Integer)
    read_versions: Mapped[dict[str, int]] = mapped_column(JSON)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)


class DataVersionRow(Base):
    """One row: a number that changes with every import, so a plan solved from older data is never saved."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    changed: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ChangeVersionRow(Base):
    """One row per kind of change (``scheduler.store.change_versions.KINDS``): a number raised in the same
    transaction as every write of that kind, so a result computed from what was read is saved only when
    nothing it read has changed. The row ``database`` holds a random number fixed at creation: the
    database's identity."""

    __tablename__ = "change_versions"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    changed: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PlacementRow(Base):
    __tablename__ = "placements"
    __table_args__ = (UniqueConstraint("plan_id", "student_id", "block_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    student_id: Mapped[str] = _student_fk(index=True)
    block_id: Mapped[str] = _block_fk(index=True)
    practice_code: Mapped[str] = _practice_fk(index=True)
    travel_minutes: Mapped[float] = mapped_column(Float)
    locked: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """The plan version in which this placement last changed."""
    locked_by: Mapped[str | None] = mapped_column(String(200))
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    lock_reason: Mapped[str | None] = mapped_column(Text)
    override: Mapped[str | None] = mapped_column(Text)
    """The hard rules broken by an officer's override, in plain English."""


class UnplacedRow(Base):
    __tablename__ = "unplaced"
    __table_args__ = (UniqueConstraint("plan_id", "student_id", "block_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    student_id: Mapped[str] = _student_fk(index=True)
    block_id: Mapped[str] = _block_fk(index=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class EditRow(Base):
    """One officer's change to a plan; follows the plan through renames and goes with it."""

    __tablename__ = "edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    when: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")


class AuditRow(Base):
    """One recorded action (import, solve, hand edit, settings change, backup, restore, purge): who, when, what,
    and the state before and after, as short text. Kept when plans are deleted or the data set is replaced."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    when: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    what: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")


class OfferRow(Base):
    """The capacity-offers round for one practice: when its workbook went out and when it came back.

    Keyed by practice code without a foreign key, so replacing the data set keeps the round's history.
    """

    __tablename__ = "offers"

    practice_code: Mapped[str] = mapped_column(CODE, primary_key=True)
    sent: Mapped[dt.datetime | None] = mapped_column(DateTime)
    replied: Mapped[dt.datetime | None] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(260), default="")
    changes: Mapped[int] = mapped_column(Integer, default=0)
    reply_by: Mapped[dt.date | None] = mapped_column(Date)


class PreferenceRoundRow(Base):
    """The preferences round for one student: when their cohort's workbook went out and when their ranks came back.

    Keyed by student id without a foreign key (as the offers round is by practice code), so replacing the
    data set keeps the round's history; anonymising a student deletes their row.
    """

    __tablename__ = "preference_round"

    student_id: Mapped[str] = mapped_column(CODE, primary_key=True)
    sent: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reply_by: Mapped[dt.date | None] = mapped_column(Date)
    replied: Mapped[dt.datetime | None] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(260), default="")
    ranks: Mapped[int] = mapped_column(Integer, default=0)


class EvaluationRow(Base):
    """One placement of the students' evaluations round: sent to the student, and their answers once returned.

    Keyed by student and block without a foreign key (as the preferences round is), so replacing the data set
    keeps the round. Scores are 1-5 or empty; a comment ticked as a concern is followed up by the office
    (what was done, when, by whom). The table belongs to one academic year: closing the year archives it.
    """

    __tablename__ = "evaluations"

    student_id: Mapped[str] = mapped_column(CODE, primary_key=True)
    block_id: Mapped[str] = mapped_column(CODE, primary_key=True)
    practice_code: Mapped[str] = mapped_column(CODE, index=True)
    sent: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reply_by: Mapped[dt.date | None] = mapped_column(Date)
    received: Mapped[dt.datetime | None] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(260), default="")
    teaching: Mapped[int | None] = mapped_column(Integer)
    welcome: Mapped[int | None] = mapped_column(Integer)
    patient_contact: Mapped[int | None] = mapped_column(Integer)
    organisation: Mapped[int | None] = mapped_column(Integer)
    recommend: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    concern: Mapped[bool] = mapped_column(default=False)
    concern_action: Mapped[str] = mapped_column(Text, default="")
    concern_action_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    concern_action_by: Mapped[str] = mapped_column(String(200), default="")


class RequestRow(Base):
    """A student's change request and the office's decision; keyed by student id without a foreign key, so a
    re-imported data set keeps the year's requests."""

    __tablename__ = "change_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = mapped_column(CODE, index=True)
    block_id: Mapped[str] = mapped_column(CODE)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    practice_code: Mapped[str] = mapped_column(CODE, default="")
    max_minutes: Mapped[float | None] = mapped_column(Float)
    away_from: Mapped[dt.date | None] = mapped_column(Date)
    away_to: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    decided: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(200), default="")


class ArchivedYearRow(Base):
    """A closed academic year: when and by whom it was closed, its final plan, and what closing it did."""

    __tablename__ = "archived_years"

    academic_year: Mapped[str] = mapped_column(String(16), primary_key=True)
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_by: Mapped[str] = mapped_column(String(200), default="")
    final_plan: Mapped[str] = mapped_column(String(200), default="")
    """'' when the year was closed without a final plan"""
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    next_year_started: Mapped[dt.datetime | None] = mapped_column(DateTime)
    """When the next year's students list was imported against this year (once per year)."""


class ArchivedRow(Base):
    """One row of a closed year, frozen as JSON: ``table_name`` is the live table it came from, ``student_id``
    the student whose personal data it holds (None for rows about no one student), so a subject export and a
    purge find it."""

    __tablename__ = "archived_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    academic_year: Mapped[str] = mapped_column(
        String(16), ForeignKey("archived_years.academic_year", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    student_id: Mapped[str | None] = mapped_column(CODE, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ColumnMappingRow(Base):
    """A saved column mapping, by the name the officer gave it: which column of another system's export is
    which contract column (``exchange.mapping``), kept for next year's import. Outlives the year it was made in."""

    __tablename__ = "column_mappings"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    columns: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON)
    """table -> {source column -> contract column}"""
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)
    saved_by: Mapped[str] = mapped_column(String(200), default="")
