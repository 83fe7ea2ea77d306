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


def test_the_window_opens_without_starting_pdfium_until_a_preview(make_window, planned_db):
    """PDFium (QPdfDocument) starts at the first preview, not with the window: under Wine 8 it stops the
    program as it starts, so a window that made it at once could not open there at all."""
    window = make_window(planned_db)
    page = window.documents
    assert page._pdf is None and page.viewer.document() is None
    page.practice_list.setCurrentRow(0)
    page.preview_button.click()
    assert page.viewer.document() is page.pdf and page.pdf.pageCount() >= 1


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


def _preview_overview(window):
    page = window.documents
    page.tabs.setCurrentWidget(page.summary_list)
    page.summary_list.setCurrentRow(0)
    page.preview_selected()
    return page


def _pdf_printer(target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1200 dpi: what the print dialog gives
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def test_printing_to_a_pdf_file_sends_the_vector_pages(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = _preview_overview(window)
    pages = page.pdf.pageCount()
    target = tmp_path / "printed.pdf"
    assert page.print_to(_pdf_printer(target)) == pages
    size = target.stat().st_size
    assert size / pages < 1_000_000, f"{size / pages / 1024:.0f} KB a page"
    reader = PdfReader(target)
    assert len(reader.pages) == pages and "Year 1" in reader.pages[0].extract_text()  # text, not a picture
    chosen = _pdf_printer(tmp_path / "first.pdf")
    chosen.setFromTo(1, 1)
    assert page.print_to(chosen) == 1
    assert len(PdfReader(tmp_path / "first.pdf").pages) == 1


def test_a_printer_gets_pages_drawn_at_most_at_300_dpi(make_window, planned_db, tmp_path):
    from desktop.pdf_printing import draw_pages

    window = make_window(planned_db)
    page = window.documents
    page.practice_list.setCurrentRow(0)
    page.preview_selected()
    target = tmp_path / "drawn.pdf"
    printer = _pdf_printer(target)
    assert draw_pages(page.pdf, printer, [0]) == 1  # the path a real printer takes
    assert target.stat().st_size < 1_000_000, f"{target.stat().st_size / 1024:.0f} KB for one page"


def test_print_with_nothing_previewed_explains_instead_of_failing(make_window, planned_db):
    window = make_window(planned_db)
    page = window.documents
    window.print_action.trigger()
    assert window.message_bar.isHidden()
    assert "Preview" in window.statusBar().currentMessage()
    page.practice_list.setCurrentRow(0)
    page.tabs.setCurrentWidget(page.practice_list)
    asked = []
    page.choose_printer = lambda pages: asked.append(pages)  # the print dialog, cancelled
    window.print_action.trigger()  # a document is picked: it is made, then the print dialog asks
    assert window.message_bar.isHidden() and page.pdf.pageCount() >= 1
    assert asked == [page.pdf.pageCount()]


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
    assert page._pdf_made_for is window.state.snapshot and page.pdf.pageCount() >= 1


def test_after_save_all_every_student_has_a_schedule_or_is_named_in_the_report(make_window, planned_db, tmp_path):
    from scheduler.reports.batch import safe_filename
    from scheduler.services import Workspace, edits

    window = make_window(planned_db)
    plan = window.state.snapshot.plan
    student = next(s for s in window.state.snapshot.dataset.students
                   if any(p.student_id == s.student_id for p in plan.placements))
    with Workspace.open(planned_db) as ws:
        for p in [p for p in plan.placements if p.student_id == student.student_id]:
            edits.unplace_student(ws, plan.name, p.student_id, p.block_id, "tester")
    window.state.reload()
    page = window.documents
    listed = [page.student_list.item(i).text() for i in range(page.student_list.count())]
    assert any(student.student_id in text and "not yet placed" in text for text in listed)
    page.save_all(str(tmp_path / "out"))
    report = page.progress_label.text()
    written = {p.stem for p in (tmp_path / "out" / "students").iterdir()}
    for s in window.state.snapshot.dataset.students:
        assert safe_filename(s.student_id) in written or s.student_id in report, s.student_id
    assert f"{student.full_name} ({student.student_id})" in report and "no placement yet" in report


def test_save_all_into_a_folder_of_other_files_writes_a_folder_inside_it(make_window, planned_db, tmp_path,
                                                                         monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    chosen = tmp_path / "My documents"
    chosen.mkdir()
    (chosen / "notes.docx").write_bytes(b"mine")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(chosen)))
    window = make_window(planned_db)
    page = window.documents
    page.choose_folder_and_save()
    inside = chosen / "GP placement documents"
    assert (inside / "overview.pdf").is_file() and (chosen / "notes.docx").read_bytes() == b"mine"
    page.choose_folder_and_save()  # again: the earlier documents are replaced whole, the other file kept
    assert sorted(p.name for p in chosen.iterdir()) == ["GP placement documents", "notes.docx"]


def test_save_all_refused_by_the_writer_says_why_and_changes_nothing(make_window, planned_db, tmp_path):
    target = tmp_path / "theirs"
    target.mkdir()
    (target / "a.txt").write_text("x")
    window = make_window(planned_db)
    window.documents.save_all(str(target))
    assert "The documents were not saved: the folder" in window.message_bar.label.text()
    assert [p.name for p in target.iterdir()] == ["a.txt"]


def test_letters_and_calendars_go_into_the_chosen_folder(make_window, planned_db, tmp_path):
    import email

    from icalendar import Calendar

    window = make_window(planned_db)
    page = window.documents
    busy = tmp_path / "My documents"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    page.ask_folder = lambda title: str(busy)
    page.letters_button.click()
    letters = busy / "Placement letters"  # the officer's own files are left alone
    practices = sorted((letters / "practices").glob("*.eml"))
    students = sorted((letters / "students").glob("*.eml"))
    plan = window.state.snapshot.plan
    assert len(students) == len({p.student_id for p in plan.placements})
    assert len(practices) == len({p.practice_code for p in plan.placements})
    draft = email.message_from_bytes(practices[0].read_bytes())
    assert draft["X-Unsent"] == "1" and any(part.get_content_type() == "application/pdf" for part in draft.walk())
    assert (busy / "notes.txt").read_text() == "mine" and "Wrote" in page.progress_label.text()
    empty = tmp_path / "calendars"
    empty.mkdir()
    page.ask_folder = lambda title: str(empty)
    page.calendars_button.click()
    calendars = sorted((empty / "students").glob("*.ics"))
    assert len(calendars) == len(students)
    assert Calendar.from_ical(calendars[0].read_bytes()).walk("VEVENT")


def test_payment_statements_go_into_the_chosen_folder_each_ending_with_the_practices_quality_report(
        make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = window.documents
    busy = tmp_path / "Finance"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    page.ask_folder = lambda title: str(busy)
    page.payments_button.click()
    written = busy / "Payments"
    statements = sorted((written / "statements").glob("*.pdf"))
    plan = window.state.snapshot.plan
    assert len(statements) == len({p.practice_code for p in plan.placements})
    assert (written / "payments.pdf").is_file() and (busy / "notes.txt").read_text() == "mine"
    last = PdfReader(statements[0]).pages[-1].extract_text()
    assert "evaluations of their placements" in last and "No student has been asked" in last  # none sent yet
    assert f"{len(statements):,} payment statements" in page.progress_label.text()
