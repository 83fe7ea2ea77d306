"""Helpers for the exchange tests: tiny valid tables written as CSV folders or workbooks."""

from __future__ import annotations

import csv
from pathlib import Path

Tables = dict[str, list[list[object]]]


def minimal_tables() -> Tables:
    """A valid data set of two practices, three students and two blocks, header row first."""
    return {
        "practices": [
            ["practice_code", "name", "latitude", "longitude", "years", "capacity", "accessible"],
            ["P84001", "Rusholme Health Centre", "53.4545", "-2.2240", "1,2,3", "2", "yes"],
            ["P84002", "Withington Surgery", "53.4335", "-2.2290", "3", "3", "no"],
        ],
        "students": [
            ["student_id", "first_name", "last_name", "year", "latitude", "longitude", "travel_mode"],
            ["1001", "Łukasz", "Wiśniewski", "3", "53.44", "-2.22", "public"],
            ["1002", "Nguyễn Thị", "Ngọc", "3", "53.45", "-2.23", "bike"],
            ["1003", "محمد", "العلي", "1", "53.46", "-2.24", "walk"],
        ],
        "blocks": [
            ["block_id", "year", "start_date", "end_date", "weekdays"],
            ["Y3-B1", "3", "2027-01-11", "2027-02-05", "Mon-Fri"],
            ["Y1-GP", "1", "06/10/2026", "23/03/2027", "Tue"],
        ],
    }


def write_csv_tables(folder: Path, tables: Tables, bom: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    return folder


def write_xlsx_tables(path: Path, tables: Tables) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path
