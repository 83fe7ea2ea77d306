"""Reading a plan edited by hand: a ``placements.csv`` (or an .xlsx with a ``placements`` sheet) in the
contract's columns (data-format.md "Output: placements"). Bad cells come back as problems with their row
number as Excel shows it; nothing is raised for a bad file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scheduler.domain import Placement
from scheduler.exchange.cells import is_empty, number, text, yes_no
from scheduler.exchange.readers import WORKBOOK_SUFFIXES, _read_csv_file, read_workbook
from scheduler.exchange.results import Problem, RawTable

TABLE = "placements"
REQUIRED = ("student_id", "block_id", "practice_code")


@dataclass
class PlanFile:
    placements: list[Placement] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    """The row number (header = row 1) of each placement."""
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _table(path: Path, errors: list[Problem]) -> RawTable | None:
    if path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES:
        tables, problems = read_workbook(path)
        errors.extend(p for p in problems if p.severity == "error")
        table = tables.get(TABLE)
        if table is None and not errors:
            errors.append(Problem(TABLE, None, None, f"the workbook {path.name} has no sheet named placements"))
        return table
    if path.is_file() and path.suffix.lower() == ".csv":
        return _read_csv_file(path, TABLE, errors)
    errors.append(Problem(TABLE, None, None, f"{path} is not a placements.csv file or an .xlsx workbook"))
    return None


def read_plan_file(path: str | Path) -> PlanFile:
    """The placements of the file, in file order, or the problems that stop it being read."""
    out = PlanFile()
    table = _table(Path(path), out.errors)
    if table is None:
        if not out.errors:
            out.errors.append(Problem(TABLE, None, None, f"{Path(path).name} is empty"))
        return out
    columns = {h.strip().lower(): i for i, h in enumerate(table.headers)}
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        out.errors.append(Problem(TABLE, table.header_row, None, f"missing column(s) {', '.join(missing)}; the file "
                                  "needs student_id, block_id and practice_code (travel_minutes and locked are optional)"))
        return out
    for cells, row in zip(table.rows, table.row_numbers):
        values = {name: cells[i] for name, i in columns.items()}
        ids = [text(values[c]) for c in REQUIRED]
        empty = [c for c, v in zip(REQUIRED, ids) if not v]
        if empty:
            out.errors.append(Problem(TABLE, row, empty[0], "is empty; every row needs a student, a block and a practice"))
            continue
        try:
            minutes = 0.0 if is_empty(values.get("travel_minutes", "")) else number(values["travel_minutes"])
        except ValueError as exc:
            out.errors.append(Problem(TABLE, row, "travel_minutes", str(exc)))
            continue
        try:
            locked = False if is_empty(values.get("locked", "")) else yes_no(values["locked"])
        except ValueError as exc:
            out.errors.append(Problem(TABLE, row, "locked", str(exc)))
            continue
        out.placements.append(Placement(ids[0], ids[1], ids[2], minutes, locked))
        out.rows.append(row)
    return out
