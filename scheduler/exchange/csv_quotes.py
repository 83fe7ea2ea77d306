"""Reading CSV records so that a stray quote can never swallow rows unnoticed.

A quote that opens a cell and is closed rows later (or never) makes a CSV
reader take the rows in between as the text of one cell. Records are read in
strict mode, so a quote that closes in the middle of a cell or never closes is
an error; and a cell that spans lines is accepted only when its extra lines do
not look like rows of the table (as many commas as a row has, and a first
value shaped like the row's own first value). Every such error names the row
where the quote opens, as Excel numbers rows, and the line of the file.
"""

from __future__ import annotations

import csv
import io
import re

from scheduler.exchange.results import Problem

_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _shape(value: str) -> str:
    """``M85001`` -> ``A99999``: what kind of characters a value has, to spot a row's first cell."""
    return _DIGIT.sub("9", _LETTER.sub("A", value.strip()))


def _where(row: int, line: int) -> str:
    return f"row {row}" if row == line else f"row {row} (line {line} of the file)"


def _problem(table: str, row: int | None, message: str) -> Problem:
    return Problem(table, row, None, message, "error")


def read_csv_records(content: str, file_name: str, table: str, problems: list[Problem]) -> list[list[str]] | None:
    """The file's records (blank lines as empty records), or None after adding the problem to ``problems``."""
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error:
        _locate_bad_quote(content, file_name, table, problems)
        return None
    if reader.line_num == len(records):  # no cell spans lines: the usual case, decided in bulk
        return records
    width = len(records[0]) if records else 0
    line = 1
    for number, record in enumerate(records, start=1):
        extra = 0
        for cell in record:
            if "\n" not in cell and "\r" not in cell:
                continue
            lines = _LINE_BREAK.split(cell)
            swallowed = [k for k, text in enumerate(lines) if k and _looks_like_row(text, record, width)]
            if swallowed:
                problems.append(_problem(table, number, (
                    f"in {file_name}, a quote (\") opens a cell in {_where(number, line)} and runs on over "
                    f"{len(lines) - 1} line(s), at least {len(swallowed)} of which look like rows of their own "
                    f"(the first is line {line + extra + swallowed[0]:,} of the file); remove the stray quote, "
                    "or close it where the cell ends")))
                return None
            extra += len(lines) - 1
        line += 1 + extra
    return records


def _looks_like_row(text: str, record: list[str], width: int) -> bool:
    if width < 2 or text.count(",") < width - 1:
        return False
    first = text.split(",", 1)[0].strip().strip('"')
    return bool(first) and bool(record) and _shape(first) == _shape(record[0])


def _locate_bad_quote(content: str, file_name: str, table: str, problems: list[Problem]) -> None:
    """Reads again record by record to find the row where the failing record (and its quote) starts."""
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    number = 0
    while True:
        start = reader.line_num + 1
        number += 1
        try:
            next(reader)
        except StopIteration:  # cannot happen after a failed read; keep the generic message
            problems.append(_problem(table, None, f"the file {file_name} is not valid CSV"))
            return
        except csv.Error as exc:
            end = reader.line_num
            if "end of data" in str(exc):
                message = (f"in {file_name}, a quote (\") opens a cell in {_where(number, start)} and is never "
                           "closed, so every row after it would be read as that cell's text; remove the stray "
                           "quote, or close it where the cell ends")
            elif end == start:
                message = (f"in {file_name}, a cell in {_where(number, start)} starts with a quote (\") but has "
                           "more text after the closing quote; remove the quotes, or write a quote inside quoted "
                           "text as two (\"\")")
            else:
                message = (f"in {file_name}, a quote (\") opens a cell in {_where(number, start)} and closes only "
                           f"on line {end}, in the middle of a cell, so the rows in between would be read as that "
                           "cell's text; remove the stray quote, or close it where the cell ends")
            problems.append(_problem(table, number, message))
            return
