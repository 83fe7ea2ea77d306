"""Font fallback, escaping and Arabic shaping."""

from __future__ import annotations

import pytest
from report_helpers import NAMES
from reportlab.pdfbase import pdfmetrics

from scheduler.reports import fonts
from scheduler.reports.arabic import logical_order, shape, visual_order


def test_markup_escapes_user_text():
    assert fonts.markup("<b>Tom & Jerry</b>") == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;"


def test_cjk_runs_use_the_fallback_font():
    assert fonts.markup("Chen 陈伟") == f'Chen <font name="{fonts.FALLBACK}">陈伟</font>'


def test_latin_greek_cyrillic_vietnamese_stay_in_the_main_font():
    assert fonts.markup("Łukasz Ж Γιώργος Nguyễn") == "Łukasz Ж Γιώργος Nguyễn"


def assert_drawable(text: str) -> None:
    fonts.register_fonts()
    for font, chunk in fonts.runs(visual_order(text)):
        face = pdfmetrics.getFont(font).face
        assert all(c.isspace() or ord(c) in face.charToGlyph for c in chunk), (font, chunk)


@pytest.mark.parametrize("name", [f"{first} {last}" for first, last in NAMES] + ["حمزہ حسین", "پرویز کریمی",
                                                                                   "Ayşe Øster Dvořák"])
def test_every_character_of_every_name_has_a_glyph(name):
    assert_drawable(name)


def test_every_demo_name_has_glyphs():
    from scheduler.demo import make_demo

    data = make_demo(1, "small")
    for student in data.students:
        assert_drawable(student.full_name)
    for practice in data.practices:
        assert_drawable(f"{practice.name} {practice.address} {practice.tutor}")


def test_arabic_script_is_drawn_in_one_arabic_face():
    runs = fonts.runs(visual_order("حمزہ"))
    assert runs == [(fonts.ARABIC, visual_order("حمزہ"))]


def test_arabic_is_shaped_into_joined_forms_and_reversed():
    assert shape("محمد") == "\uFEE3\uFEA4\uFEE4\uFEAA"  # initial, medial, medial, final
    assert visual_order("محمد") == "\uFEAA\uFEE4\uFEA4\uFEE3"


@pytest.mark.parametrize("text", ["محمد علي", "سلام", "Ahmed محمد الله (S001)", "plain text", "پرویز"])
def test_visual_order_round_trips(text):
    assert logical_order(visual_order(text)) == text


def test_fit_text_shortens_with_an_ellipsis():
    fonts.register_fonts()
    short = fonts.fit_text("A very long practice name indeed " * 5, 8, 100)
    assert short.endswith("…") and pdfmetrics.stringWidth(short, fonts.REGULAR, 8) <= 100
