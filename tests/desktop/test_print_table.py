"""File > Print this table prints what the officer sees, like an export: the columns shown, the rows the filters
leave (or all rows, when chosen), and the filter stated at the top. Printed to a PDF file through the real print
path (QPrinter, PdfFormat); the PDF's text is read back (pypdf)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter


def _printing_to(window, path) -> list[int]:
    asked = []

    def to_file(pages: int) -> QPrinter:
        asked.append(pages)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return printer

    window.choose_table_printer = to_file
    return asked


def _text(path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages))


def _filter(page, word: str) -> None:
    page.filters.search.setText(word)
    page.filters.flush()


@pytest.mark.parametrize("choice", ["shown", "all"])
def test_the_students_print_holds_the_rows_shown_and_states_the_filter(make_window, planned_db, tmp_path, choice):
    window = make_window(planned_db)
    page = window.students
    window.show_page(window.pages.index(page))
    group = window.state.snapshot.dataset.blocks[0].block_id
    _filter(page, group)
    shown, total = page.proxy.rowCount(), page.model.rowCount()
    assert 0 < shown < total
    asked = []
    window.ask_rows_to_print = lambda table: asked.append(table.note()) or choice
    target = tmp_path / "students.pdf"
    pages = _printing_to(window, target)
    window.print_table_action.trigger()
    assert asked == [f"Students, filtered: '{group}', {shown:,} of {total:,}"]
    assert target.exists() and pages and pages[0] >= 1
    text = _text(target)
    assert f"Plan “{window.state.shown_plan_name}” shown · printed" in text
    rows = [page.model.rows()[r] for r in range(total)]
    in_view = {page.proxy.mapToSource(page.proxy.index(r, 0)).row() for r in range(shown)}
    if choice == "shown":
        assert f"Students, filtered: '{group}', {shown:,} of {total:,}" in text
        printed = {i for i, row in enumerate(rows) if f"{row.student.student_id} " in text + " "}
        assert in_view <= printed
        left_out = [row for i, row in enumerate(rows) if i not in in_view
                    and row.student.student_id not in {rows[j].student.student_id for j in in_view}]
        assert left_out and not any(row.student.student_id in text for row in left_out)
    else:
        assert f"Students, all {total:,} rows (not filtered by '{group}', which shows {shown:,})" in text
        assert all(row.student.student_id in text for row in rows)


def test_a_hidden_column_is_not_printed_and_an_unfiltered_table_says_all_rows(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = window.practices
    window.show_page(window.pages.index(page))
    view = page.shown_table().view
    header = view.horizontalHeader()
    hidden = view.model().headerData(1, header.orientation())
    header.hideSection(1)
    window.ask_rows_to_print = lambda _table: pytest.fail("an unfiltered table has no rows to choose")
    target = tmp_path / "practices.pdf"
    _printing_to(window, target)
    window.print_table_action.trigger()
    text = _text(target)
    assert f"Practices, all {view.model().rowCount():,} rows" in text
    shown_names = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert all(name in text for name in shown_names)
    assert hidden not in text.split("rows", 1)[1].split(shown_names[0])[0]  # not among the column names


def test_the_plan_pages_unplaced_tab_prints_as_shown(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = window.plan
    window.show_page(window.pages.index(page))
    page.results.setCurrentWidget(page.unplaced_panel)
    rows = page.unplaced_proxy.rowCount()
    assert rows
    target = tmp_path / "unplaced.pdf"
    _printing_to(window, target)
    window.print_table_action.trigger()
    text = _text(target)
    assert f"Unplaced, all {rows:,} rows" in text
    for r in range(rows):
        assert page.unplaced_proxy.index(r, 0).data() in text


def test_a_page_without_a_table_prints_nothing_and_says_so(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    window.show_page(window.pages.index(window.overview))
    target = tmp_path / "nothing.pdf"
    asked = _printing_to(window, target)
    window.print_table_action.trigger()
    assert not asked and not target.exists()
    assert "no table on this page" in window.statusBar().currentMessage()


def test_a_printer_is_sent_the_table_prints_pages_drawn(make_window, planned_db, tmp_path):
    from desktop.operations import table_pdf
    from desktop.pdf_printing import draw_pages, loaded_document
    from scheduler.services import Workspace

    window = make_window(planned_db)
    shown = window.students.shown_table()
    with Workspace.open(planned_db) as ws:
        pdf = table_pdf(ws, shown.sheet(), "Plan A")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "drawn.pdf"))
    with loaded_document(pdf) as document:
        assert document.pageCount() >= 2  # 84 student-blocks
        assert draw_pages(document, printer, [0, 1]) == 2  # the path a real printer takes
    assert len(PdfReader(str(tmp_path / "drawn.pdf")).pages) == 2
