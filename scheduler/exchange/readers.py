"""Reading a data set's tables as they are: a folder of CSV files or one Excel workbook.

``read_tables`` never raises for a bad file: a missing folder, a file that is
not UTF-8, a corrupt workbook all come back as problems. Row numbers are those
the user sees (header = row 1); empty rows are skipped.
"""

from __future__ import annotations

import csv
from operator import itemgetter
from pathlib import Path

from scheduler.exchange.cells import text
from scheduler.exchange.csv_quotes import read_csv_records
from scheduler.exchange.formula_guard import read_back
from scheduler.exchange.formulas import uncached_formulas
from scheduler.exchange.results import Problem, RawTable
from scheduler.exchange.schema import TABLES

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

# CSV cells can be long (addresses, reasons) but a runaway quote should not swallow the file unnoticed.
csv.field_size_limit(1_000_000)


def _table_name(stem: str) -> str:
    return stem.strip().lower()


def _error(table: str, message: str, row: int | None = None) -> Problem:
    return Problem(table, row, None, message, "error")


def _warning(table: str, message: str, row: int | None = None) -> Problem:
    return Problem(table, row, None, message, "warning")


def _fit(record: list[object], width: int, number: int, overflow: list[int]) -> list[object]:
    """The record cut or padded to ``width`` cells; notes rows that had values past the last header."""
    if len(record) > width:
        if any(text(c) for c in record[width:]):
            overflow.append(number)
        return record[:width]
    return [*record, *([""] * (width - len(record)))]


