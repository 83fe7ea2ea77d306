"""Table cells and small flowables from user text, escaped and with font fallback."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from scheduler.reports.fonts import BOLD, REGULAR, markup
from scheduler.reports.styles import styles, table_style

PADDING = 8  # left + right cell padding of table_style


def para(text: str, style: str = "body", bold: bool = False) -> Paragraph:
    return Paragraph(markup(text, bold), styles()[style])


def cell(text: str | None, width: float, style: str = "cell", bold: bool = False):
    """A plain string where it fits on one line in the main font (fast), else a wrapping Paragraph."""
    text = "" if text is None else str(text)
    st = styles()[style]
    if text.isascii() and stringWidth(text, BOLD if bold else REGULAR, st.fontSize) <= width - PADDING:
        return text
    return Paragraph(markup(text, bold), st)


def head_cells(labels: list[str], right_from: int | None = None) -> list[Paragraph]:
    st = styles()
    return [Paragraph(markup(label), st["cell_head_right" if right_from is not None and i >= right_from
                                       else "cell_head"]) for i, label in enumerate(labels)]


def data_table(header: list[str], rows: list[list], widths: list[float], right_from: int | None = None,
               total_row: bool = False) -> Table:
    """A table that splits across pages and repeats its header row on each."""
    wrapped = []
    for row in rows:
        wrapped.append([value if not isinstance(value, str) else cell(value, widths[i]) for i, value in enumerate(row)])
    table = Table([head_cells(header, right_from), *wrapped], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(len(rows) + 1, right_from, total_row))
    return table


def details_table(pairs: list[tuple[str, str]], label_width: float, value_width: float) -> Table:
    """Label / value lines, e.g. the address block at the top of a timetable."""
    st = styles()
    rows = [[Paragraph(markup(label), st["small"]), Paragraph(markup(value) or "–", st["body"])]
            for label, value in pairs]
    table = Table(rows, colWidths=[label_width, value_width], hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)])
    return table
