"""Documents: pick a practice or a student, preview the PDF in the window, print it, or save every document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
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

from desktop.pages.base import Page, page_layout
from desktop.state import Snapshot
from desktop.widgets.filter_bar import FilterBar

KIND_ROLE = Qt.ItemDataRole.UserRole + 10
KEY_ROLE = Qt.ItemDataRole.UserRole + 11


DOCUMENT_METHODS = {"practice": "practice_timetable", "student": "student_schedule", "overview": "overview",
                    "payments": "payments_pdf", "quality": "quality"}


def render_document(documents, kind: str, key: str) -> bytes:
    """Runs in a job: one PDF from a plan the documents service loaded (domain objects only)."""
    method = getattr(documents, DOCUMENT_METHODS[kind])
    return method(key) if kind in ("practice", "student") else method()


def load_and_render(ws, kind: str, key: str, plan_name: str | None):
    """Runs in a job: loads the plan for previews once, and makes the first document from it."""
    from scheduler.services import documents

    loaded = documents.open_documents(ws, plan_name)
    return loaded, render_document(loaded, kind, key)


def save_all_documents(ws, folder: str, plan_name: str | None, task=None):
    from scheduler.services import documents

    return documents.write_documents(ws, folder, plan_name=plan_name, task=task)


class DocumentsPage(Page):
    title = "Documents"
    tooltip = "Timetables for practices, schedules for students, overviews: preview, print, save"
    saved = Signal(object)

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
        self.tabs.addTab(self.practice_list, "&Practice timetables")
        self.tabs.addTab(self.student_list, "S&tudent schedules")
        self.tabs.addTab(self.summary_list, "Su&mmaries")
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
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel("")
        self.progress_label.setWordWrap(True)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.progress_label)

        self.pdf = QPdfDocument(self)
        self.viewer = QPdfView()
        self.viewer.setDocument(self.pdf)
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
        plan = snapshot.plan
        used = {p.practice_code for p in plan.placements} if plan else set()
        placed_students = {p.student_id for p in plan.placements} if plan else set()
        self.practice_list.clear()
        for p in snapshot.dataset.practices:
            if p.code in used:
                self._add_item(self.practice_list, f"{p.code}  {p.name}", "practice", p.code)
        self.student_list.clear()
        for s in sorted(snapshot.dataset.students, key=lambda s: (s.last_name.casefold(), s.first_name.casefold())):
            if s.student_id in placed_students:
                self._add_item(self.student_list, f"{s.last_name}, {s.first_name}  ({s.student_id}, year {s.year})",
                               "student", s.student_id)
        self._filter_lists()
        self._update_buttons()

    def _filter_lists(self) -> None:
        words = self.filters.search.text().casefold().split()
        for widget in (self.practice_list, self.student_list):
            for i in range(widget.count()):
                item = widget.item(i)
                item.setHidden(bool(words) and not all(w in item.text().casefold() for w in words))

    def _update_buttons(self) -> None:
        has_plan = self.ctx.state.snapshot.plan is not None
        current = self.tabs.currentWidget()
        self.preview_button.setEnabled(has_plan and isinstance(current, QListWidget) and current.currentItem() is not None)
        self.print_button.setEnabled(bool(self._pdf_bytes))
        self.save_button.setEnabled(has_plan and self.save_job is None)

    # preview ----------------------------------------------------------------------------------
    def preview_selected(self) -> None:
        current = self.tabs.currentWidget()
        item = current.currentItem() if isinstance(current, QListWidget) else None
        if item is not None:
            self.preview(item.data(KIND_ROLE), item.data(KEY_ROLE), item.text())

    def preview(self, kind: str, key: str, title: str) -> None:
        self.preview_title.setText(f"Making {title}…")
        if self._loaded_plan is not None:
            self.ctx.jobs.run(render_document, self._loaded_plan, kind, key, name="preview", key="preview",
                              needs_workspace=False, on_success=lambda data: self.show_pdf(data, title),
                              on_failure=self._preview_failed)
            return

        started_on = self.ctx.state.snapshot

        def loaded(result) -> None:
            if self.ctx.state.snapshot is started_on:  # else the plan changed while this one was read
                self._loaded_plan = result[0]
            self.show_pdf(result[1], title)

        self.ctx.jobs.run(load_and_render, kind, key, self.ctx.state.shown_plan_name, name="preview", key="preview",
                          on_success=loaded, on_failure=self._preview_failed)

    def show_pdf(self, data: bytes, title: str) -> None:
        self._pdf_bytes = bytes(data)
        self.pdf.close()
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self._pdf_bytes))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        pages = self.pdf.pageCount()
        self.preview_title.setText(f"<b>{title}</b> · {pages} page{'s' if pages != 1 else ''}")
        self._update_buttons()

    def _preview_failed(self, error: BaseException) -> None:
        from desktop.errors import plain_message

        self.preview_title.setText("The document could not be made.")
        self.ctx.show_error(plain_message(error))

    # printing ---------------------------------------------------------------------------------
    def print_preview(self) -> None:
        if not self._pdf_bytes:
            self.ctx.show_error("Preview a document first, then print it.")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.pdf.pageCount()))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Draws each page of the shown PDF onto the printer; returns the number of pages printed."""
        painter = QPainter()
        if not painter.begin(printer):
            self.ctx.show_error("The printer could not be started.")
            return 0
        first, last = printer.fromPage(), printer.toPage()
        pages = range((first or 1) - 1, (last or self.pdf.pageCount()))
        printed = 0
        for n, page in enumerate(pages):
            if n:
                printer.newPage()
            target = painter.viewport()
            size = self.pdf.pagePointSize(page)
            scale = min(target.width() / size.width(), target.height() / size.height())
            image = self.pdf.render(page, QSize(int(size.width() * scale), int(size.height() * scale)))
            painter.drawImage(QRect(QPoint(0, 0), image.size()), image)
            printed += 1
        painter.end()
        return printed

    # saving all -------------------------------------------------------------------------------
    def choose_folder_and_save(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save all documents to a folder",
                                                  str(self.ctx.settings.value("paths/documents", str(Path.home()))))
        if folder:
            self.ctx.settings.setValue("paths/documents", folder)
            self.save_all(folder)

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
        files = getattr(result, "files", None)
        stopped = " (stopped early: the files written so far are kept)" if getattr(result, "cancelled", False) else ""
        self.progress_label.setText(f"Saved {files if files is not None else 'all'} files in {folder}{stopped}.")
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
