"""Documents: pick a practice or a student, preview the PDF in the window, print it, or save every document."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import operations
from desktop.folders import last_folder, remember
from desktop.operations import load_and_render, render_document, save_all_documents
from desktop.pages.base import Page, page_layout
from desktop.pdf_printing import PrinterNotStarted, choose_printer, print_pdf
from desktop.search import matches, search_words
from desktop.state import Snapshot
from desktop.widgets.filter_bar import FilterBar

KIND_ROLE = Qt.ItemDataRole.UserRole + 10
KEY_ROLE = Qt.ItemDataRole.UserRole + 11


def _people(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def saved_report(result, folder: str, data) -> str:
    """What Save all wrote, who is told they are not yet placed, and who got no document and why."""
    names = {s.student_id: s.full_name for s in data.students}
    text = f"Saved {_people(result.files, 'file', 'files')} in {folder}."
    if result.not_placed:
        who = ", ".join(f"{names.get(sid, '')} ({sid})".strip() for sid in result.not_placed[:20])
        more = f" and {len(result.not_placed) - 20:,} more" if len(result.not_placed) > 20 else ""
        text += (f" {_people(len(result.not_placed), 'student has', 'students have')} no placement yet; "
                 f"their schedules tell them so: {who}{more}.")
    for sid, why in result.without_document:
        text += f" No schedule for {names.get(sid, '')} ({sid}): {why}."
    return text


class DocumentsPage(Page):
    title = "Documents"
    tooltip = "Timetables for practices, schedules for students, overviews: preview, print, save"
    saved = Signal(object)

    WRITTEN = {"letters": "letters and email drafts", "calendars": "calendars",
               "payments": "payments and payment statements"}
    """What each of the buttons below the lists writes, for its folder dialog and messages."""
    SUMMARIES = (("overview", "Overview of the plan"), ("payments", "Payments to practices"), ("quality", "Quality report"))

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Documents", "Documents are made from the current plan (or the plan shown, "
                                                  "when you picked one on the Plan page).")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.filters = FilterBar("Find a practice or student (Ctrl+F)")
        self.filters.finish()
        self.filters.changed.connect(self._filter_lists)
        left_layout.addWidget(self.filters)
        self.tabs = QTabWidget()
        self.practice_list = self._make_list("Practices")
        self.student_list = self._make_list("Students")
        self.summary_list = self._make_list("Summaries")
        for kind, text in self.SUMMARIES:
            self._add_item(self.summary_list, text, kind, "")
        self.tabs.addTab(self.practice_list, "&Practices")
        self.tabs.addTab(self.student_list, "S&tudents")
        self.tabs.addTab(self.summary_list, "Su&mmaries")
        self.tabs.setTabToolTip(0, "Each practice's timetable")
        self.tabs.setTabToolTip(1, "Each student's schedule (or letter saying they are not yet placed)")
        self.tabs.setTabToolTip(2, "The overview, the payments and the quality report")
        left_layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton("Pre&view")
        self.preview_button.setToolTip("Show the selected document here")
        self.preview_button.clicked.connect(self.preview_selected)
        self.print_button = QPushButton("P&rint…")
        self.print_button.setToolTip("Print the document shown (Ctrl+P)")
        self.print_button.clicked.connect(self.print_preview)
        self.save_button = QPushButton("&Save all to a folder…")
        self.save_button.setToolTip("Write every timetable, schedule and summary as PDF files into a folder")
        self.save_button.clicked.connect(self.choose_folder_and_save)
        for b in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)
        mail_buttons = QHBoxLayout()
        self.letters_button = QPushButton("&Letters and email drafts…")
        self.letters_button.setToolTip("Write a placement letter and an email draft (ready to send from Outlook) for "
                                       "each practice with students, and a draft for each placed student")
        self.letters_button.clicked.connect(lambda: self.choose_folder_and_write("letters"))
        self.calendars_button = QPushButton("&Calendars…")
        self.calendars_button.setToolTip("Write a calendar file (.ics) for each placed student and each practice "
                                         "with students")
        self.calendars_button.clicked.connect(lambda: self.choose_folder_and_write("calendars"))
        self.payments_button = QPushButton("Pa&yment statements…")
        self.payments_button.setToolTip("Write the payments for the finance office and a payment statement for "
                                        "each practice, ending with the practice's own quality report from "
                                        "students' evaluations (scores only where enough students answered)")
        self.payments_button.clicked.connect(lambda: self.choose_folder_and_write("payments"))
        for b in (self.letters_button, self.calendars_button):
            mail_buttons.addWidget(b)
        left_layout.addLayout(mail_buttons)
        finance_buttons = QHBoxLayout()  # a row of its own, so the list pane keeps its narrow width
        finance_buttons.addWidget(self.payments_button, 1)
        finance_buttons.addStretch(1)
        left_layout.addLayout(finance_buttons)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel("")
        self.progress_label.setWordWrap(True)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.progress_label)

        self._pdf: QPdfDocument | None = None
        self.viewer = QPdfView()
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.viewer.setAccessibleName("Document preview")
        self.preview_title = QLabel("Pick a document and press Preview (or double-click it).")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_title)
        right_layout.addWidget(self.viewer, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 860])
        layout.addWidget(self.splitter, 1)
        self._buffer: QBuffer | None = None
        self._loaded_plan = None
        """The documents service's loaded plan, reused by every preview until the plan changes."""
        self._pdf_bytes = b""
        self._shown_doc: tuple[str, str, str] | None = None
        """(kind, key, title) of the document in the preview, made again whenever the data changes."""
        self._pdf_made_for: Snapshot | None = None
        """The snapshot the shown PDF was made from."""
        self.save_job = None
        self._update_buttons()

    def _make_list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.setUniformItemSizes(True)
        widget.itemDoubleClicked.connect(lambda _item: self.preview_selected())
        widget.currentItemChanged.connect(lambda *_a: self._update_buttons())
        return widget

    def _add_item(self, widget: QListWidget, text: str, kind: str, key: str) -> None:
        item = QListWidgetItem(text, widget)
        item.setData(KIND_ROLE, kind)
        item.setData(KEY_ROLE, key)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._loaded_plan = None
        if self._pdf_made_for is not None and self._pdf_made_for is not snapshot:
            self._refresh_shown()
        plan = snapshot.plan
        used = {p.practice_code for p in plan.placements} if plan else set()
        placed_students = {p.student_id for p in plan.placements} if plan else set()
        blocks = snapshot.dataset.blocks
        self.practice_list.clear()
        for p in snapshot.dataset.practices:
            if p.code in used:
                self._add_item(self.practice_list, f"{p.code}  {p.name}", "practice", p.code)
        self.student_list.clear()
        for s in sorted(snapshot.dataset.students, key=lambda s: (s.last_name.casefold(), s.first_name.casefold())):
            if plan is None or not any(b.attended_by(s) for b in blocks):
                continue
            note = "" if s.student_id in placed_students else " · not yet placed"
            self._add_item(self.student_list, f"{s.last_name}, {s.first_name}  ({s.student_id}, year {s.year}){note}",
                           "student", s.student_id)
        self._filter_lists()
        self._update_buttons()

    def _refresh_shown(self) -> None:
        """The plan, the data or the settings changed: the document shown is made again from them."""
        if self._shown_doc is None:
            return
        self._pdf_bytes = b""  # never printed or saved as it was
        self._pdf_made_for = None
        self.preview(*self._shown_doc)

    def _filter_lists(self) -> None:
        words = search_words(self.filters.search.text())
        for widget in (self.practice_list, self.student_list):
            for i in range(widget.count()):
                item = widget.item(i)
                item.setHidden(not matches(words, item.text()))

    def _update_buttons(self) -> None:
        has_plan = self.ctx.state.snapshot.plan is not None
        current = self.tabs.currentWidget()
        self.preview_button.setEnabled(has_plan and isinstance(current, QListWidget) and current.currentItem() is not None)
        chosen = isinstance(current, QListWidget) and current.currentItem() is not None
        self.print_button.setEnabled(has_plan and (self._shown_doc is not None or chosen))
        self.save_button.setEnabled(has_plan and self.save_job is None)
        self.letters_button.setEnabled(has_plan and self.save_job is None)
        self.calendars_button.setEnabled(has_plan and self.save_job is None)
        self.payments_button.setEnabled(has_plan and self.save_job is None)

    # preview ----------------------------------------------------------------------------------
    @property
    def pdf(self) -> QPdfDocument:
        """The previewed document, made at the first preview rather than with the window: PDFium starts with it
        (and on Wine 8 stops the program there, so the window could not even open; see docs/INSTALL.md)."""
        if self._pdf is None:
            self._pdf = QPdfDocument(self)
            self.viewer.setDocument(self._pdf)
        return self._pdf

    def preview_selected(self) -> None:
        current = self.tabs.currentWidget()
        item = current.currentItem() if isinstance(current, QListWidget) else None
        if item is not None:
            self.preview(item.data(KIND_ROLE), item.data(KEY_ROLE), item.text())

    def preview(self, kind: str, key: str, title: str, then_print: bool = False) -> None:
        """Makes the document and shows it; ``then_print`` makes it afresh from the database and prints it."""
        self._shown_doc = (kind, key, title)
        self.preview_title.setText(f"Making {title}…")
        started_on = self.ctx.state.snapshot
        if self._loaded_plan is not None and not then_print:
            plan_name = self._loaded_plan.plan_name
            self.ctx.jobs.run(render_document, self._loaded_plan, kind, key, name="preview", key="preview",
                              needs_workspace=False, on_success=lambda data: self.show_pdf(data, title, plan_name),
                              on_failure=self._preview_failed)
            return

        def loaded(result) -> None:
            if self.ctx.state.snapshot is not started_on:  # the data changed while this was made: make it again
                self.preview(kind, key, title, then_print)
                return
            self._loaded_plan = result[0]
            self.show_pdf(result[1], title, result[0].plan_name)
            if then_print:
                self._print_shown()

        self.ctx.jobs.run(load_and_render, kind, key, self.ctx.state.shown_plan_name, name="preview",
                          key="print" if then_print else "preview", on_success=loaded,
                          on_failure=self._preview_failed)

    def show_pdf(self, data: bytes, title: str, plan_name: str = "") -> None:
        self._pdf_bytes = bytes(data)
        self._pdf_made_for = self.ctx.state.snapshot
        self.pdf.close()
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self._pdf_bytes))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        pages = self.pdf.pageCount()
        source = ""
        if plan_name:
            current = " (current)" if plan_name == self.ctx.state.snapshot.current_plan_name else ""
            source = f" · from {escape(plan_name)}{current}"
        self.preview_title.setText(f"<b>{escape(title)}</b>{source} · {pages} page{'s' if pages != 1 else ''}")
        self._update_buttons()

    def _forget_preview(self, why: str) -> None:
        self._shown_doc = None
        self._pdf_bytes = b""
        self._pdf_made_for = None
        self.pdf.close()
        self.preview_title.setText(why)
        self._update_buttons()

    def _preview_failed(self, error: BaseException) -> None:
        from desktop.errors import plain_message
        from scheduler.services.documents import NoPlan, NotInPlan

        if isinstance(error, NotInPlan):  # e.g. the last student moved out of the practice shown
            title = self._shown_doc[2] if self._shown_doc else "The document"
            self._forget_preview(f"{escape(title)} is no longer in the plan, so there is nothing to show or print.")
            self.ctx.show_status("Nothing was printed: the document is no longer in the plan.")
            return
        if isinstance(error, NoPlan):  # e.g. an import replaced the data and its plans
            self._forget_preview("There is no plan to make documents from: make one on the Plan page.")
            self.ctx.show_status("Nothing was printed: there is no plan yet.")
            return
        self._forget_preview("The document could not be made.")
        self.ctx.show_error(plain_message(error))

    # printing ---------------------------------------------------------------------------------
    def print_preview(self) -> None:
        """Prints the document shown, made afresh from the database at this moment (never an older copy)."""
        if self._shown_doc is None:
            current = self.tabs.currentWidget()
            item = current.currentItem() if isinstance(current, QListWidget) else None
            if item is None:
                self.ctx.show_status("Nothing to print yet: pick a timetable, schedule or summary on the left "
                                     "(Preview shows it), then Print.")
                return
            self._shown_doc = (item.data(KIND_ROLE), item.data(KEY_ROLE), item.text())
        self.preview(*self._shown_doc, then_print=True)

    def _print_shown(self) -> None:
        printer = self.choose_printer(self.pdf.pageCount())
        if printer is not None:
            self.print_to(printer)

    def choose_printer(self, pages: int) -> QPrinter | None:
        """The print dialog: the printer and pages chosen, or None (tests replace this)."""
        return choose_printer(self, pages)

    def print_to(self, printer: QPrinter) -> int:
        """Prints the shown PDF (the pages the print dialog chose); returns the number of pages printed."""
        try:
            return print_pdf(self._pdf_bytes, printer, self.pdf)
        except PrinterNotStarted:
            self.ctx.show_error("The printer could not be started: check that it is switched on and try again.")
            return 0

    # saving all -------------------------------------------------------------------------------
    def choose_folder_and_save(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save all documents to a folder", last_folder(self.ctx.settings))
        if folder:
            from scheduler.services.documents import documents_folder

            remember(self.ctx.settings, folder)
            self.save_all(str(documents_folder(folder)))

    def ask_folder(self, title: str) -> str:
        """A folder to write into (tests replace this)."""
        return QFileDialog.getExistingDirectory(self, title, last_folder(self.ctx.settings))

    def choose_folder_and_write(self, what: str) -> None:
        """Letters and email drafts, calendars, or payment statements, for the plan shown, into a folder the
        officer picks."""
        kind = self.WRITTEN[what]
        folder = self.ask_folder(f"Save the {kind} in a folder")
        if not folder:
            return
        remember(self.ctx.settings, folder)
        work = {"letters": operations.write_letters, "calendars": operations.write_calendars,
                "payments": operations.write_payments}[what]
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.progress_label.setText(f"Writing the {kind}…")
        job = self.ctx.jobs.run(work, folder, self.ctx.state.shown_plan_name, name="save documents",
                                key="save-documents", on_progress=self._save_progress,
                                on_success=lambda summary: self._correspondence_written(what, summary),
                                on_failure=self._save_failed)
        self.save_job = None if job.done else job  # a job run at once (tests) has already reported
        self._update_buttons()

    def _correspondence_written(self, what: str, summary) -> None:
        self.save_job = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        kind = self.WRITTEN[what]
        if what == "payments":
            self.progress_label.setText(
                f"Wrote the payments and {summary.practices:,} payment statements of {summary.plan_name} into "
                f"{summary.folder}; each ends with the practice's own quality report "
                f"({summary.with_evaluations:,} practices with evaluations sent).")
        else:
            self.progress_label.setText(
                f"Wrote {summary.files:,} files for {summary.practices:,} practices and {summary.students:,} "
                f"students of {summary.plan_name} into {summary.folder}.")
        self.ctx.show_status(f"The {kind} are in {summary.folder}")
        self._update_buttons()

    def save_all(self, folder: str) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.progress_label.setText("Writing documents…")
        self.save_job = self.ctx.jobs.run(save_all_documents, folder, self.ctx.state.shown_plan_name,
                                          name="save documents", key="save-documents",
                                          on_progress=self._save_progress, on_success=lambda r: self._saved(folder, r),
                                          on_failure=self._save_failed)
        self._update_buttons()

    def _save_progress(self, progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        if progress.message:
            self.progress_label.setText(progress.message)

    def _saved(self, folder: str, result) -> None:
        self.save_job = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if getattr(result, "cancelled", False):
            self.progress_label.setText(f"Stopped: nothing was changed in {folder}.")
            self.ctx.show_status("Saving the documents was stopped; nothing was changed")
        else:
            self.progress_label.setText(saved_report(result, folder, self.ctx.state.snapshot.dataset))
            self.ctx.show_status(f"Documents saved in {folder}")
        self._update_buttons()
        self.saved.emit(result)

    def _save_failed(self, error: BaseException) -> None:
        from desktop.errors import plain_message

        self.save_job = None
        self.progress.setVisible(False)
        self.progress_label.setText("")
        self.ctx.show_error(plain_message(error))
        self._update_buttons()

    def focus_search(self) -> bool:
        self.filters.search.setFocus()
        return True

    def layout_parts(self):
        return {"splitter": self.splitter}
