"""The data contract's tables (data-format.md): read a CSV folder or .xlsx workbook, validate, write.

``check(path)`` reads and validates and never raises for bad data;
``load_dataset(path)`` is the same but raises ``DataSetError`` on errors.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.domain import DataSet
from scheduler.exchange.bulk import gc_paused
from scheduler.exchange.mapping import ColumnMapping
from scheduler.exchange.readers import read_tables
from scheduler.exchange.results import DataSetError, Problem, RawTable, ValidationResult
from scheduler.exchange.schema import TABLES
from scheduler.exchange.validate import validate
from scheduler.exchange.writers import write_dataset_csv, write_dataset_xlsx, write_placements_csv, write_unplaced_csv


def write_template(path: str | Path) -> Path:
    """An empty .xlsx workbook to start from: every table's sheet, headers, notes and data validation."""
    from scheduler.exchange import template  # openpyxl is loaded only when a template is made

    return template.write_template(path)


write_placements = write_placements_csv
write_unplaced = write_unplaced_csv


def check(path: str | Path, mapping: ColumnMapping | None = None) -> ValidationResult:
    """Reads and validates a data set (its headers renamed by a column ``mapping`` if one is given); every
    problem comes back in the result, nothing is raised."""
    try:
        with gc_paused():
            tables, read_problems = read_tables(path, mapping)
            result = validate(tables)
    except Exception as exc:  # a fault in this program, not in the data: still report it, never crash the caller
        problem = Problem("", None, None, f"the data could not be checked because of an internal error "
                                          f"({type(exc).__name__}); please report this", "error")
        return ValidationResult(None, [problem], [], {})
    read_errors = [p for p in read_problems if p.severity == "error"]
    read_warnings = [p for p in read_problems if p.severity == "warning"]
    if read_errors:
        unreadable = {p.table for p in read_errors}  # already explained: not also "the table is missing"
        if "" in unreadable:  # the folder or workbook itself could not be read: nothing else is news
            result.errors = read_errors
        else:
            result.errors = read_errors + [p for p in result.errors if not (p.table in unreadable and p.row is None)]
        result.dataset = None
    result.warnings[:0] = read_warnings
    return result


def load_dataset(path: str | Path) -> DataSet:
    """The data set at ``path``; raises ``DataSetError`` (listing every problem) when it has errors."""
    result = check(path)
    if not result.ok or result.dataset is None:
        raise DataSetError(result)
    return result.dataset


__all__ = [
    "TABLES", "ColumnMapping", "DataSetError", "Problem", "RawTable", "ValidationResult", "check", "load_dataset", "read_tables",
    "validate", "write_dataset_csv", "write_dataset_xlsx", "write_placements", "write_placements_csv",
    "write_template", "write_unplaced", "write_unplaced_csv",
]
