"""Writing big plain tables to one .xlsx workbook with XlsxWriter, streaming row by row.

XlsxWriter's constant-memory mode writes a million-row travel sheet without
holding it in memory, about twice as fast as openpyxl's write-only mode.
Each sheet gets a bold coloured header row frozen at the top, column widths,
and native number, yes/no and date cells (shown as dd/mm/yyyy). Workbooks
with notes and data validation (the template) are written with openpyxl.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Sequence

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from scheduler.exchange.atomic import replaced_on_success
from scheduler.private_files import private_folder


def write_workbook(path: str | Path, sheets: Iterable[tuple[str, Sequence[str], Sequence[float], Iterable[Sequence[object]]]]) -> Path:
    """Writes ``(name, headers, column widths, rows)`` per sheet to an .xlsx file."""
    path = Path(path)
    private_folder(path.parent)
    with replaced_on_success([path]) as (partial,):
        _write_sheets(partial, sheets)
    return path


def _write_sheets(target: Path, sheets: Iterable[tuple[str, Sequence[str], Sequence[float], Iterable[Sequence[object]]]]) -> None:
    book = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    try:
        header = book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79"})
        date = book.add_format({"num_format": "dd/mm/yyyy"})
        for name, headers, widths, rows in sheets:
            sheet = book.add_worksheet(name)
            sheet.freeze_panes(1, 0)
            for col, width in enumerate(widths):
                sheet.set_column(col, col, width)
            sheet.write_row(0, 0, headers, header)
            for number, row in enumerate(rows, start=1):
                for col, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    kind = type(value)
                    if kind is str:
                        sheet.write_string(number, col, value)
                    elif kind is bool:
                        sheet.write_boolean(number, col, value)
                    elif kind is int or kind is float:
                        sheet.write_number(number, col, value)
                    elif isinstance(value, dt.date):
                        sheet.write_datetime(number, col, value, date)
                    else:
                        sheet.write_string(number, col, str(value))
    finally:
        close_workbook(book)


def close_workbook(book: xlsxwriter.Workbook) -> None:
    """Closes (writes out) an XlsxWriter workbook; a failure is the ``OSError`` behind it, raised once.

    XlsxWriter wraps the OSError (disk full, folder in the way, file open in Excel) in ``FileCreateError`` and,
    when closing failed, tries again when the object is collected, printing "Exception ignored ... Traceback"
    after the app's own message; marking it closed stops that.
    """
    try:
        book.close()
    except FileCreateError as exc:
        book.fileclosed = True
        raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc)) from exc
    except BaseException:
        book.fileclosed = True
        raise
