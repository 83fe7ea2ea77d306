"""Parsing single cells: dates, yes/no, numbers, years, weekdays."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.exchange import cells
from scheduler.exchange.cells import CellError


@pytest.mark.parametrize("value, expected", [
    ("2026-09-07", dt.date(2026, 9, 7)),
    ("07/09/2026", dt.date(2026, 9, 7)),
    ("7/9/2026", dt.date(2026, 9, 7)),
    (" 29/02/2028 ", dt.date(2028, 2, 29)),
    ("2026-09-07 00:00:00", dt.date(2026, 9, 7)),
    (dt.date(2026, 9, 7), dt.date(2026, 9, 7)),
    (dt.datetime(2026, 9, 7, 0, 0), dt.date(2026, 9, 7)),
])
def test_dates_iso_uk_and_excel_cells(value, expected):
    assert cells.date(value) == expected


@pytest.mark.parametrize("value, words", [
    ("31/02/2027", "its month has no such day"),
    ("2026-13-01", "its month is not 1 to 12"),
    ("07/09/26", "two-digit year"),
    ("next Tuesday", "not a date"),
    (46000.0, "is a number, not a date"),
])
def test_bad_dates_say_why(value, words):
    with pytest.raises(CellError, match=words):
        cells.date(value)


@pytest.mark.parametrize("value, expected", [
    ("yes", True), ("Y", True), ("TRUE", True), ("1", True), (1.0, True), (True, True),
    ("no", False), ("n", False), ("False", False), ("0", False), (0.0, False), (False, False),
])
def test_yes_no(value, expected):
    assert cells.yes_no(value) is expected


def test_yes_no_rejects_other_words():
    with pytest.raises(CellError, match="yes/no"):
        cells.yes_no("maybe")


def test_whole_numbers_accept_excel_floats():
    assert cells.whole_number(3.0) == 3
    assert cells.whole_number(" 4 ") == 4
    assert cells.whole_number("4.0") == 4
    with pytest.raises(CellError):
        cells.whole_number(3.5)
    with pytest.raises(CellError):
        cells.whole_number("three")


def test_year_of_study_message_matches_the_contract():
    with pytest.raises(CellError) as exc:
        cells.year_of_study("7")
    assert str(exc.value) == "the year is not a year of study; use a whole number from 1 to 5"
    assert cells.year_of_study(5.0) == 5


@pytest.mark.parametrize("value, expected", [
    ("1,2,5", {1, 2, 5}), ("3", {3}), (3.0, {3}), ("1-3", {1, 2, 3}), ("1; 4", {1, 4}), ("2 5", {2, 5}),
])
def test_years(value, expected):
    assert cells.years(value) == frozenset(expected)


@pytest.mark.parametrize("value", ["6", "0,1", "one", "3-1", ","])
def test_bad_years(value):
    with pytest.raises(CellError):
        cells.years(value)


@pytest.mark.parametrize("value, expected", [
    ("Mon", {0}), ("Tue,Thu", {1, 3}), ("Mon-Fri", {0, 1, 2, 3, 4}), ("mon - wed, FRI", {0, 1, 2, 4}),
    ("Monday", {0}),
])
def test_weekdays(value, expected):
    assert cells.weekdays(value) == frozenset(expected)


@pytest.mark.parametrize("value, words", [("Fri-Mon", "backwards"), ("Mun", "not a day"), ("Tue,,Thu", "not a day")])
def test_bad_weekdays(value, words):
    with pytest.raises(CellError, match=words):
        cells.weekdays(value)


def test_text_of_excel_numbers_drops_point_zero():
    assert cells.text(10234567.0) == "10234567"
    assert cells.text(2.5) == "2.5"
    assert cells.text("  M85001 ") == "M85001"
    assert cells.text(None) == ""


def test_number_rejects_nan_and_words():
    assert cells.number("12.5") == 12.5
    for bad in ("nan", "inf", "twelve", True):
        with pytest.raises(CellError):
            cells.number(bad)


PERSONAL = "Zyxwv Personal"
PARSERS = {
    "whole number": cells.whole_number, "number": cells.number, "yes/no": cells.yes_no, "date": cells.date,
    "year of study": cells.year_of_study, "years": cells.years, "weekdays": cells.weekdays,
    "choice": lambda v: cells.choice(v, ("car", "public"), "travel mode"),
}


@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
@pytest.mark.parametrize("value", [PERSONAL, f"{PERSONAL}-Zyxwv", f"Mon,{PERSONAL}", "1,7 Zyxwv"])
def test_a_refusal_never_quotes_the_cell(parser, value):
    """A cell may hold personal data: the message says what is wrong, the caller says where."""
    with pytest.raises(CellError) as exc:
        parser(value)
    assert "Zyxwv" not in str(exc.value)


@pytest.mark.parametrize("value, parser", [
    ("31/02/2031", cells.date), ("13/11/38", cells.date), ("2031-13-01", cells.date), (47111.0, cells.date),
    ("12.75", cells.whole_number), (12.75, cells.whole_number), ("4e4", cells.number), ("77", cells.year_of_study),
    ("7-9", cells.years), ("Fri-Mon", cells.weekdays),
])
def test_a_refusal_never_quotes_a_date_or_number_either(value, parser):
    with pytest.raises(CellError) as exc:
        parser(value)
    assert str(value) not in str(exc.value)


def test_a_number_out_of_range_names_the_range_not_the_number():
    with pytest.raises(CellError) as exc:
        cells.in_range(1e15, 0, 1000, "capacity", "places per block")
    assert str(exc.value) == "capacity is outside 0 to 1,000; use places per block"
