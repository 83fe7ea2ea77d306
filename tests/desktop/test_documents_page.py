"""The Documents page: preview a PDF in the window, print it, save every document with progress."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter


def test_preview_a_practice_timetable(make_window, planned_db):
    window = make_window(planned_db)
    page = window.documents
    assert page.practice_list.count() > 0 and page.student_list.count() > 0
    assert not page.print_button.isEnabled()
    page.practice_list.setCurrentRow(0)
    page.preview_button.click()
    assert page.pdf.pageCount() >= 1
    assert "page" in page.preview_title.text()
    assert page.print_button.isEnabled()


def test_preview_a_student_schedule_and_a_summary(make_window, planned_db):
    window = make_window(planned_db)
    page = window.documents
    page.tabs.setCurrentWidget(page.student_list)
    page.student_list.setCurrentRow(0)
    page.preview_selected()
    assert page.pdf.pageCount() >= 1
    page.tabs.setCurrentWidget(page.summary_list)
    for row in range(page.summary_list.count()):
        page.summary_list.setCurrentRow(row)
        page.preview_selected()
        assert page.pdf.pageCount() >= 1
        assert page.summary_list.item(row).text() in page.preview_title.text()


def test_print_draws_every_page(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = window.documents
    page.practice_list.setCurrentRow(0)
    page.preview_selected()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert page.print_to(printer) == page.pdf.pageCount()
    assert len(PdfReader(target).pages) == page.pdf.pageCount()


def test_save_all_writes_every_document(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = window.documents
    saved = []
    page.saved.connect(saved.append)
    page.save_all(str(tmp_path / "out"))
    assert saved and saved[0].files > 0
    files = list(Path(tmp_path / "out").rglob("*.pdf"))
    assert len(files) >= page.practice_list.count()
    assert "Saved" in page.progress_label.text()
    assert page.progress.value() == page.progress.maximum()


def test_search_narrows_the_lists(make_window, planned_db):
    window = make_window(planned_db)
    page = window.documents
    first = page.practice_list.item(0)
    code = first.text().split()[0]
    page.filters.search.setText(code)
    page.filters.flush()
    shown = [page.practice_list.item(i) for i in range(page.practice_list.count()) if not page.practice_list.item(i).isHidden()]
    assert [i.text() for i in shown] == [first.text()]


def test_each_preview_frees_the_previous_buffer(make_window, planned_db, qtbot):
    window = make_window(planned_db)
    page = window.documents
    page.practice_list.setCurrentRow(0)
    page.preview_selected()
    first = page._buffer
    page.preview_selected()
    assert page._buffer is not first
    with qtbot.waitSignal(first.destroyed, timeout=2000):
        pass
    assert page.pdf.pageCount() >= 1


def test_a_preview_read_before_an_edit_does_not_bring_back_the_old_plan(make_window, planned_db, qtbot):
    window = make_window(planned_db, synchronous=False)
    page = window.documents
    page.practice_list.setCurrentRow(0)
    page.preview_selected()
    window.state.show_plan(window.state.snapshot.plan)  # what an edit does: a new snapshot, the page refilled
    qtbot.waitUntil(lambda: "page" in page.preview_title.text(), timeout=15_000)
    assert page._loaded_plan is None and page.pdf.pageCount() >= 1
