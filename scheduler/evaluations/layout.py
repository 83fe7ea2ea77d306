"""Where things stand in an evaluation workbook: one sheet, fixed cells, shared by the writer and the reader."""

from __future__ import annotations

SHEET = "Evaluation"
TITLE_CELL = "A1"
STUDENT_LABEL_CELL, STUDENT_CELL = "A4", "B4"
STUDENT_LABEL = "Student number"
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1

QUESTIONS = (
    ("teaching", "Teaching"),
    ("welcome", "Welcome"),
    ("patient_contact", "Patient contact"),
    ("organisation", "Organisation"),
    ("recommend", "Would recommend"),
)
"""Each fixed question: its column in the database and its header, every one a score from 1 (poor) to 5 (excellent)."""
LOWEST, HIGHEST = 1, 5

COLUMNS = ("block_id", "block", "dates", "practice_code", "practice",
           *(name for name, _ in QUESTIONS), "comment", "concern")
"""Columns A..L; the questions (F..J), the comment (K) and the concern tick (L) are answered."""
BLOCK_COLUMN, PRACTICE_COLUMN = "A", "D"
SCORE_COLUMNS = ("F", "G", "H", "I", "J")
COMMENT_COLUMN, CONCERN_COLUMN = "K", "L"
CONCERN_YES = "yes"
