"""Writing a ``DataSet`` as the contract's tables (a CSV folder or one .xlsx workbook) and the plan exports.

What is written reads back to an equal data set. CSV files are UTF-8 with a
byte-order mark, so that Excel shows names in every script correctly, and
text that Excel would run as a formula is marked as text (``formula_guard``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Iterator

from scheduler.domain import DataSet, Placement, Unplaced, format_weekdays
from scheduler.exchange.atomic import replaced_on_success
from scheduler.exchange.formula_guard import InertWriter
from scheduler.exchange.schema import PLACEMENTS_HEADERS, TABLES, UNPLACED_HEADERS, column_width
from scheduler.private_files import private_folder

Cell = str | int | float | dt.date | None


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _years(years: Iterable[int]) -> str:
    return ",".join(str(y) for y in sorted(years))


def _names(names: Iterable[str]) -> str:
    return ",".join(sorted(names))


def table_rows(data: DataSet) -> dict[str, Iterator[tuple[Cell, ...]]]:
    """Each table's rows as typed cells, columns in the order of ``schema.TABLES``."""
    return {
        "practices": ((p.code, p.name, p.address, p.postcode, p.latitude, p.longitude, _years(p.years),
                       p.capacity, _yes(p.accessible), _yes(p.public_transport), p.max_students_per_day,
                       _yes(p.active), p.tutor, p.email, p.approved_until, _names(p.programmes))
                      for p in data.practices),
        "students": ((s.student_id, s.first_name, s.last_name, s.email, s.year, s.group, s.postcode,
                      s.latitude, s.longitude, s.travel_mode, s.max_travel_minutes, _yes(s.needs_accessible),
                      s.programme) for s in data.students),
        "blocks": ((b.block_id, b.year, b.group, b.name, b.start_date, b.end_date, format_weekdays(b.weekdays),
                    b.programme) for b in data.blocks),
        "capacity": ((c.practice_code, c.block_id, c.capacity) for c in data.capacities),
        "exclusions": ((e.student_id, e.practice_code, e.reason) for e in data.exclusions),
        "pairs": ((p.student_a, p.student_b, p.kind) for p in data.pairs),
        "history": ((h.student_id, h.practice_code, h.academic_year) for h in data.history),
        "preferences": ((p.student_id, p.practice_code, p.rank) for p in data.preferences),
        "travel": ((t.student_id, t.practice_code, t.minutes) for t in data.travel),
        "postcodes": ((p.postcode, p.latitude, p.longitude) for p in data.postcodes),
        "clearances": ((c.student_id, c.kind, c.valid_until) for c in data.clearances),
        "tutors": ((t.practice_code, t.name, t.email, t.trained_on, t.refresher_due, _yes(t.active))
                   for t in data.tutors),
        "attendance": ((a.student_id, a.block_id, a.practice_code, a.sessions) for a in data.attendance),
    }


def csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if type(value) is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_rows(path: Path, headers: Iterable[str], rows: Iterable[Iterable[Cell]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = InertWriter(f)
        writer.writerow(headers)
        writer.writerows([csv_text(v) for v in row] for row in rows)


def _write_csv(path: Path, headers: Iterable[str], rows: Iterable[Iterable[Cell]]) -> None:
    private_folder(path.parent)
    with replaced_on_success([path]) as (partial,):
        _write_rows(partial, headers, rows)


def write_dataset_csv(data: DataSet, folder: str | Path) -> list[Path]:
    """One ``<table>.csv`` per table (created with the folder if need be); returns the files written.

    All or nothing: the tables replace the folder's old files only once every one is written.
    """
    folder = Path(folder)
    private_folder(folder)
    tables = table_rows(data)
    written = [folder / f"{name}.csv" for name in tables]
    with replaced_on_success(written) as partials:
        for (name, rows), partial in zip(tables.items(), partials):
            _write_rows(partial, TABLES[name].headers, rows)
    return written


def write_dataset_xlsx(data: DataSet, path: str | Path) -> Path:
    """One workbook, one sheet per table; numbers and dates as native cells, streamed (a million rows in seconds)."""
    from scheduler.exchange.xlsx import write_workbook

    return write_workbook(path, (
        (name, TABLES[name].headers, [column_width(name, h) for h in TABLES[name].headers], rows)
        for name, rows in table_rows(data).items()
    ))


def write_placements_csv(placements: Iterable[Placement], path: str | Path) -> Path:
    """The ``placements`` export: student_id, block_id, practice_code, travel_minutes, locked (yes/no)."""
    path = Path(path)
    _write_csv(path, PLACEMENTS_HEADERS, _placement_rows(placements))
    return path


def _placement_rows(placements: Iterable[Placement]) -> Iterator[tuple[Cell, ...]]:
    return ((p.student_id, p.block_id, p.practice_code, round(float(p.travel_minutes), 1), _yes(p.locked))
            for p in placements)


def write_unplaced_csv(unplaced: Iterable[Unplaced], path: str | Path) -> Path:
    """The ``unplaced`` export: student_id, block_id, reason."""
    path = Path(path)
    _write_csv(path, UNPLACED_HEADERS, ((u.student_id, u.block_id, u.reason) for u in unplaced))
    return path


def write_plan_csv(placements: Iterable[Placement], unplaced: Iterable[Unplaced], folder: str | Path) -> tuple[Path, Path]:
    """``placements.csv`` and ``unplaced.csv`` in ``folder``, all or nothing: both new files or both old ones."""
    folder = Path(folder)
    private_folder(folder)
    targets = [folder / "placements.csv", folder / "unplaced.csv"]
    with replaced_on_success(targets) as (placed_partial, unplaced_partial):
        _write_rows(placed_partial, PLACEMENTS_HEADERS, _placement_rows(placements))
        _write_rows(unplaced_partial, UNPLACED_HEADERS, ((u.student_id, u.block_id, u.reason) for u in unplaced))
    return targets[0], targets[1]
