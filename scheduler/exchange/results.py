"""What reading and checking a data set gives back: the raw tables, the problems found and the data set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scheduler.domain import DataSet

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the data, located as the user sees it in Excel (header = row 1)."""

    table: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = "error"
    more: int = 0
    """For a summary line ("and 950 more like this"): how many problems it stands for, not shown one by one."""

    def __str__(self) -> str:
        where = [part for part in (
            self.table,
            f"row {self.row}" if self.row is not None else "",
            self.column or "",
        ) if part]
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(slots=True)
class RawTable:
    """One table as read, before any checking: for the import wizard's preview.

    ``rows[i]`` has one cell per header (padded with ``""``); ``row_numbers[i]``
    is its row number in the sheet or file. Cells are strings from CSV and
    str / float / int / bool / date from Excel.
    """

    name: str
    headers: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    header_row: int = 1


@dataclass(slots=True)
class ValidationResult:
    dataset: DataSet | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    tables: dict[str, RawTable] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and self.dataset is not None

    @property
    def error_count(self) -> int:
        """Every error found, including those only counted in a summary line."""
        return sum(p.more or 1 for p in self.errors)

    @property
    def problems(self) -> list[Problem]:
        """Errors first, then warnings."""
        return [*self.errors, *self.warnings]


class DataSetError(ValueError):
    """Raised by ``load_dataset`` when the data has errors; carries every problem."""

    def __init__(self, result: ValidationResult) -> None:
        self.result = result
        shown = "\n".join(str(p) for p in result.errors[:20])
        more = f"\n… and {len(result.errors) - 20} more lines" if len(result.errors) > 20 else ""
        super().__init__(f"the data has {result.error_count:,} error(s):\n{shown}{more}")
