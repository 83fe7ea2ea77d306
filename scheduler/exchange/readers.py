"""Reading a data set's tables as they are: a folder of CSV files or one Excel workbook.

``read_tables`` never raises for a bad file: a missing folder, a file that is
not UTF-8, a corrupt workbook all come back as problems. Row numbers are those
the user sees (header = row 1); empty rows are skipped.
"""

from __future__ import annotations

import csv
from operator import itemgetter
from pathlib import Path
from typing import cast

from scheduler.exchange import sheet_findings
from scheduler.exchange.cells import text
from scheduler.exchange.csv_quotes import read_csv_records
from scheduler.exchange.formula_guard import read_back
from scheduler.exchange.mapping import ColumnMapping
from scheduler.exchange.mapping import apply as apply_mapping
from scheduler.exchange.results import Problem, RawTable
from scheduler.exchange.schema import TABLES
from scheduler.exchange.sheet_xml import Merge, SheetFacts

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
    table = _build_table(name, cast("list[list[object]]", records), 1, problems)  # the rows are only read
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
    try:
        names = workbook.sheet_names
        limits = {s: _limits(_table_name(s)) for s in names if _table_name(s) in TABLES}
        facts = sheet_findings.scan(path, limits)  # before calamine loads a sheet: a far stray cell aborts it
        for sheet_name in names:
            name = _table_name(sheet_name)
            if name not in TABLES:
                problems.append(_warning(sheet_name, "this sheet is not one of the tables of the data format; it was ignored"))
                continue
            if name in tables:
                problems.append(_error(name, f"there are two sheets for the table {name}; keep only one"))
                continue
            sheet_facts = facts.get(sheet_name)
            if sheet_facts is not None and sheet_facts.too_big:
                found = sheet_findings.too_big(sheet_facts, limits[sheet_name])
                problems.append(_error(name, found.message, found.row))
                continue
            try:
                sheet = workbook.get_sheet_by_name(sheet_name)
                records = sheet.to_python(skip_empty_area=False)
                if sheet_facts is None:  # .xls, .ods: what calamine itself tells
                    sheet_facts = _calamine_facts(workbook, sheet_name, sheet)
            except Exception:
                problems.append(_error(name, "this sheet cannot be read; it may be damaged. Copy its cells into a new sheet and try again"))
                continue
            table = _build_table(name, cast("list[list[object]]", records), 1, problems)  # the rows are only read
            if table is None:
                problems.append(_warning(name, "the sheet is empty; it was ignored"))
                continue
            problems.extend(_cell_problems(table, sheet_facts))
            tables[name] = table
    finally:
        try:
            workbook.close()
        except Exception:
            pass
    return tables, problems


def _limits(table: str) -> sheet_findings.Limits:
    return sheet_findings.limits(len(TABLES[table].columns), big=table in ("travel", "postcodes"))


def _calamine_facts(workbook, sheet_name: str, sheet) -> SheetFacts:
    from python_calamine import SheetVisibleEnum

    hidden = any(m.name == sheet_name and m.visible != SheetVisibleEnum.Visible for m in workbook.sheets_metadata)
    merges = [Merge(r1 + 1, c1, r2 + 1, c2) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
    return SheetFacts(sheet_name, hidden, merges=merges)


def _cell_problems(table: RawTable, facts: SheetFacts) -> list[Problem]:
    """The shared rules of workbook cells, for the cells of the contract's columns (others are ignored)."""
    known = set(TABLES[table.name].headers)
    cols = {i: h for i, h in enumerate(table.headers) if h.strip().lower() in known}
    reads = [sheet_findings.column(i, table.header_row) for i in cols]
    return [Problem(table.name, f.row, cols.get(f.col) if f.col is not None else None, f.message, f.severity)
            for f in sheet_findings.findings(facts, reads, set(table.row_numbers))]


def read_tables(path: str | Path, mapping: ColumnMapping | None = None) -> tuple[dict[str, RawTable], list[Problem]]:
    """The tables found at ``path`` (a folder of CSVs or one workbook) and any problems reading them; with a
    column ``mapping``, their headers renamed by it (``exchange.mapping``)."""
    tables, problems = _read_tables(Path(path))
    if mapping:
        problems += apply_mapping(tables, mapping)
    return tables, problems


def _read_tables(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
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
