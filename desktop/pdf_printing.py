"""Printing a PDF the program made: the print dialog, then the document's own pages to the printer chosen.

Used by the Documents page (the document previewed, made afresh) and by File >
Print this table. Printing to a PDF file writes the document's own vector
pages (kilobytes a page); a printer gets each page drawn as an image, at the
printer's resolution up to ``PRINT_DPI``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from scheduler.private_files import open_private

PRINT_DPI = 300
"""Pages drawn for a printer are rendered at its resolution, but never finer than this (text stays sharp)."""


class PrinterNotStarted(Exception):
    """The printer could not be started (switched off, gone)."""


def choose_printer(parent: QWidget, pages: int) -> QPrinter | None:
    """The print dialog: the printer and pages chosen, or None."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(1, pages))
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def page_count(pdf: bytes) -> int:
    with loaded_document(pdf) as document:
        return document.pageCount()


def print_pdf(pdf: bytes, printer: QPrinter, document: QPdfDocument | None = None) -> int:
    """Prints the pages of ``pdf`` the printer's range chose; returns how many. ``document``: the same PDF
    already loaded (the viewer's), else it is loaded here. Raises ``PrinterNotStarted``."""
    count = page_count(pdf)
    first, last = printer.fromPage(), printer.toPage()
    pages = list(range(max(first, 1) - 1, min(last or count, count)))
    if not pages:
        return 0
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return _write_pages(pdf, printer.outputFileName(), pages, count)
    if document is not None:
        return draw_pages(document, printer, pages)
    with loaded_document(pdf) as loaded:
        return draw_pages(loaded, printer, pages)


@contextmanager
def loaded_document(pdf: bytes) -> Iterator[QPdfDocument]:
    """The PDF as a QPdfDocument, to draw its pages (its buffer lives as long as the document is used)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        yield document
    finally:
        document.close()
        buffer.close()


def _write_pages(pdf: bytes, path: str, pages: list[int], count: int) -> int:
    if len(pages) == count:
        with open_private(path, "wb") as out:
            out.write(pdf)
        return len(pages)
    from pypdf import PdfReader, PdfWriter

    reader, writer = PdfReader(BytesIO(pdf)), PdfWriter()
    for page in pages:
        writer.add_page(reader.pages[page])
    with open_private(path, "wb") as out:
        writer.write(out)
    return len(pages)


def draw_pages(document: QPdfDocument, printer: QPrinter, pages: list[int]) -> int:
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterNotStarted()
    dpi = min(printer.resolution(), PRINT_DPI)
    for n, page in enumerate(pages):
        if n:
            printer.newPage()
        target = painter.viewport()
        size = document.pagePointSize(page)
        scale = min(target.width() / size.width(), target.height() / size.height())
        pixels = QSize(int(size.width() * dpi / 72), int(size.height() * dpi / 72))
        image = document.render(page, pixels)
        painter.drawImage(QRect(0, 0, int(size.width() * scale), int(size.height() * scale)), image)
    painter.end()
    return len(pages)
