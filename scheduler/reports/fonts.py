"""Unicode fonts for every document: registration and per-character fallback.

Names arrive in every script. DejaVu Sans covers Latin, Greek, Cyrillic and
more; Noto Sans Arabic covers the Arabic script with every presentation form
(Urdu and Persian letters too); Droid Sans Fallback covers CJK. All are
shipped in ``resources/fonts`` and embedded (subset) in each PDF. ``markup``
escapes user text for Paragraph markup and wraps every run of characters the
main font should not draw in ``<font name=...>`` of a font that has them, so
no glyph silently vanishes. Arabic is shaped and put in visual order first
(see arabic.py) and always drawn in one Arabic face, so its letters join.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import cast
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from scheduler.reports.arabic import visual_order
from scheduler.resources import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ARABIC = "NotoSansArabic"
ARABIC_BOLD = "NotoSansArabic-Bold"
FALLBACK = "DroidSansFallback"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Registers the shipped fonts with ReportLab once per process."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        # binary streams: ASCII85 would make every embedded font a quarter larger and slower to write
        rl_config.useA85 = 0
        _registered = True


def _covers(font_name: str, char: str) -> bool:
    return ord(char) in cast(TTFont, pdfmetrics.getFont(font_name)).face.charToGlyph  # only ours, all TrueType


def _is_arabic(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _ARABIC_BLOCKS)


@lru_cache(maxsize=65536)
def font_for(char: str, bold: bool = False) -> str:
    """The font to draw ``char`` in: the Arabic face for Arabic script, else the main font, else the fallback."""
    register_fonts()
    main = BOLD if bold else REGULAR
    if char.isspace():
        return main
    arabic = ARABIC_BOLD if bold else ARABIC
    if _is_arabic(char) and _covers(arabic, char):
        return arabic
    for font in (main, arabic, FALLBACK):
        if _covers(font, char):
            return font
    return main  # no shipped font has it: keep the main font's missing-glyph box rather than drop it


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Splits text into (font name, chunk) runs, each chunk drawable in its font."""
    result: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char, bold)
        if char.isspace() and result and _covers(result[-1][0], char):
            # a space stays in the run it follows: "محمد علي" is then one right-to-left run in one face,
            # which text extraction (pypdf) puts back in reading order as a whole
            font = result[-1][0]
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


@lru_cache(maxsize=32768)
def markup(text: str | None, bold: bool = False) -> str:
    """Escaped Paragraph markup for user text, with fallback fonts where needed."""
    if not text:
        return ""
    text = visual_order(str(text))
    main = BOLD if bold else REGULAR
    if text.isascii():
        return escape(text)
    parts = []
    for font, chunk in runs(text, bold):
        if font == main:
            parts.append(escape(chunk))
        else:
            parts.append(f'<font name="{font}">{escape(chunk)}</font>')
    return "".join(parts)


def draw_string(canvas, x: float, y: float, text: str, size: float, bold: bool = False,
                align: str = "left") -> None:
    """Draws one line on a canvas (headers, footers) with the same font fallback."""
    text = visual_order(text)
    pieces = runs(text, bold)
    width = sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in pieces)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for font, chunk in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)


def fit_text(text: str, size: float, max_width: float, bold: bool = False) -> str:
    """Shortens text with an ellipsis so that one line fits ``max_width`` points."""
    if text_width(text, size, bold) <= max_width:
        return text
    while text and text_width(text + "…", size, bold) > max_width:
        text = text[:-1]
    return text + "…"


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(pdfmetrics.stringWidth(c, f, size) for f, c in runs(text, bold))


def wrap_text(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """Breaks text into lines that each fit ``max_width`` points, at spaces, and inside a word (an email
    address) only when the word alone is too wide: nothing is left out."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= max_width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, size, bold) > max_width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut], size, bold) > max_width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines
