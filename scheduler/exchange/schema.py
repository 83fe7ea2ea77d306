"""The tables of the data contract (data-format.md): their columns, which are required, and a note for each.

Readers, the validator, the writers and the template all work from these
specs, so the contract is written down in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool
    note: str


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    required: bool
    columns: tuple[Column, ...]
    note: str = ""

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _c(name: str, required: bool, note: str) -> Column:
    return Column(name, required, note)


PRACTICES = TableSpec("practices", True, (
    _c("practice_code", True, "NHS ODS practice code, e.g. M85001. Unique."),
    _c("name", True, "Surgery name."),
    _c("address", False, "Address on one line."),
    _c("postcode", False, "UK postcode."),
    _c("latitude", False, "WGS84 degrees (-90 to 90). Needed unless the postcode is in the postcodes sheet."),
    _c("longitude", False, "WGS84 degrees (-180 to 180). Needed unless the postcode is in the postcodes sheet."),
    _c("years", True, "Year groups it teaches, e.g. 1,2,5"),
    _c("capacity", False, "Students per block for every year it teaches (default 0)."),
    _c("accessible", False, "Step-free access: yes or no (default no)."),
    _c("public_transport", False, "Reachable by public transport: yes or no (default yes)."),
    _c("max_students_per_day", False, "Consulting rooms: most students of all years on site on one day (empty = no limit)."),
    _c("active", False, "yes or no (default yes). An inactive practice gets no students."),
    _c("tutor", False, "Lead GP tutor's name."),
    _c("email", False, "Placement contact email."),
    _c("approved_until", False, "Last day of the practice's teaching approval (empty = no limit); it takes a block "
                                "only if approved through the block's last day."),
    _c("programmes", False, "The learners it hosts, e.g. medicine,nursing (empty = every programme)."),
), "One row per GP surgery.")

STUDENTS = TableSpec("students", True, (
    _c("student_id", True, "University student number. Unique."),
    _c("first_name", True, "First name (any script)."),
    _c("last_name", True, "Last name (any script)."),
    _c("email", False, "Student email."),
    _c("year", True, "Year of study, 1 to 5."),
    _c("group", False, "Rotation group; see blocks.group."),
    _c("postcode", False, "Term-time postcode."),
    _c("latitude", False, "Term-time location, WGS84 degrees (-90 to 90)."),
    _c("longitude", False, "Term-time location, WGS84 degrees (-180 to 180)."),
    _c("travel_mode", False, "car, public, bike or walk (default public)."),
    _c("max_travel_minutes", False, "One-way limit for this student (reasonable adjustment). Empty = the school's default."),
    _c("needs_accessible", False, "yes or no (default no): only step-free practices."),
    _c("programme", False, "medicine (default), nursing, physician_associate, pharmacy, ..."),
), "One row per student.")

BLOCKS = TableSpec("blocks", True, (
    _c("block_id", True, "Unique, e.g. Y3-B2."),
    _c("year", True, "Year of study, 1 to 5."),
    _c("group", False, "If set, only students of this rotation group attend; empty = the whole year."),
    _c("name", False, "e.g. Year 3 GP block 2."),
    _c("start_date", True, "First day, e.g. 2026-09-07 or 07/09/2026."),
    _c("end_date", True, "Last day (inclusive), on or after start_date."),
    _c("weekdays", False, "Days at the surgery: Mon, Tue,Thu or Mon-Fri (default Mon-Fri)."),
    _c("programme", False, "As students.programme (default medicine): the block applies to the students of its "
                           "programme, year and group."),
), "One row per placement block of one year group.")

CAPACITY = TableSpec("capacity", False, (
    _c("practice_code", True, "A practice_code from practices."),
    _c("block_id", True, "A block_id from blocks."),
    _c("capacity", True, "Maximum students in this block (0 = closed for that block)."),
), "Overrides practices.capacity for one practice in one block.")

EXCLUSIONS = TableSpec("exclusions", False, (
    _c("student_id", True, "A student_id from students."),
    _c("practice_code", True, "A practice_code from practices."),
    _c("reason", False, "Kept for the audit trail; never printed on timetables."),
), "Conflicts of interest: the student never goes to this practice.")

PAIRS = TableSpec("pairs", False, (
    _c("student_a", True, "A student_id from students."),
    _c("student_b", True, "Another student_id: of the same year, or for learn_together of another programme."),
    _c("kind", False, "together, apart or learn_together (default together)."),
), "Students placed together (car sharing, buddy) or apart, or two programmes' learners at one practice.")

HISTORY = TableSpec("history", False, (
    _c("student_id", True, "A student_id from students."),
    _c("practice_code", True, "A practice_code from practices."),
    _c("academic_year", False, "e.g. 2025/26."),
), "Past placements, so that a student meets a new practice each year.")

PREFERENCES = TableSpec("preferences", False, (
    _c("student_id", True, "A student_id from students."),
    _c("practice_code", True, "A practice_code from practices."),
    _c("rank", True, "1 = most wanted."),
), "Practices students asked for.")

TRAVEL = TableSpec("travel", False, (
    _c("student_id", True, "A student_id from students."),
    _c("practice_code", True, "A practice_code from practices."),
    _c("minutes", True, "One-way door-to-door minutes, 0 or more."),
), "Journey times that override the estimate.")

POSTCODES = TableSpec("postcodes", False, (
    _c("postcode", True, "Matched ignoring case and spaces."),
    _c("latitude", True, "WGS84 degrees (-90 to 90)."),
    _c("longitude", True, "WGS84 degrees (-180 to 180)."),
), "Places postcodes that have no coordinates.")

CLEARANCES = TableSpec("clearances", False, (
    _c("student_id", True, "A student_id from students."),
    _c("kind", True, "e.g. dbs, occupational_health, immunisation (matched ignoring case)."),
    _c("valid_until", True, "Date the clearance runs to."),
), "Pre-placement checks held for each student.")

TUTORS = TableSpec("tutors", False, (
    _c("practice_code", True, "A practice_code from practices."),
    _c("name", True, "The GP tutor's name."),
    _c("email", False, "The tutor's email."),
    _c("trained_on", True, "Date of the tutor training (a date ahead: booked on a course, a tutor from then)."),
    _c("refresher_due", True, "Last day the training is in date: the refresher is due by then."),
    _c("active", False, "yes or no (default yes). Only active tutors count."),
), "The practices' GP tutors. When listed, a practice takes a block only with an active tutor in date through it.")

ATTENDANCE = TableSpec("attendance", False, (
    _c("student_id", True, "A student_id from students."),
    _c("block_id", True, "A block_id from blocks."),
    _c("practice_code", True, "A practice_code from practices."),
    _c("sessions", True, "Sessions delivered, 0 or more."),
), "Sessions delivered, from practices' returns or the school's register; used for payments.")

TABLES: dict[str, TableSpec] = {t.name: t for t in (
    PRACTICES, STUDENTS, BLOCKS, CAPACITY, EXCLUSIONS, PAIRS, HISTORY, PREFERENCES, TRAVEL, POSTCODES,
    CLEARANCES, TUTORS, ATTENDANCE,
)}
"""Every input table of the contract, in the order they are read and written."""

_WIDE = {"name": 34, "address": 44, "email": 30, "reason": 40, "tutor": 24, "first_name": 18, "last_name": 18}


def column_width(table: str, column: str) -> float:
    """A readable column width (in Excel's character units) for written workbooks."""
    return float(_WIDE.get(column, max(12, len(column) + 4)))


PLACEMENTS_HEADERS: tuple[str, ...] = ("student_id", "block_id", "practice_code", "travel_minutes", "locked")
UNPLACED_HEADERS: tuple[str, ...] = ("student_id", "block_id", "reason")
