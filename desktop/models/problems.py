"""Import problems (errors and warnings) and raw table rows for the import wizard's preview."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.models.table import Column, RowTableModel
from scheduler.exchange.results import Problem, RawTable

PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("Severity", lambda p: p.severity, colour=lambda p: "#b3261e" if p.severity == "error" else "#8a5a00"),
    Column("Table", lambda p: p.table),
    Column("Row", lambda p: "" if p.row is None else str(p.row), lambda p: p.row or 0, numeric=True,
           tooltip="Row number as shown in Excel (header = row 1)"),
    Column("Column", lambda p: p.column or ""),
    Column("Problem", lambda p: p.message),
]


class ProblemModel(RowTableModel[Problem]):
    def __init__(self, parent=None) -> None:
        super().__init__(PROBLEM_COLUMNS, parent)


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int
    cells: tuple[str, ...]
    problem: str


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class RawTableModel(RowTableModel[RawRow]):
    """One table of the data set as read, with a first column saying what is wrong with the row."""

    def __init__(self, table: RawTable, problems: list[Problem], parent=None) -> None:
        by_row: dict[int, list[str]] = {}
        for p in problems:
            if p.table == table.name and p.row is not None:
                by_row.setdefault(p.row, []).append(f"{p.column + ': ' if p.column else ''}{p.message}")
        columns: list[Column[RawRow]] = [
            Column("Row", lambda r: str(r.number), lambda r: r.number, numeric=True),
            Column("Problems", lambda r: r.problem, colour=lambda r: "#b3261e" if r.problem else None),
        ]
        for i, header in enumerate(table.headers):
            columns.append(Column(header, lambda r, i=i: r.cells[i] if i < len(r.cells) else ""))
        super().__init__(columns, parent)
        self.set_rows([
            RawRow(number, tuple(_cell_text(c) for c in cells), "; ".join(by_row.get(number, [])))
            for number, cells in zip(table.row_numbers, table.rows)
        ])
