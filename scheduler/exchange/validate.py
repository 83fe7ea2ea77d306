"""Checking raw tables against the data contract and turning them into a ``DataSet``.

Every rule of data-format.md is checked and every problem is collected (never
stop at the first), each located by table, row (as Excel shows it) and
column. The column helpers live in ``columns.py``; this module holds the
rules of each table and of the data set as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable, cast

from scheduler.domain import (
    DEFAULT_PROGRAMME,
    PAIR_KINDS,
    TRAVEL_MODES,
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
    format_weekdays,
    new_travel_override,
    programme_key,
)
from scheduler.exchange import cells
from scheduler.exchange.bulk import gc_paused
from scheduler.exchange.cells import CellError
from scheduler.exchange.columns import Columns, Table
from scheduler.exchange.results import Problem, RawTable, ValidationResult
from scheduler.exchange.schema import TABLES
from scheduler.travel import normalise_postcode

ALL_WEEKDAYS = frozenset(range(5))
MOST_PLACES = 1_000
"""Capacities and per-day limits: 0 to 1,000 (data-format.md); a bigger number is a typo and breaks the solver."""
MOST_MINUTES = 1_440
MOST_RANK = 50
MOST_SESSIONS = 500


class _Validator(Columns):
    """The contract's rules, table by table; tables that others refer to come first."""

    def __init__(self, tables: dict[str, RawTable]) -> None:
        super().__init__()
        for name in tables:
            if name not in TABLES:
                self.p.add(name, None, None, "not one of the tables of the data format; it was ignored", "warning")
        self.t = {name: Table(tables.get(name), spec, self.p) for name, spec in TABLES.items()}

    def postcodes(self) -> dict[str, tuple[float, float]]:
        t = self.t["postcodes"]
        self.postcode_rows: list[PostcodeLocation] = []
        if not t.present or not t.usable:
            return {}
        codes = self.texts(t, "postcode", required=True, what="row")
        lat, lon = self.coordinates(t, required=True)
        norm = [normalise_postcode(c) for c in codes]
        self.duplicates(t, [(c,) for c in norm], "postcode", "this postcode")
        lookup: dict[str, tuple[float, float]] = {}
        for i in range(t.n):
            if norm[i] and (la := lat[i]) is not None and (lo := lon[i]) is not None:
                lookup.setdefault(norm[i], (la, lo))
                self.postcode_rows.append(PostcodeLocation(codes[i], la, lo))
        return lookup

    def practices(self, lookup: dict[str, tuple[float, float]]) -> dict[str, int] | None:
        t = self.t["practices"]
        self.practice_rows: list[Practice] = []
        if not t.usable:
            return None
        code = self.texts(t, "practice_code", required=True, what="practice")
        known = self.unique(t, "practice_code", code, "practice")
        name = self.texts(t, "name", required=True, what="practice")
        address, postcode = self.texts(t, "address"), self.texts(t, "postcode")
        tutor, email = self.texts(t, "tutor"), self.texts(t, "email")
        lat, lon = self.coordinates(t)
        years = self.parse(t, "years", cells.years, required=True, what="practice")
        capacity = self.parse(t, "capacity", lambda v: _count(v, "capacity", "places per block", MOST_PLACES), 0)
        accessible = self.parse(t, "accessible", cells.yes_no, False)
        public = self.parse(t, "public_transport", cells.yes_no, True)
        per_day = self.parse(t, "max_students_per_day", _per_day, None)
        active = self.parse(t, "active", cells.yes_no, True)
        approved = self.parse(t, "approved_until", cells.date, None)
        programmes = self.parse(t, "programmes", _programmes, frozenset())
        for i in range(t.n):
            if not (self.given(t, "latitude", i) or self.given(t, "longitude", i)):
                if postcode[i] and normalise_postcode(postcode[i]) not in lookup:
                    self.err(t, i, "postcode",
                             "the practice has no latitude/longitude and its postcode is not in the "
                             "postcodes table; add the coordinates or add the postcode to postcodes")
                elif not postcode[i]:
                    self.err(t, i, "latitude",
                             "the practice has no location; give latitude and longitude, or a postcode that is "
                             "listed in the postcodes table")
            if email[i] and "@" not in email[i]:
                self.err(t, i, "email", "the email has no @, so it does not look like an email address", "warning")
        self.practice_rows = [
            Practice(code[i], name[i], years[i] or frozenset(), capacity[i] or 0, address[i], postcode[i],
                     lat[i], lon[i], bool(accessible[i]), bool(public[i]), per_day[i], bool(active[i]),
                     tutor[i], email[i], approved[i], programmes[i] or frozenset())
            for i in range(t.n)
        ]
        return known

    def students(self, lookup: dict[str, tuple[float, float]]) -> dict[str, int] | None:
        t = self.t["students"]
        self.student_rows: list[Student] = []
        if not t.usable:
            return None
        sid = self.texts(t, "student_id", required=True, what="student")
        known = self.unique(t, "student_id", sid, "student")
        first = self.texts(t, "first_name", required=True, what="student")
        last = self.texts(t, "last_name", required=True, what="student")
        email, group, postcode = self.texts(t, "email"), self.texts(t, "group"), self.texts(t, "postcode")
        year = self.parse(t, "year", cells.year_of_study, required=True, what="student")
        lat, lon = self.coordinates(t)
        mode = self.parse(t, "travel_mode", lambda v: cells.choice(v, TRAVEL_MODES, "travel mode"), "public")
        limit = self.parse(t, "max_travel_minutes", _minutes_limit, None)
        needs = self.parse(t, "needs_accessible", cells.yes_no, False)
        programme = self.parse(t, "programme", _programme, DEFAULT_PROGRAMME)
        for i in range(t.n):
            if not (self.given(t, "latitude", i) or self.given(t, "longitude", i)):
                if not postcode[i] or normalise_postcode(postcode[i]) not in lookup:
                    where = "the postcode is not in the postcodes table" if postcode[i] else "there is no postcode"
                    self.err(t, i, "postcode",
                             f"the student has no latitude/longitude and {where}; the school's base location is "
                             "used for travel times", "warning")
            if email[i] and "@" not in email[i]:
                self.err(t, i, "email", "the email has no @, so it does not look like an email address", "warning")
        self.student_year = {sid[i]: year[i] for i in range(t.n) if sid[i]}
        self.student_group = {sid[i]: group[i] for i in range(t.n) if sid[i]}
        self.student_programme = {sid[i]: programme[i] or DEFAULT_PROGRAMME for i in range(t.n) if sid[i]}
        self.student_rows = [
            Student(sid[i], first[i], last[i], year[i] or 0, email[i], group[i], postcode[i], lat[i], lon[i],
                    mode[i] or "public", limit[i], bool(needs[i]), programme[i] or DEFAULT_PROGRAMME)
            for i in range(t.n)
        ]
        return known

    def blocks(self) -> dict[str, int] | None:
        t = self.t["blocks"]
        self.block_rows: list[Block] = []
        if not t.usable:
            return None
        bid = self.texts(t, "block_id", required=True, what="block")
        known = self.unique(t, "block_id", bid, "block")
        year = self.parse(t, "year", cells.year_of_study, required=True, what="block")
        group, name = self.texts(t, "group"), self.texts(t, "name")
        start = self.parse(t, "start_date", cells.date, required=True, what="block")
        end = self.parse(t, "end_date", cells.date, required=True, what="block")
        days = self.parse(t, "weekdays", cells.weekdays, ALL_WEEKDAYS)
        programme = self.parse(t, "programme", _programme, DEFAULT_PROGRAMME)
        for i in range(t.n):
            if start[i] and end[i] and end[i] < start[i]:
                self.err(t, i, "end_date", f"the block ends ({end[i]:%d/%m/%Y}) before it starts "
                         f"({start[i]:%d/%m/%Y}); end_date must be on or after start_date")
        self.block_rows = [
            Block(bid[i], year[i] or 0, start[i] or dt.date.min, end[i] or dt.date.min, group[i], name[i],
                  days[i] or ALL_WEEKDAYS, programme[i] or DEFAULT_PROGRAMME)
            for i in range(t.n)
        ]
        good = [b for i, b in enumerate(self.block_rows) if year[i] and start[i] and end[i] and days[i] and end[i] >= start[i]]
        for b in good:
            if not b.teaching_dates():
                i = known[b.block_id]
                self.err(t, i, "weekdays", f"no {format_weekdays(b.weekdays)} falls between start_date and end_date; "
                         "the block has no teaching days", "warning")
        self.block_year = {b.block_id: b.year for b in good}
        self._overlaps(t, good, known)
        return known

    def _overlaps(self, t: Table, blocks: list[Block], known: dict[str, int]) -> None:
        """Two blocks that the same students attend on the same days would need two practices at once."""
        for j, b in enumerate(blocks):
            for a in blocks[:j]:
                if a.year != b.year or a.programme != b.programme or (a.group and b.group and a.group != b.group):
                    continue
                if a.start_date <= b.end_date and b.start_date <= a.end_date and a.weekdays & b.weekdays:
                    self.err(t, known[b.block_id], "start_date",
                             f"block {b.block_id} overlaps block {a.block_id} on the same weekdays, and students of "
                             f"year {b.year} attend both; they cannot be at two practices at once", "warning")

    # --- tables that refer to others ----------------------------------------------

    def capacity(self, practices: dict | None, blocks: dict | None) -> None:
        t = self.t["capacity"]
        self.capacity_rows: list[CapacityOverride] = []
        if not t.present or not t.usable:
            return
        code = self.texts(t, "practice_code", required=True)
        bid = self.texts(t, "block_id", required=True)
        self.refs(t, "practice_code", code, practices, "practices", "practice_code")
        self.refs(t, "block_id", bid, blocks, "blocks", "block_id")
        cap = self.parse(t, "capacity", lambda v: _count(v, "capacity", "maximum students (0 = closed)", MOST_PLACES),
                         required=True)
        self.duplicates(t, list(zip(code, bid)), "practice and block", "this practice and block")
        teaches = {p.code: p.years for p in self.practice_rows}
        years = getattr(self, "block_year", {})
        for i in range(t.n):
            y = years.get(bid[i])
            if cap[i] and y and code[i] in teaches and y not in teaches[code[i]]:
                self.err(t, i, "capacity", f"practice {code[i]} does not teach year {y} (see practices.years), "
                         f"so this capacity for block {bid[i]} is never used", "warning")
        self.capacity_rows = [CapacityOverride(code[i], bid[i], cap[i] or 0) for i in range(t.n)]

    def exclusions(self, students: dict | None, practices: dict | None) -> None:
        t = self.t["exclusions"]
        self.exclusion_rows: list[Exclusion] = []
        if not t.present or not t.usable:
            return
        sid = self.texts(t, "student_id", required=True)
        code = self.texts(t, "practice_code", required=True)
        reason = self.texts(t, "reason")
        self.refs(t, "student_id", sid, students, "students", "student_id")
        self.refs(t, "practice_code", code, practices, "practices", "practice_code")
        repeats = self.duplicates(t, list(zip(sid, code)), "student and practice", "this exclusion", "warning")
        self.exclusion_rows = [Exclusion(sid[i], code[i], reason[i]) for i in range(t.n) if i not in repeats]

    def pairs(self, students: dict | None) -> None:
        t = self.t["pairs"]
        self.pair_rows: list[Pair] = []
        if not t.present or not t.usable:
            return
        a = self.texts(t, "student_a", required=True)
        b = self.texts(t, "student_b", required=True)
        kind = self.parse(t, "kind", lambda v: cells.choice(v, PAIR_KINDS, "kind of pair"), "together")
        ok_a = self.refs(t, "student_a", a, students, "students", "student_id")
        ok_b = self.refs(t, "student_b", b, students, "students", "student_id")
        years = getattr(self, "student_year", {})
        programmes = getattr(self, "student_programme", {})
        seen: dict[frozenset, int] = {}
        repeats: set[int] = set()
        for i in range(t.n):
            if not (a[i] and b[i] and ok_a[i] and ok_b[i]):
                continue
            if a[i] == b[i]:
                self.err(t, i, "student_b", "the student is paired with themself; student_b must be another student")
                continue
            ya, yb = years.get(a[i]), years.get(b[i])
            if kind[i] == "learn_together":
                pa, pb = programmes.get(a[i]), programmes.get(b[i])
                if pa and pa == pb:
                    self.err(t, i, "kind", "both students are of one programme; learn_together pairs two learners "
                             "of different programmes (e.g. medicine and nursing): use together, or pair other students")
            elif ya and yb and ya != yb:
                self.err(t, i, "student_b", f"student_a (year {ya}) and student_b (year {yb}) are in different "
                         "years; a pair must be two students of the same year")
            key = frozenset((a[i], b[i]))
            if key in seen:
                j = seen[key]
                repeats.add(i)
                if kind[i] and kind[j] and kind[i] != kind[j]:
                    self.err(t, i, "kind", f"the two students are paired both {kind[j]} and {kind[i]} "
                             f"(see row {t.numbers[j]}); keep one of the two rows")
                else:
                    self.err(t, i, None, f"this pair is listed twice (also row {t.numbers[j]}); keep one row",
                             "warning")
            else:
                seen[key] = i
        self.pair_rows = [Pair(a[i], b[i], kind[i] or "together") for i in range(t.n) if i not in repeats]

    def history(self, students: dict | None, practices: dict | None) -> None:
        t = self.t["history"]
        self.history_rows: list[HistoryEntry] = []
        if not t.present or not t.usable:
            return
        sid = self.texts(t, "student_id", required=True)
        code = self.texts(t, "practice_code", required=True)
        year = self.texts(t, "academic_year")
        self.refs(t, "student_id", sid, students, "students", "student_id")
        self.refs(t, "practice_code", code, practices, "practices (list a practice that has closed with active = no)",
                  "practice_code")
        self.history_rows = [HistoryEntry(sid[i], code[i], year[i]) for i in range(t.n)]

    def preferences(self, students: dict | None, practices: dict | None) -> None:
        t = self.t["preferences"]
        self.preference_rows: list[Preference] = []
        if not t.present or not t.usable:
            return
        sid = self.texts(t, "student_id", required=True)
        code = self.texts(t, "practice_code", required=True)
        rank = self.parse(t, "rank", _rank, required=True)
        self.refs(t, "student_id", sid, students, "students", "student_id")
        self.refs(t, "practice_code", code, practices, "practices", "practice_code")
        self.duplicates(t, list(zip(sid, code)), "student and practice", "this student's preference for this practice")
        self.preference_rows = [Preference(sid[i], code[i], rank[i] or 0) for i in range(t.n)]

    def travel(self, students: dict | None, practices: dict | None) -> None:
        t = self.t["travel"]
        self.travel_rows: Iterable[TravelOverride] = ()
        if not t.present or not t.usable:
            return
        sid = self.texts(t, "student_id", required=True)
        code = self.texts(t, "practice_code", required=True)
        self.refs(t, "student_id", sid, students, "students", "student_id")
        self.refs(t, "practice_code", code, practices, "practices", "practice_code")
        minutes = self.numbers(t, "minutes", 0.0, MOST_MINUTES, "give one-way minutes, 0 to 1,440 (a day)",
                               required=True)
        self.duplicates(t, list(zip(sid, code)), "student and practice", "this journey")
        if not self.p.errors:  # so every required minute was given
            self.travel_rows = tuple(map(new_travel_override, sid, code, cast("list[float]", minutes)))

    def clearances(self, students: dict | None) -> None:
        t = self.t["clearances"]
        self.clearance_rows: list[Clearance] = []
        if not t.present or not t.usable:
            return
        sid = self.texts(t, "student_id", required=True)
        kind = self.parse(t, "kind", _programme, required=True)
        until = self.parse(t, "valid_until", cells.date, required=True)
        self.refs(t, "student_id", sid, students, "students", "student_id")
        # a renewed check may be listed beside the old one: the rule takes the latest date of each kind
        self.clearance_rows = [Clearance(sid[i], kind[i], until[i]) for i in range(t.n) if kind[i] and until[i]]

    def tutors(self, practices: dict | None) -> None:
        t = self.t["tutors"]
        self.tutor_rows: list[Tutor] = []
        if not t.present or not t.usable:
            return
        code = self.texts(t, "practice_code", required=True)
        name = self.texts(t, "name", required=True)
        email = self.texts(t, "email")
        trained = self.parse(t, "trained_on", cells.date, required=True)
        due = self.parse(t, "refresher_due", cells.date, required=True)
        active = self.parse(t, "active", cells.yes_no, True)
        self.refs(t, "practice_code", code, practices, "practices", "practice_code")
        seen: dict[tuple[str, str], int] = {}
        for i in range(t.n):
            if trained[i] and due[i] and due[i] < trained[i]:
                self.err(t, i, "refresher_due", "the refresher is due before the training date; refresher_due "
                         "must be on or after trained_on")
            if email[i] and "@" not in email[i]:
                self.err(t, i, "email", "the email has no @, so it does not look like an email address", "warning")
            key = (code[i], " ".join(name[i].split()).casefold())
            if all(key) and (j := seen.setdefault(key, i)) != i:  # the message names rows, never the tutor
                self.err(t, i, "name", f"this tutor is listed twice for the practice (also row {t.numbers[j]}); "
                         "keep one row per tutor of a practice")
        self.tutor_rows = [Tutor(code[i], name[i], trained[i], due[i], email[i], bool(active[i]))
                           for i in range(t.n) if trained[i] and due[i]]

    def attendance(self, students: dict | None, blocks: dict | None, practices: dict | None) -> None:
        t = self.t["attendance"]
        self.attendance_rows: list[Attendance] = []
        if not t.present or not t.usable:
            return
        sid = self.texts(t, "student_id", required=True)
        bid = self.texts(t, "block_id", required=True)
        code = self.texts(t, "practice_code", required=True)
        sessions = self.parse(t, "sessions", lambda v: _count(v, "sessions", "sessions delivered", MOST_SESSIONS),
                              required=True)
        self.refs(t, "student_id", sid, students, "students", "student_id")
        self.refs(t, "block_id", bid, blocks, "blocks", "block_id")
        self.refs(t, "practice_code", code, practices, "practices", "practice_code")
        self.duplicates(t, list(zip(sid, bid, code)), "student, block and practice", "this attendance")
        self.attendance_rows = [Attendance(sid[i], bid[i], code[i], sessions[i] or 0) for i in range(t.n)]

    # --- whole data set -----------------------------------------------------------

    def group_warnings(self) -> None:
        """Students who attend no block, and blocks that no student attends: usually a typo in a group."""
        students, blocks = self.t["students"], self.t["blocks"]
        if not (students.usable and blocks.usable) or self.p.errors:
            return
        attended: set[str] = set()
        by_year: dict[int, list[Block]] = defaultdict(list)
        for b in self.block_rows:
            by_year[b.year].append(b)
        for i, s in enumerate(self.student_rows):
            mine = [b for b in by_year.get(s.year, ()) if b.attended_by(s)]
            attended.update(b.block_id for b in mine)
            if not mine and by_year.get(s.year):
                groups = sorted({b.group for b in by_year[s.year] if b.group})
                self.err(students, i, "group", f"the student attends no block: the blocks of year {s.year} are for "
                         f"group(s) {', '.join(groups)}" + (", not the student's group" if s.group else ""), "warning")
        for i, b in enumerate(self.block_rows):
            if b.block_id not in attended:
                who = f"group {b.group} of year {b.year}" if b.group else f"year {b.year}"
                self.err(blocks, i, "group" if b.group else "year", f"no student of {who} attends this block", "warning")

    def run(self) -> ValidationResult:
        lookup = self.postcodes()
        practices = self.practices(lookup)
        students = self.students(lookup)
        blocks = self.blocks()
        self.capacity(practices, blocks)
        self.exclusions(students, practices)
        self.pairs(students)
        self.history(students, practices)
        self.preferences(students, practices)
        self.travel(students, practices)
        self.clearances(students)
        self.tutors(practices)
        self.attendance(students, blocks, practices)
        self.group_warnings()
        dataset = None
        if not self.p.errors:
            dataset = DataSet(
                practices=tuple(self.practice_rows), students=tuple(self.student_rows),
                blocks=tuple(self.block_rows), capacities=tuple(self.capacity_rows),
                exclusions=tuple(self.exclusion_rows), pairs=tuple(self.pair_rows),
                history=tuple(self.history_rows), preferences=tuple(self.preference_rows),
                travel=tuple(self.travel_rows), postcodes=tuple(self.postcode_rows),
                clearances=tuple(self.clearance_rows), tutors=tuple(self.tutor_rows),
                attendance=tuple(self.attendance_rows),
            )
        self.p.finish()
        order = {name: i for i, name in enumerate(TABLES)}

        def place(p: Problem) -> tuple[int, float]:
            return order.get(p.table, len(order)), float("inf") if p.more else (p.row or 0)

        return ValidationResult(dataset, sorted(self.p.errors, key=place), sorted(self.p.warnings, key=place))


