"""Small formatting helpers: dates, date ranges, minutes, money, years."""

from __future__ import annotations

import datetime as dt

TRAVEL_MODE_TEXT = {"car": "by car", "public": "by public transport", "bike": "by bike", "walk": "on foot"}


def date_text(day: dt.date, weekday: bool = True) -> str:
    return (f"{day:%a} " if weekday else "") + f"{day.day} {day:%b %Y}"


def date_range(start: dt.date, end: dt.date, weekday: bool = True) -> str:
    """``Mon 7 Sep – Fri 16 Oct 2026``; the year once when both dates share it."""
    if start == end:
        return date_text(start, weekday)
    if start.year == end.year:
        return (f"{start:%a} " if weekday else "") + f"{start.day} {start:%b} – {date_text(end, weekday)}"
    return f"{date_text(start, weekday)} – {date_text(end, weekday)}"


def minutes_text(minutes: float | None) -> str:
    if minutes is None:
        return "–"
    whole = int(round(minutes))
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60} h {whole % 60:02d} min"


def programme_text(programme: str) -> str:
    """``physician_associate`` -> ``Physician associate``."""
    return programme.replace("_", " ").capitalize()


def cohort_text(year: int, programme: str) -> str:
    """``Year 3`` for medicine, ``Nursing year 3`` for another programme."""
    return f"Year {year}" if programme == "medicine" else f"{programme_text(programme)} year {year}"


def money(amount: float) -> str:
    return f"£{amount:,.2f}"
