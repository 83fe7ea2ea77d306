"""File > Export this table writes what the officer sees: the columns shown, the rows the filters leave.

Every table that exports is exported filtered (only the rows shown, the filter
stated on the first line), then with "all rows" chosen (stated the same way),
to Excel and to CSV; the file's cells are compared with the table's.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from scheduler.services import Workspace, requests


def _read(path: Path) -> list[list[str]]:
    """The file's lines as text: the note, the column names, then the rows."""
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as f:
            return [row for row in csv.reader(f)]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _shown(view, all_rows: bool = False) -> tuple[list[str], list[list[str]]]:
    """(the column names, the rows) as the view shows them (or every row of its model, in the columns shown)."""
    model = view.model()
    source = model.sourceModel() if all_rows and hasattr(model, "sourceModel") else model
    header = view.horizontalHeader()
    columns = [header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))]
    titles = [source.headerData(c, Qt.Orientation.Horizontal) for c in columns]
    rows = [[source.index(r, c).data() or "" for c in columns] for r in range(source.rowCount())]
    return titles, rows


def _export(window, tmp_path: Path, name: str, choice: str = "shown", trigger=None) -> tuple[list[list[str]], list]:
    asked = []
    window.ask_rows_to_export = lambda shown: asked.append(shown.note()) or choice
    target = tmp_path / name
    window.ask_save_path = lambda _title, _suggested, _filter: str(target)
    (trigger or window.excel_action.trigger)()
    assert target.exists(), f"{name} was not written"
    return _read(target), asked


def _filter(page, word: str) -> None:
    filters = page.shown_table().filters  # the filter bar above the table the page exports
    filters.search.setText(word)
    filters.flush()


def _prepare(window, db: str) -> None:
    """A request, a lock and a change by hand, so that every table has rows."""
    plan = window.state.snapshot.plan
    placement = plan.placements[0]
    with Workspace.open(db) as ws:
        requests.add_request(ws, placement.student_id, placement.block_id, "avoid", "tester",
                             reason="a relative works there", practice_code=placement.practice_code)
    row = next(r for r in window.students.model.rows() if r.placed)
    window.set_locked(row, True, reason="agreed with the GP")
    window.state.reload()


def _word_that_narrows(view, column: int = 0) -> str:
    model = view.model()
    values = [model.index(r, column).data() for r in range(model.rowCount())]
    word = next((v for v in values if v and 0 < sum(1 for x in values if v in x) < len(values)), None)
    assert word, "the table has no value that narrows it"
    return word


FILTERED_PAGES = ["students", "practices", "requests", "offers", "preferences"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_students_filtered_by_a_search_export_only_the_rows_shown_and_say_so(make_window, planned_db, tmp_path,
                                                                          suffix):
    window = make_window(planned_db)
    page = window.students
    window.show_page(window.pages.index(page))
    group = window.state.snapshot.dataset.blocks[0].block_id  # as "Y5-G1" would be searched
    _filter(page, group)
    page.table.horizontalHeader().hideSection(1)  # a column the officer hid is not exported
    page.table.horizontalHeader().moveSection(0, 3)  # and the order is the one shown
    shown, total = page.proxy.rowCount(), page.model.rowCount()
    assert 0 < shown < total
    lines, asked = _export(window, tmp_path, "students" + suffix)
    note = f"Students, filtered: '{group}', {shown:,} of {total:,}"
    assert asked == [note] and lines[0][0] == note
    titles, rows = _shown(page.table)
    assert lines[1] == titles and lines[2:] == rows
    everything, _ = _export(window, tmp_path, "all" + suffix, choice="all")
    assert everything[0][0] == f"Students, all {total:,} rows (not filtered by '{group}', which shows {shown:,})"
    assert everything[2:] == _shown(page.table, all_rows=True)[1] and len(everything) == total + 2


@pytest.mark.parametrize("name", FILTERED_PAGES)
def test_every_page_with_a_filter_exports_what_it_shows(make_window, planned_db, tmp_path, name):
    window = make_window(planned_db)
    _prepare(window, planned_db)
    page = getattr(window, name)
    window.show_page(window.pages.index(page))
    view = page.shown_table().view
    total = view.model().rowCount()
    if total > 1:
        _filter(page, _word_that_narrows(view))
    titles, rows = _shown(view)
    lines, asked = _export(window, tmp_path, f"{name}.xlsx")
    assert lines[1] == titles and lines[2:] == rows and rows
    title = page.shown_table().title
    if total > 1:
        assert len(rows) < total and lines[0][0].startswith(f"{title}, filtered: '") and asked == [lines[0][0]]
        assert lines[0][0].endswith(f", {len(rows):,} of {total:,}")
    else:
        assert lines[0][0].startswith(title)


def test_the_audit_trail_exports_the_events_its_filters_fetched(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    _prepare(window, planned_db)
    page = window.audit
    window.show_page(window.pages.index(page))
    page.filters.combos["action"].setCurrentText("lock")
    titles, rows = _shown(page.table)
    lines, asked = _export(window, tmp_path, "audit.csv")
    assert asked == []  # the rows filtered out were never read, so "all rows" is not offered
    assert lines[0][0].startswith("Audit trail, filtered: Action: lock, ") and lines[0][0].endswith(f", {len(rows):,} rows")
    assert lines[1] == titles and lines[2:] == rows and rows


@pytest.mark.parametrize("tab", ["unplaced_table", "lock_table", "edit_table"])
def test_each_table_of_the_plan_page_exports_as_shown(make_window, planned_db, tmp_path, tab):
    window = make_window(planned_db)
    _prepare(window, planned_db)
    page = window.plan
    window.show_page(window.pages.index(page))
    view = getattr(page, tab)
    page.results.setCurrentWidget(page.unplaced_panel if view is page.unplaced_table else view)
    titles, rows = _shown(view)
    lines, _ = _export(window, tmp_path, f"{tab}.xlsx")
    assert lines[1] == titles and lines[2:] == rows
    assert lines[0][0].endswith(f", all {len(rows):,} rows")


def test_the_blocks_table_exports_as_shown(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = window.blocks
    window.show_page(window.pages.index(page))
    titles, rows = _shown(page.table)
    lines, _ = _export(window, tmp_path, "blocks.xlsx")
    assert lines == [[f"Blocks, all {len(rows):,} rows"] + [""] * (len(titles) - 1), titles, *rows]


def test_the_comparison_exports_the_moves_shown(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = window.plan
    page.name_edit.setText("Plan B")
    page.weight_spins["travel"].setValue(0)
    page.ask_make_current = lambda outcome: False  # other weights: asked, and Plan A stays current
    page.run_solve()
    window.open_compare("Plan A", "Plan B")
    dialog = window.compare_dialog
    titles, rows = _shown(dialog.moves_view)
    lines, _ = _export(window, tmp_path, "compare.xlsx", trigger=dialog.export_requested.emit)
    assert lines[1] == titles and lines[2:] == rows
    assert lines[0][0] == f"Student-blocks that move from Plan A to Plan B, all {len(rows):,} rows"


def test_a_page_without_a_table_exports_the_plans_placements_and_says_so(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    window.show_page(window.pages.index(window.overview))
    lines, _ = _export(window, tmp_path, "placements.xlsx")
    placed = len(window.state.snapshot.plan.placements)
    assert lines[0][0] == f"Placements of Plan A, all {placed:,} rows" and len(lines) == placed + 2