def _count(value: object, column: str, meaning: str, most: int) -> int:
    n = cells.whole_number(value, f"a whole number from 0 to {most:,} ({meaning})")
    if n < 0:
        raise CellError(f"{column} {n} is negative; use a whole number from 0 to {most:,} ({meaning})")
    return int(cells.in_range(n, 0, most, column, f"a whole number from 0 to {most:,} ({meaning})"))


def _per_day(value: object) -> int:
    n = cells.whole_number(value, "a whole number of students, 1 or more, or leave it empty for no limit")
    if n < 1:
        raise CellError(f"{n} students a day would close the practice; use 1 or more, leave it empty for no limit, "
                        "or set active to no")
    return int(cells.in_range(n, 1, MOST_PLACES, "max_students_per_day",
                              f"1 to {MOST_PLACES:,} students, or leave it empty for no limit"))


def _minutes_limit(value: object) -> float:
    f = cells.number(value)
    if f <= 0:
        raise CellError("the cell is not a journey limit; use minutes above 0, or leave it empty for "
                        "the school's default")
    return cells.in_range(f, 0, MOST_MINUTES, "max_travel_minutes",
                          "minutes above 0, up to 1,440 (a day), or leave it empty for the school's default")


def _programme(value: object) -> str:
    key = programme_key(cells.text(value))
    if not key.replace("_", "").isalnum():
        raise CellError("the cell is not a programme's name; use letters, e.g. medicine, nursing, pharmacy")
    return key


def _programmes(value: object) -> frozenset[str]:
    return frozenset(_programme(part) for part in cells.text(value).split(",") if part.strip())


def _rank(value: object) -> int:
    n = cells.whole_number(value, "1 for the most wanted practice, 2 for the next …")
    if n < 1:
        raise CellError(f"rank {n} is below 1; use 1 for the most wanted practice, 2 for the next …")
    return int(cells.in_range(n, 1, MOST_RANK, "rank", f"1 to {MOST_RANK} (1 = the most wanted practice)"))




def validate(tables: dict[str, RawTable]) -> ValidationResult:
    """Checks raw tables against the contract; ``dataset`` is None whenever there is an error."""
    with gc_paused():
        result = _Validator(tables).run()
    result.tables = dict(tables)
    return result
