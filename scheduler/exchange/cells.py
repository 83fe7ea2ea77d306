"""Parsing single cells of the contract's types: text, whole numbers, numbers, yes/no, dates, years, weekdays.

A parser takes a non-empty cell as read (a string from CSV; str, float, int,
bool or date from Excel) and returns the value, or raises ``CellError`` whose
message says in plain English what is wrong and how to fix it, never quoting the cell: a cell may hold
personal data, and the caller names its table, row and column. The caller decides what an empty cell means.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from scheduler.domain import WEEKDAY_NAMES


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is for the user."""


def is_empty(value: object) -> bool:
    return value is None or (type(value) is str and not value.strip())


def text(value: object) -> str:
    """The cell as trimmed text; Excel numbers that are whole come back without ``.0`` (ids, codes)."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if type(value) is bool:
        return "yes" if value else "no"
    if type(value) is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""A number as typed: ASCII digits with an optional sign and decimal point; no exponent, ``_`` or other scripts'
digits (Python's ``float`` takes ``1e1``, ``1_0`` and ``３``; the contract does not)."""
_WHOLE = re.compile(r"([+-]?[0-9]+)(?:\.0*)?")
_PLAIN_HELP = "type plain digits 0-9, e.g. 12 or 12.5 (no exponent such as 1e3, no _ or spaces between digits)"


def whole_number(value: object, what: str = "a whole number") -> int:
    if type(value) is int:
        return value
    if type(value) is float:
        if value.is_integer():
            return int(value)
        raise CellError(f"the cell is not a whole number; use {what}")
    if type(value) is str:
        m = _WHOLE.fullmatch(value.strip())
        if m:
            return int(m.group(1))
        if not PLAIN_NUMBER.fullmatch(value.strip()):
            raise CellError(f"the cell is not a whole number; use {what} and {_PLAIN_HELP}")
    raise CellError(f"the cell is not a whole number; use {what}")


def number(value: object) -> float:
    if type(value) is bool:
        raise CellError("the cell is not a number")
    if type(value) in (float, int):
        f = float(value)  # type: ignore[arg-type]  # mypy does not narrow on ``type(...) in``
    else:
        s = text(value)
        if not PLAIN_NUMBER.fullmatch(s):
            raise CellError(f"the cell is not a number; {_PLAIN_HELP}")
        f = float(s)
    if not -1e300 < f < 1e300:
        raise CellError("the cell is not a number")
    return f


def in_range(n: float, lo: float, hi: float, column: str, meaning: str) -> float:
    """``n`` itself when ``lo <= n <= hi``; else the row-level error the contract asks for."""
    if not lo <= n <= hi:
        raise CellError(f"{column} is outside {lo:,g} to {hi:,g}; use {meaning}")
    return n


_TRUE = frozenset({"yes", "y", "true", "1", "1.0"})
_FALSE = frozenset({"no", "n", "false", "0", "0.0"})


def yes_no(value: object) -> bool:
    if type(value) is bool:
        return value
    if type(value) in (int, float) and value in (0, 1):
        return bool(value)
    s = text(value).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellError("the cell is not yes or no; use yes/no, y/n, true/false or 1/0")


_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]00:00(?::00)?)?")
_UK = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{2}|[0-9]{4})")
_DATE_HELP = "use a date such as 2026-09-07 or 07/09/2026"


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if type(value) in (int, float):
        raise CellError(f"the cell is a number, not a date; format the cell as a date or {_DATE_HELP}")
    s = text(value)
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _UK.fullmatch(s)
        if not m:
            raise CellError(f"the cell is not a date; {_DATE_HELP}")
        d, mo, y = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            raise CellError("the date has a two-digit year; write the year in full, e.g. 07/09/2026")
    if not 1 <= mo <= 12:
        raise CellError(f"the cell is not a real date: its month is not 1 to 12; {_DATE_HELP}")
    if not 1 <= y <= 9999:
        raise CellError(f"the cell is not a real date; {_DATE_HELP}")
    if not 1 <= d <= calendar.monthrange(y, mo)[1]:
        raise CellError(f"the cell is not a real date: its month has no such day; {_DATE_HELP}")
    return dt.date(y, mo, d)


def year_of_study(value: object) -> int:
    try:
        year = whole_number(value)
    except CellError:
        year = None
    if year is None or not 1 <= year <= 5:
        raise CellError("the year is not a year of study; use a whole number from 1 to 5")
    return year


_YEAR_SPLIT = re.compile(r"[,;/\s]+")


def years(value: object) -> frozenset[int]:
    """``1,2,5`` (also ``1;2``, ``1 2`` or a range ``1-3``) -> ``{1, 2, 5}``."""
    help_ = "list years of study from 1 to 5, e.g. 1,2,5"
    if type(value) in (int, float) and type(value) is not bool:
        return frozenset({year_of_study(value)})
    found: set[int] = set()
    for part in _YEAR_SPLIT.split(text(value)):
        if not part:
            continue
        bounds = part.split("-")
        try:
            if not all(_WHOLE.fullmatch(b) for b in bounds):
                raise ValueError
            if len(bounds) == 2:
                lo, hi = int(bounds[0]), int(bounds[1])
                span = range(lo, hi + 1)
            elif len(bounds) == 1:
                lo = hi = int(float(part)) if float(part).is_integer() else -1
                span = range(lo, lo + 1)
            else:
                raise ValueError
        except ValueError:
            raise CellError(f"the cell is not a list of years; {help_}") from None
        if lo > hi or lo < 1 or hi > 5:
            raise CellError(f"the cell is not a list of years: it names a year that is not 1 to 5; {help_}")
        found.update(span)
    if not found:
        raise CellError(f"the cell is not a list of years; {help_}")
    return frozenset(found)


_DAY_INDEX = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
_DAY_INDEX.update({calendar.day_name[i].lower(): i for i in range(7)})


def _day(name: str) -> int:
    i = _DAY_INDEX.get(name.strip().lower())
    if i is None:
        raise CellError(
            f"the cell is not a list of weekdays: {'a part' if name.strip() else 'an empty part'} is not a day; "
            "use three-letter English names such as Mon, Tue,Thu or Mon-Fri"
        )
    return i


def weekdays(value: object) -> frozenset[int]:
    """``Mon`` / ``Tue,Thu`` / ``Mon-Fri`` -> weekday numbers (0 = Monday)."""
    days: set[int] = set()
    for part in text(value).split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first), _day(last)
            if a > b:
                raise CellError("a range of days runs backwards; write ranges forwards, e.g. Mon-Fri")
            days.update(range(a, b + 1))
        else:
            days.add(_day(part))
    return frozenset(days)


def choice(value: object, options: tuple[str, ...], what: str) -> str:
    s = text(value).lower()
    if s in options:
        return s
    listed = ", ".join(options[:-1]) + " or " + options[-1]
    raise CellError(f"the cell is not a {what}; use {listed}")
