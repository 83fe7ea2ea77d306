"""Any table an officer sees, as an Excel workbook: names beside ids, minutes as numbers shown "25 min".

``export_table(ws, kind, path, …)`` writes one of ``TABLES`` (students,
practices, plan, unplaced, compare) for a plan; ``plan_sheet`` and friends
build the rows from domain objects, and ``write_workbook`` writes them with
xlsxwriter: a bold frozen header, filters on every column, widths that fit.
Numbers stay numbers (sortable and summable in Excel).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from scheduler.domain import DataSet, Plan
from scheduler.exchange.atomic import replaced_on_success
from scheduler.exchange.xlsx import close_workbook
from scheduler.private_files import private_folder
from scheduler.services.workspace import Workspace
from scheduler.store import repository

Kind = Literal["text", "number", "minutes", "yes/no", "when"]
TABLES = ("students", "practices", "plan", "unplaced", "compare")


@dataclass
class Sheet:
    """One worksheet: a title, typed columns and the rows (one value per column)."""

    title: str
    columns: list[tuple[str, Kind]]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    """A line above the column names saying what the rows are ("Students, filtered: 'Y5-G1', 100 of 1,400")."""


def write_workbook(path: str | Path, sheets: list[Sheet]) -> Path:
    """The sheets as one workbook at ``path``, all or nothing (written beside it, moved into place when whole)."""
    path = Path(path)
    private_folder(path.parent)
    with replaced_on_success([path]) as (partial,):
        _write_sheets(partial, sheets)
    return path


def _write_sheets(path: Path, sheets: list[Sheet]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": False})
    try:
        header = book.add_format({"bold": True, "bg_color": "#E8EEF6", "bottom": 1, "text_wrap": True,
                                  "valign": "top"})
        formats = {"minutes": book.add_format({"num_format": '0" min"'}),
                   "number": book.add_format({"num_format": "#,##0"}),
                   "when": book.add_format({"num_format": "dd mmm yyyy hh:mm"})}
        for sheet in sheets:
            ws = book.add_worksheet(sheet.title[:31])
            widths = [len(title) + 2 for title, _ in sheet.columns]
            top = 1 if sheet.note else 0
            if sheet.note:
                ws.write_string(0, 0, sheet.note, book.add_format({"bold": True}))
            for c, (title, _) in enumerate(sheet.columns):
                ws.write_string(top, c, title, header)
            for r, row in enumerate(sheet.rows, start=top + 1):
                for c, ((_, kind), value) in enumerate(zip(sheet.columns, row)):
                    if value is None or value == "":
                        continue
                    if kind == "yes/no":
                        value = "yes" if value else "no"
                    if kind in ("minutes", "number"):
                        ws.write_number(r, c, float(value), formats[kind])
                        shown = f"{float(value):,.0f} min"
                    elif kind == "when" and isinstance(value, dt.datetime):
                        ws.write_datetime(r, c, value, formats["when"])
                        shown = "00 Mmm 0000 00:00"
                    else:
                        shown = str(value)
                        ws.write_string(r, c, shown)
                    widths[c] = max(widths[c], min(len(shown) + 2, 60))
            for c, width in enumerate(widths):
                ws.set_column(c, c, width)
            ws.freeze_panes(top + 1, 0)
            if sheet.rows:
                ws.autofilter(top, 0, top + len(sheet.rows), len(sheet.columns) - 1)
    finally:
        close_workbook(book)


def write_table(path: str | Path, sheet: Sheet) -> Path:
    """One table as a workbook, or as CSV when ``path`` ends in .csv (the note first, then the column names)."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return write_workbook(path, [sheet])
    import csv

    from scheduler.exchange.atomic import replaced_on_success

    path.parent.mkdir(parents=True, exist_ok=True)
    with replaced_on_success([path]) as (partial,), open(partial, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        if sheet.note:
            writer.writerow([sheet.note])
        writer.writerow([title for title, _ in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_csv_cell(kind, value) for (_, kind), value in zip(sheet.columns, row)])
    return path


def _csv_cell(kind: Kind, value: Any) -> str:
    if value is None:
        return ""
    if kind == "yes/no":
        return "yes" if value else "no"
    if kind in ("number", "minutes") and isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    # a cell Excel would read as a formula is written as text
    return "'" + text if text[:1] in ("=", "+", "-", "@") and kind == "text" else text


# --- the tables -----------------------------------------------------------------------------------

def _names(data: DataSet) -> tuple[dict, dict, dict]:
    return ({s.student_id: s for s in data.students}, {p.code: p for p in data.practices},
            {b.block_id: b for b in data.blocks})


def plan_sheet(data: DataSet, plan: Plan) -> Sheet:
    """Every placement with the student's and practice's names, the journey and the lock."""
    students, practices, _ = _names(data)
    sheet = Sheet("Placements", [("student_id", "text"), ("first_name", "text"), ("last_name", "text"),
                                 ("year", "number"), ("block_id", "text"), ("practice_code", "text"),
                                 ("practice_name", "text"), ("travel_minutes", "minutes"), ("locked", "yes/no"),
                                 ("locked_by", "text"), ("locked_at", "when"), ("lock_reason", "text"),
                                 ("rules_overridden", "text")])
    for p in plan.placements:
        s, practice = students.get(p.student_id), practices.get(p.practice_code)
        sheet.rows.append([p.student_id, s.first_name if s else "", s.last_name if s else "", s.year if s else None,
                           p.block_id, p.practice_code, practice.name if practice else "", p.travel_minutes,
                           p.locked, p.locked_by, p.locked_at, p.lock_reason, p.override])
    return sheet


def unplaced_sheet(data: DataSet, plan: Plan) -> Sheet:
    students, _, _ = _names(data)
    sheet = Sheet("Unplaced", [("student_id", "text"), ("first_name", "text"), ("last_name", "text"),
                               ("year", "number"), ("block_id", "text"), ("reason", "text")])
    for u in plan.unplaced:
        s = students.get(u.student_id)
        sheet.rows.append([u.student_id, s.first_name if s else "", s.last_name if s else "", s.year if s else None,
                           u.block_id, u.reason])
    return sheet


def students_sheet(data: DataSet, plan: Plan | None) -> Sheet:
    """One row per student-block, as the Students page shows it."""
    _, practices, _ = _names(data)
    placed = {(p.student_id, p.block_id): p for p in plan.placements} if plan else {}
    reasons = {(u.student_id, u.block_id): u.reason for u in plan.unplaced} if plan else {}
    sheet = Sheet("Students", [("student_id", "text"), ("first_name", "text"), ("last_name", "text"),
                               ("year", "number"), ("group", "text"), ("block_id", "text"),
                               ("practice_code", "text"), ("practice_name", "text"), ("travel_minutes", "minutes"),
                               ("locked", "yes/no"), ("why_not_placed", "text")])
    for s, b in data.student_blocks():
        p = placed.get((s.student_id, b.block_id))
        practice = practices.get(p.practice_code) if p else None
        sheet.rows.append([s.student_id, s.first_name, s.last_name, s.year, s.group, b.block_id,
                           p.practice_code if p else "", practice.name if practice else "",
                           p.travel_minutes if p else None, p.locked if p else False,
                           "" if p else reasons.get((s.student_id, b.block_id), "")])
    return sheet


def practices_sheet(data: DataSet, plan: Plan | None) -> Sheet:
    used: dict[str, int] = {}
    for p in plan.placements if plan else ():
        used[p.practice_code] = used.get(p.practice_code, 0) + 1
    sheet = Sheet("Practices", [("practice_code", "text"), ("name", "text"), ("postcode", "text"),
                                ("years", "text"), ("capacity", "number"), ("active", "yes/no"),
                                ("accessible", "yes/no"), ("tutor", "text"), ("email", "text"),
                                ("student_blocks_placed", "number")])
    for pr in data.practices:
        sheet.rows.append([pr.code, pr.name, pr.postcode, ",".join(str(y) for y in sorted(pr.years)), pr.capacity,
                           pr.active, pr.accessible, pr.tutor, pr.email, used.get(pr.code, 0)])
    return sheet


def compare_sheet(data: DataSet, a: Plan, b: Plan) -> Sheet:
    """Every student-block whose practice differs between the two plans."""
    students, practices, _ = _names(data)
    at_a = {(p.student_id, p.block_id): p for p in a.placements}
    at_b = {(p.student_id, p.block_id): p for p in b.placements}
    sheet = Sheet("Compare", [("student_id", "text"), ("first_name", "text"), ("last_name", "text"),
                              ("block_id", "text"), (f"practice in {a.name}", "text"),
                              (f"minutes in {a.name}", "minutes"), (f"practice in {b.name}", "text"),
                              (f"minutes in {b.name}", "minutes")])

    def practice(p) -> str:
        return "unplaced" if p is None else f"{practices[p.practice_code].name} ({p.practice_code})" \
            if p.practice_code in practices else p.practice_code

    for key in sorted(set(at_a) | set(at_b)):
        pa, pb = at_a.get(key), at_b.get(key)
        if (pa.practice_code if pa else None) == (pb.practice_code if pb else None):
            continue
        s = students.get(key[0])
        sheet.rows.append([key[0], s.first_name if s else "", s.last_name if s else "", key[1], practice(pa),
                           pa.travel_minutes if pa else None, practice(pb), pb.travel_minutes if pb else None])
    return sheet


def export_table(ws: Workspace, kind: str, path: str | Path, plan_name: str | None = None,
                 other_plan: str | None = None) -> Path:
    """Writes one table (``TABLES``) of the plan (None = current) as an .xlsx workbook; ``compare`` needs
    ``other_plan``. Raises ``PlanNotFound``/``NoPlan`` for a missing plan and ``ValueError`` for an unknown kind."""
    from scheduler.services.plans import NoPlan, load_plan

    if kind not in TABLES:
        raise ValueError(f"there is no table called {kind!r}; the tables are {', '.join(TABLES)}")
    with ws.session() as s:
        data = repository.load_dataset(s, travel_students=())
    try:
        plan = load_plan(ws, plan_name)
    except NoPlan:
        if kind in ("plan", "unplaced", "compare"):
            raise
        plan = None
    if kind == "compare":
        if other_plan is None:
            raise ValueError("comparing needs the name of a second plan")
        assert plan is not None  # NoPlan passed through above
        sheet = compare_sheet(data, plan, load_plan(ws, other_plan))
    elif plan is None:  # only the data set's own tables are made without a plan
        sheet = {"students": students_sheet, "practices": practices_sheet}[kind](data, None)
    else:
        builders = {"students": students_sheet, "practices": practices_sheet, "plan": plan_sheet,
                    "unplaced": unplaced_sheet}
        sheet = builders[kind](data, plan)
    of_plan = f" of {plan.name}" if plan is not None and kind != "compare" else ""
    sheet.note = f"{sheet.title}{of_plan}, all {len(sheet.rows):,} rows"
    return write_workbook(path, [sheet])


def write_plan_workbook(data: DataSet, plan: Plan, path: str | Path) -> Path:
    """``placements.xlsx``: the placements and the unplaced list with names, beside the contract's CSV files."""
    return write_workbook(path, [plan_sheet(data, plan), unplaced_sheet(data, plan)])