def _build_table(name: str, records: list[list[object]], first_row: int, problems: list[Problem]) -> RawTable | None:
    """Header = first non-empty record; later empty records are skipped. ``first_row`` numbers records[0]."""
    header_at = None
    for i, record in enumerate(records):
        if any(text(c) for c in record):
            header_at = i
            break
    if header_at is None:
        return None
    headers = [text(c) for c in records[header_at]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body = records[header_at + 1:]
    first_number = first_row + header_at + 1
    overflow: list[int] = []
    if set(map(len, body)) - {width}:
        body = [_fit(record, width, first_number + k, overflow) for k, record in enumerate(body)]
    # a row is empty when no cell has text; most rows start with an id, so test the first cell in bulk
    firsts = list(map(itemgetter(0), body))
    if set(map(type, firsts)) <= {str} and "" not in firsts and not any(map(str.isspace, firsts)):
        rows, numbers = body, list(range(first_number, first_number + len(body)))
    else:
        empty = {k for k, f in enumerate(firsts) if not text(f) and not any(text(c) for c in body[k])}
        rows = [r for k, r in enumerate(body) if k not in empty]
        numbers = [first_number + k for k in range(len(body)) if k not in empty]
    if overflow:
        more = f" and {len(overflow) - 5} more" if len(overflow) > 5 else ""
        problems.append(_warning(
            name,
            f"rows {', '.join(map(str, overflow[:5]))}{more} have values to the right of the last named column; "
            "they were ignored (give the column a header if it matters)",
        ))
    return RawTable(name, headers, rows, numbers, header_row=first_row + header_at)


def _read_csv_file(path: Path, name: str, problems: list[Problem]) -> RawTable | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(_error(name, f"the file {path.name} cannot be read ({exc.strerror or exc}); close it in Excel and try again"))
        return None
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(_error(
            name,
            f"the file {path.name} is not UTF-8 text (first bad character on line {line}); "
            "in Excel use Save As > 'CSV UTF-8 (Comma delimited)'",
        ))
        return None
    records = read_csv_records(content, path.name, name, problems)
    if records is None:
        return None
    if "'" in content:  # text our writers marked so that Excel does not run it as a formula
        records = [[read_back(cell) for cell in record] for record in records]
    table = _build_table(name, records, 1, problems)
    if table is None:
        problems.append(_warning(name, f"the file {path.name} is empty; it was ignored"))
    elif len(table.headers) == 1 and (";" in table.headers[0] or "\t" in table.headers[0]):
        separator = "semicolons" if ";" in table.headers[0] else "tabs"
        problems.append(_error(name, f"the file {path.name} is separated by {separator}, not commas; in Excel use "
                                     "Save As > 'CSV UTF-8 (Comma delimited)'", table.header_row))
        return None
    return table


def read_csv_folder(folder: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    try:
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    except OSError as exc:
        return {}, [_error("", f"the folder {folder} cannot be read ({exc.strerror or exc})")]
    for path in files:
        name = _table_name(path.stem)
        if name not in TABLES:
            problems.append(_warning(name, f"the file {path.name} is not one of the tables of the data format; it was ignored"))
            continue
        if name in tables:
            problems.append(_error(name, f"there are two files for the table {name}; keep only one"))
            continue
        table = _read_csv_file(path, name, problems)
        if table is not None:
            tables[name] = table
    if not files:
        problems.append(_error("", f"the folder {folder} holds no CSV files; it needs at least practices.csv, students.csv and blocks.csv"))
    return tables, problems


def read_workbook(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    import python_calamine

    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types, zip and XML errors, OSError ...
        reason = getattr(exc, "strerror", None) or "it is damaged or not an Excel workbook"
        return {}, [_error("", f"the workbook {path.name} cannot be read: {reason}")]
    uncached = uncached_formulas(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    try:
        for sheet_name in workbook.sheet_names:
            name = _table_name(sheet_name)
            if name not in TABLES:
                problems.append(_warning(sheet_name, "this sheet is not one of the tables of the data format; it was ignored"))
                continue
            if name in tables:
                problems.append(_error(name, f"there are two sheets for the table {name}; keep only one"))
                continue
            try:
                records = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            except Exception:
                problems.append(_error(name, "this sheet cannot be read; it may be damaged. Copy its cells into a new sheet and try again"))
                continue
            table = _build_table(name, records, 1, problems)
            if table is None:
                problems.append(_warning(name, "the sheet is empty; it was ignored"))
                continue
            if sheet_name in uncached:
                problems.extend(_formula_problems(table, uncached[sheet_name]))
            tables[name] = table
    finally:
        try:
            workbook.close()
        except Exception:
            pass
    return tables, problems


def _formula_problems(table: RawTable, cells: list[tuple[int, int, str]]) -> list[Problem]:
    """One error per formula cell without a saved value (the first few, then how many more)."""
    shown_at_most = 50
    problems = []
    for row, col, ref in cells[:shown_at_most]:
        header = table.headers[col] if col < len(table.headers) else None
        problems.append(Problem(table.name, row, header or None, (
            f"cell {ref} holds a formula with no saved value (the program that saved the workbook did not "
            "compute it), so it would read as empty; open and save the workbook in Excel, or paste values"),
            "error"))
    if len(cells) > shown_at_most:
        problems.append(Problem(table.name, None, None,
                                f"and {len(cells) - shown_at_most:,} more formula cells like this", "error"))
    return problems


def read_tables(path: str | Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """The tables found at ``path`` (a folder of CSVs or one workbook) and any problems reading them."""
    path = Path(path)
    try:
        if path.is_dir():
            return read_csv_folder(path)
        if path.is_file():
            if path.suffix.lower() in WORKBOOK_SUFFIXES:
                return read_workbook(path)
            if path.suffix.lower() == ".csv":
                return {}, [_error("", f"{path.name} is one CSV file; give the folder that holds the data set's CSV files "
                                       "(practices.csv, students.csv, blocks.csv …), or one .xlsx workbook")]
            return {}, [_error("", f"{path.name} is neither a folder of CSV files nor an .xlsx workbook")]
        return {}, [_error("", f"{path} does not exist; give a folder of CSV files or an .xlsx workbook")]
    except OSError as exc:
        return {}, [_error("", f"{path} cannot be read ({exc.strerror or exc})")]
    except ValueError:  # e.g. a NUL character in the path
        return {}, [_error("", f"{str(path)!r} is not a usable file or folder name")]
