"""Starting the new year from the records system's students list, after the old year was closed.

``check_new_year(ws, path)`` reads the new students table (a folder or
workbook holding ``students``, or one CSV file of it), matches students by
``student_id`` against the stored data set and reports, before anything is
written: who moved up a year, who repeats it (their history stays), who left
(absent from the list: their rows stay in the closed year's archive for the
retention period, in no plan), who is new and who changed programme. The
blocks roll forward (``scheduler.block_roll``) unless the source holds a
``blocks`` table, which then replaces them. Practices (with their approval
dates and their GP tutors), postcodes, and the continuing students' clearances (with their
dates), exclusions, pairs, history and journey times carry over; the
clearances due in the new blocks are listed.

The new data set is checked by the contract's own validator, so every
problem is named by table, row and column: rows of the officer's file by
their row there, carried-over rows by their row in ``export-data``'s table.
``start_new_year`` writes it in one transaction after an automatic backup,
only when there is no error, once per closed year.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.block_roll import roll_blocks, shift_weeks
from scheduler.compliance import ClearanceDue, clearances_due
from scheduler.domain import Block, DataSet
from scheduler.private_files import private_folder
from scheduler.services import audit
from scheduler.services.data import empty_required_tables
from scheduler.services.workspace import Workspace
from scheduler.store import change_versions, repository, year_rows
from scheduler.store.errors import StoreError

if TYPE_CHECKING:
    from scheduler.exchange import ColumnMapping, RawTable

READ_TABLES = ("students", "blocks")
"""The tables a new-year import takes from its source; every other table carries over from the stored data."""

CARRIED = {"practices": (), "postcodes": (), "exclusions": (0,), "pairs": (0, 1), "history": (0,), "clearances": (0,),
           "tutors": ()}
"""Tables carried over through the validator, with the columns that name students: a row is kept only when each
names a continuing student."""


class NewYearRefused(StoreError):
    """The new year cannot be started now (the year is not closed, or was started already); nothing changed."""


@dataclass
class NewYearReport:
    """What the new students list changes, before anything is written."""

    closed_year: str
    academic_year: str
    moved_up: list[tuple[str, int, int]] = field(default_factory=list)
    """(student, last year's year of study, this year's)"""
    repeats: list[tuple[str, int]] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed_programme: list[tuple[str, str, str]] = field(default_factory=list)
    other_year: list[tuple[str, int, int]] = field(default_factory=list)
    """Continuing students whose year went down or jumped: listed for the officer to check."""
    blocks_rolled_weeks: int | None = None
    """Weeks every block moved by; None when a new blocks table was imported instead."""
    blocks: tuple[Block, ...] = ()
    clearances_due: list[ClearanceDue] = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    dataset: DataSet | None = None
    read: change_versions.Snapshot | None = None
    """What the check read, so the write can tell that nothing changed since."""

    @property
    def ok(self) -> bool:
        return not self.errors and self.dataset is not None

    def lines(self) -> list[str]:
        """The report as an officer reads it (student numbers only)."""
        def ids(values) -> str:
            return ", ".join(values) or "none"

        out = [f"New year {self.academic_year} after {self.closed_year}:",
               f"  moved up a year: {len(self.moved_up):,}",
               f"  repeat their year (history kept): {len(self.repeats):,}: {ids(s for s, _ in self.repeats)}",
               f"  left (kept in the {self.closed_year} archive, in no plan): {len(self.left):,}",
               f"  new: {len(self.new):,}",
               f"  changed programme: {len(self.changed_programme):,}: "
               + ids(f"{s} ({a} -> {b})" for s, a, b in self.changed_programme)]
        if self.other_year:
            out.append(f"  year changed otherwise (check): {len(self.other_year):,}: "
                       + ids(f"{s} ({a} -> {b})" for s, a, b in self.other_year))
        if self.blocks_rolled_weeks is not None:
            out.append(f"  blocks rolled forward {self.blocks_rolled_weeks} weeks, on the same weekdays: "
                       f"{len(self.blocks):,}")
        elif self.blocks:
            out.append(f"  blocks from the new blocks table: {len(self.blocks):,}")
        out.append(f"  clearances due in the new blocks: {len(self.clearances_due):,}")
        out += [f"    {d.student_id} {d.kind}: " + (f"runs to {d.valid_until:%d/%m/%Y}" if d.valid_until
                                                      else "not on record") + f", block {d.block_id}"
                for d in self.clearances_due]
        return out


def _read_source(path: Path, mapping: ColumnMapping | None):
    """The source's tables (through the column ``mapping``) and read problems; one CSV file is read as the
    students table."""
    from scheduler.exchange import read_tables

    if path.is_file() and path.suffix.lower() == ".csv":
        with tempfile.TemporaryDirectory(prefix="gp-new-year-") as tmp:
            folder = private_folder(Path(tmp) / "source")
            shutil.copyfile(path, folder / "students.csv")
            return read_tables(folder, mapping)
    return read_tables(path, mapping)


def _student_ids(table) -> set[str]:
    """The student ids the list gives, from its student_id column wherever it stands (the validator names a
    missing one)."""
    keys = [h.strip().lower() for h in table.headers]
    if "student_id" not in keys:
        return set()
    at = keys.index("student_id")
    return {str(row[at]).strip() for row in table.rows if len(row) > at}


def _raw(name: str, rows) -> RawTable:
    from scheduler.exchange import RawTable
    from scheduler.exchange.schema import TABLES

    cells = [["" if v is None else v for v in row] for row in rows]
    return RawTable(name, list(TABLES[name].headers), cells, list(range(2, len(cells) + 2)))


def _carried(stored: DataSet, keep: set[str]) -> dict[str, RawTable]:
    """The stored tables that carry over, as raw rows at their ``export-data`` row numbers, without the rows of
    students who left."""
    from scheduler.exchange.writers import table_rows

    rows = table_rows(stored)
    tables = {}
    for name, student_columns in CARRIED.items():
        table = _raw(name, rows[name])
        chosen = [i for i, row in enumerate(table.rows) if all(row[c] in keep for c in student_columns)]
        table.rows = [table.rows[i] for i in chosen]
        table.row_numbers = [table.row_numbers[i] for i in chosen]
        tables[name] = table
    return tables


def check_new_year(ws: Workspace, path: str | Path, today: dt.date | None = None,
                   mapping: ColumnMapping | None = None) -> NewYearReport:
    """The report of what importing the new students list would do; nothing is written. Raises
    ``NewYearRefused`` when the year is not closed or the next one was started already."""
    from scheduler.exchange import Problem, validate

    path = Path(path)
    with ws.session() as s:
        read = change_versions.snapshot(s)
        closed_year, academic_year = _open_year(s)
        stored = repository.load_dataset(s)
    report = NewYearReport(closed_year, academic_year, read=read)
    tables, read_problems = _read_source(path, mapping)
    report.errors += [p for p in read_problems if p.severity == "error"]
    report.warnings += [p for p in read_problems if p.severity != "error"]
    for name in sorted(set(tables) - set(READ_TABLES)):
        report.warnings.append(Problem(name, None, None, "a new-year import reads students and blocks only; this "
                                       "table was ignored (the stored one carries over)", "warning"))
    if "blocks" in tables and not tables["blocks"].rows:  # an empty sheet of a workbook made from the template
        del tables["blocks"]
        report.warnings.append(Problem("blocks", None, None, "the table has no rows, so the stored blocks roll "
                                       "forward", "warning"))
    if "students" not in tables:
        if not report.errors:
            report.errors.append(Problem("students", None, None, f"{path.name} holds no students table; give the "
                                         "new year's students list"))
        return report
    if "blocks" not in tables:
        rolled, problems = roll_blocks(stored.blocks, closed_year)
        report.errors += [Problem("blocks", p.index + 2, p.column, p.message) for p in problems]
        if problems:
            return report
        report.blocks_rolled_weeks = shift_weeks(stored.blocks)[0] if rolled else 0
        from scheduler.exchange.writers import table_rows

        tables["blocks"] = _raw("blocks", table_rows(DataSet(blocks=rolled))["blocks"])
    new_ids = _student_ids(tables["students"])
    keep = {st.student_id for st in stored.students} & new_ids
    result = validate({**{n: t for n, t in tables.items() if n in READ_TABLES}, **_carried(stored, keep)})
    report.errors += result.errors
    report.warnings += result.warnings
    if report.errors or result.dataset is None:
        return report
    checked = result.dataset
    for table in empty_required_tables(checked):
        report.errors.append(Problem(table, None, None, f"the table has no rows; a new year needs its {table} (check "
                                     "you chose the right file)"))
    if report.errors:
        return report
    travel = tuple(t for t in stored.travel if t.student_id in keep)
    report.dataset = dataclasses.replace(checked, travel=travel)
    report.blocks = checked.blocks
    _compare(report, stored, checked)
    with ws.session() as s:
        required = repository.load_settings(s).required_clearances
    report.clearances_due = clearances_due(report.dataset, required, today or min(
        (b.start_date for b in checked.blocks), default=dt.date.today()))
    return report


def _compare(report: NewYearReport, stored: DataSet, new: DataSet) -> None:
    before = {st.student_id: st for st in stored.students}
    now = {st.student_id: st for st in new.students}
    for sid, student in now.items():
        old = before.get(sid)
        if old is None:
            report.new.append(sid)
            continue
        if student.year == old.year + 1:
            report.moved_up.append((sid, old.year, student.year))
        elif student.year == old.year:
            report.repeats.append((sid, student.year))
        else:
            report.other_year.append((sid, old.year, student.year))
        if student.programme != old.programme:
            report.changed_programme.append((sid, old.programme, student.programme))
    report.left = [sid for sid in before if sid not in now]


def _open_year(s) -> tuple[str, str]:
    """(the closed year, the new one) when a new year may start now; else ``NewYearRefused``."""
    from scheduler.services.years import next_academic_year

    academic_year = repository.load_settings(s).academic_year
    closed = [y for y in year_rows.years(s) if next_academic_year(y["academic_year"]) == academic_year]
    if not closed:
        raise NewYearRefused(f"the academic year {academic_year} follows no closed year; close the old year "
                             "first (close-year), then import its students list")
    if closed[0]["next_year_started"] is not None:
        raise NewYearRefused(f"{academic_year} was started from a students list already "
                             f"({closed[0]['next_year_started']:%d/%m/%Y %H:%M}); to correct it, import the "
                             "corrected data set with --replace")
    return closed[0]["academic_year"], academic_year


def start_new_year(ws: Workspace, path: str | Path, today: dt.date | None = None,
                   mapping: ColumnMapping | None = None) -> NewYearReport:
    """Checks the list (``check_new_year``) and, when it has no errors, writes the new year's data set in one
    transaction after an automatic backup; returns the report (with ``errors`` when nothing was written)."""
    report = check_new_year(ws, path, today, mapping)
    if not report.ok:
        return report
    dataset, read = report.dataset, report.read
    assert dataset is not None and read is not None  # ok, and check_new_year read the versions
    from scheduler.services.backups import automatic_backup

    backup = automatic_backup(ws, "before-new-year", record=False)

    def write(s) -> None:
        closed_year, academic_year = _open_year(s)  # again, inside the transaction that starts the year
        try:
            change_versions.check(s, read)
        except change_versions.ReadDataChanged as exc:
            raise NewYearRefused(f"nothing was written: {exc}; check the list again") from None
        repository.replace_dataset(s, dataset)
        year_rows.mark_next_year_started(s, closed_year, dt.datetime.now().replace(microsecond=0))
        audit.record(s, "new year", f"{academic_year} from {path}", f"backup {backup}",
                     f"{len(report.moved_up)} moved up, {len(report.repeats)} repeat, {len(report.left)} left, "
                     f"{len(report.new)} new, {len(report.changed_programme)} changed programme")

    ws.database.write("new year", write)
    return report
