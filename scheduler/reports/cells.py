"""Table cells and small flowables from user text, escaped and with font fallback."""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from scheduler.reports.fonts import BOLD, REGULAR, markup
from scheduler.reports.styles import INK, MUTED, styles, table_style

PADDING = 8  # left + right cell padding of table_style


def para(text: str, style: str = "body", bold: bool = False) -> Paragraph:
    return Paragraph(markup(text, bold), styles()[style])


def cell(text: str | None, width: float, style: str = "cell", bold: bool = False):
    """A plain string where the main font draws it on one line (fast), else a wrapping Paragraph."""
    text = "" if text is None else str(text)
    st = styles()[style]
    font = BOLD if bold else REGULAR
    if main_font_only(text, bold) and stringWidth(text, font, st.fontSize) <= width - PADDING:
        return text
    return Paragraph(markup(text, bold), st)


@lru_cache(maxsize=65536)
def main_font_only(text: str, bold: bool = False) -> bool:
    """True when the text needs neither shaping nor a fallback font (Latin, Greek, Cyrillic …)."""
    if text.isascii():
        return True
    return markup(text, bold) == escape(text)


def head_cells(labels: list[str], widths: list[float], right_from: int | None = None) -> list:
    """Header labels: plain (bold via the table style) where they fit on one line, else wrapping."""
    st = styles()
    cells: list[str | Paragraph] = []
    for i, label in enumerate(labels):
        if label.isascii() and stringWidth(label, BOLD, st["cell_head"].fontSize) <= widths[i] - PADDING:
            cells.append(label)
        else:
            right = right_from is not None and i >= right_from
            cells.append(Paragraph(markup(label), st["cell_head_right" if right else "cell_head"]))
    return cells


def data_table(header: list[str], rows: list[list], widths: list[float], right_from: int | None = None,
               total_row: bool = False) -> Table:
    """A table that splits across pages and repeats its header row on each."""
    wrapped = []
    for row in rows:
        wrapped.append([value if not isinstance(value, str) else cell(value, widths[i]) for i, value in enumerate(row)])
    table = Table([head_cells(header, widths, right_from), *wrapped], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(len(rows) + 1, right_from, total_row))
    return table


def details_rows(pairs: list[tuple[str, str]], value_width: float) -> list[list]:
    """Label / value rows: labels are plain strings (styled by ``DETAILS_STYLE``), values wrap when they must."""
    return [[label, cell(value or "–", value_width, "body")] for label, value in pairs]


def details_style(first_row: int = 0, last_row: int = -1) -> list[tuple]:
    """Small grey labels in column 0 and body text in column 1, for the rows ``first_row``..``last_row``."""
    body = styles()["body"]
    return [
        ("FONTNAME", (0, first_row), (-1, last_row), REGULAR),
        ("FONTSIZE", (0, first_row), (0, last_row), 8),
        ("TEXTCOLOR", (0, first_row), (0, last_row), MUTED),
        ("FONTSIZE", (1, first_row), (1, last_row), body.fontSize),
        ("LEADING", (1, first_row), (1, last_row), body.leading),
        ("TEXTCOLOR", (1, first_row), (1, last_row), INK),
        ("VALIGN", (0, first_row), (-1, last_row), "TOP"),
        ("TOPPADDING", (0, first_row), (-1, last_row), 1.5),
        ("BOTTOMPADDING", (0, first_row), (-1, last_row), 1.5),
    ]


def details_table(pairs: list[tuple[str, str]], label_width: float, value_width: float) -> Table:
    """Label / value lines, e.g. the address block at the top of a timetable."""
    table = Table(details_rows(pairs, value_width), colWidths=[label_width, value_width], hAlign="LEFT")
    table.setStyle([*details_style(), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return table
