"""Paragraph and table styles shared by every document: one look for all of them."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from scheduler.reports.fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
ACCENT = colors.HexColor("#005EB8")  # NHS blue
HEADER_FILL = colors.HexColor("#E8EEF7")
STRIPE_FILL = colors.HexColor("#F6F8FB")
RULE = colors.HexColor("#B8C4D6")
WARN = colors.HexColor("#B42318")

MARGIN = 18 * mm


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=17, leading=21, textColor=ACCENT,
                                spaceAfter=2 * mm),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=1 * mm),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=5 * mm,
                             spaceAfter=2 * mm, textColor=INK),
        "h3": ParagraphStyle("h3", base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=3 * mm,
                             spaceAfter=1.5 * mm),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", base, fontName=BOLD, fontSize=8.5, leading=10.5),
        "cell_head_right": ParagraphStyle("cell_head_right", base, fontName=BOLD, fontSize=8.5, leading=10.5,
                                          alignment=TA_RIGHT),
        "note": ParagraphStyle("note", base, fontSize=9, leading=12, textColor=MUTED, spaceBefore=2 * mm),
        "warn_left": ParagraphStyle("warn_left", base, fontName=BOLD, textColor=WARN),
        "warn": ParagraphStyle("warn", base, fontName=BOLD, fontSize=8.5, leading=10.5, textColor=WARN, alignment=TA_RIGHT),
    }


def table_style(rows: int, right_from: int | None = None, total_row: bool = False) -> TableStyle:
    """A header row on a tint, light stripes, thin rules; numbers right-aligned from column ``right_from``."""
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 10.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), STRIPE_FILL) for r in range(2, rows, 2)]
    if right_from is not None:
        commands.append(("ALIGN", (right_from, 0), (-1, -1), "RIGHT"))
    if total_row:
        commands += [("FONTNAME", (0, -1), (-1, -1), BOLD), ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                     ("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL)]
    return TableStyle(commands)
