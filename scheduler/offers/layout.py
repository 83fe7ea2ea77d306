"""Where things stand in an offer workbook: one sheet, fixed cells, shared by the writer and the reader."""

from __future__ import annotations

SHEET = "Offer"
TITLE_CELL = "A1"
CODE_LABEL_CELL, CODE_CELL = "A4", "B4"
NAME_LABEL_CELL, NAME_CELL = "A5", "B5"
TUTOR_LABEL_CELL, TUTOR_CELL = "A6", "B6"
PER_DAY_LABEL_CELL, PER_DAY_CELL = "A7", "B7"
HEADER_ROW = 9
FIRST_BLOCK_ROW = HEADER_ROW + 1
BLOCK_COLUMNS = ("block_id", "year", "block", "dates", "days", "places")
"""Columns A..F of the block table; only ``places`` (column F) is answered."""
BLOCK_ID_COLUMN, PLACES_COLUMN = "A", "F"

CODE_LABEL = "Practice code"
NAME_LABEL = "Practice"
TUTOR_LABEL = "Lead GP tutor"
PER_DAY_LABEL = "Most students on site on any one day (consulting rooms; empty = no limit)"
