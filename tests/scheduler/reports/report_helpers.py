"""Helpers for the document tests: names in many scripts, hand-made data sets, reading PDFs back."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

from pypdf import PdfReader

from scheduler.domain import Block, DataSet, Placement, Plan, Practice, Student

NAMES = [
    ("Łukasz", "Wójcik"),
    ("Nguyễn", "Thị Ngọc Ánh"),
    ("Жанна", "Иванова"),
    ("Γιώργος", "Παπαδόπουλος"),
    ("محمد", "علي"),
    ("伟", "陈"),
    ("Siobhán", "O'Brien-Smith"),
    ("Amy", "<Tag> & Co"),
]


def _student(i: int, first: str, last: str, year: int, group: str = "") -> Student:
    return Student(student_id=f"S{i:05d}", first_name=first, last_name=last, year=year,
                   email=f"student{i}@student.example.ac.uk", group=group,
                   latitude=53.45 + i * 0.001, longitude=-2.23, travel_mode="car" if i % 3 else "public")


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page with Arabic shaping undone (NFKC); pypdf itself puts right-to-left runs back in order."""
    reader = PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def squash(text: str) -> str:
    """Whitespace-insensitive comparison (a long name may wrap)."""
    return re.sub(r"\s+", "", text)


def font_report(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font any page uses; embedded = its descriptor has /FontFile2 (or 1/3)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            targets = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                embedded = any(key in descriptor for key in ("/FontFile2", "/FontFile", "/FontFile3"))
                found[str(font["/BaseFont"])] = embedded
    return sorted(found.items())


def big_practice_data(n: int = 40) -> tuple[DataSet, Plan]:
    """One practice with ``n`` students in one block: its student table must run over a page."""
    practice = Practice("BIG01", "Big Group Practice", frozenset({4}), capacity=n, address="1 Long Road",
                        postcode="M1 1AA", tutor="Dr Many")
    scripts = [first for first, _ in NAMES]
    # digits never touch a right-to-left name: the bidi algorithm would rightly move them
    students = tuple(Student(f"B{i:04d}", scripts[i % len(scripts)], f"Student{i}", 4,
                             email=f"b{i}@student.example.ac.uk") for i in range(n))
    block = Block("Y4-B1", 4, dt.date(2026, 11, 2), dt.date(2026, 12, 11), name="Year 4 GP block 1")
    plan = Plan("Big", tuple(Placement(s.student_id, "Y4-B1", "BIG01", 15.0) for s in students), is_current=True)
    return DataSet(practices=(practice,), students=students, blocks=(block,)), plan
