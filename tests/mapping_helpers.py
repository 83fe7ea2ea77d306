"""A SITS-style students export made from a contract students.csv, and the mapping file that reads it (imported
as ``mapping_helpers``)."""

from __future__ import annotations

import csv
from pathlib import Path

SITS = {"student_id": "STU_CODE", "first_name": "Forename", "last_name": "Surname", "programme": "Programme of Study",
        "year": "Year of Programme", "email": "Email Address"}
"""The contract column -> the SITS export's name for it."""

MAPPING_FILE = "table,source_column,contract_column\n" + "".join(
    f"students,{source},{contract}\n" for contract, source in SITS.items())


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def as_sits(students_csv: Path) -> None:
    """Rewrites a contract students.csv as a SITS export: its names for the columns, their order shuffled (the
    id not first), and two columns of its own (a course-route code, a nationality) that the contract lacks."""
    header, *rows = read_csv(students_csv)
    order = [header.index(c) for c in ("last_name", "first_name", "student_id")] + [
        i for i, c in enumerate(header) if c not in ("last_name", "first_name", "student_id")]
    sid = header.index("student_id")
    out = [["SPR_CODE", *(SITS.get(header[i], header[i]) for i in order), "Nationality"]]
    out += [[f"{row[sid]}/1", *(row[i] for i in order), "British"] for row in rows]
    write_csv(students_csv, out)
