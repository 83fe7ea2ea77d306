"""iCalendar (RFC 5545) files of a plan: one all-day event per attendance day, for a student or a practice.

Event UIDs are built from the student or practice, the block and the date,
so a second export of the same plan (or of a re-plan) gives the same UIDs and
calendar programs update the events instead of adding copies. DTSTAMP is the
plan's creation time, so re-exporting an unchanged plan writes identical files.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from scheduler.reports.index import PlanIndex

PRODUCT_ID = "-//GP Placement Scheduler//gp-placements//EN"
UID_DOMAIN = "gp-placements.invalid"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _stamp(index: PlanIndex) -> dt.datetime:
    created = index.plan.created or dt.datetime(2000, 1, 1)
    return created.replace(tzinfo=dt.timezone.utc) if created.tzinfo is None else created.astimezone(dt.timezone.utc)


def _day_event(uid: str, day: dt.date, summary: str, location: str, description: str,
               stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}-{day:%Y%m%d}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("transp", "OPAQUE")
    return event


def practice_address(index: PlanIndex, practice_code: str) -> str:
    practice = index.practices[practice_code]
    return ", ".join(part for part in (practice.name, practice.address, practice.postcode) if part)


def student_calendar(index: PlanIndex, student_id: str) -> bytes:
    """Every attendance day of the student's placements in the plan (unplaced blocks have no events)."""
    student = index.students[student_id]
    cal = _calendar(f"GP placements {student.full_name}")
    stamp = _stamp(index)
    for block_id, placement in sorted(index.by_student.get(student_id, {}).items()):
        practice = index.practices.get(placement.practice_code)
        if practice is None:
            continue
        block = index.blocks[block_id]
        summary = f"GP placement: {practice.name}"
        description = (f"{block.name or 'GP placement block'} ({block.block_id}) at {practice.name} "
                       f"({practice.code}). GP tutor: {practice.tutor or 'to be confirmed'}.")
        for day in index.teaching_dates(block_id):
            cal.add_component(_day_event(f"student-{student_id}-{block_id}", day, summary,
                                         practice_address(index, practice.code), description, stamp))
    return cal.to_ical()


def practice_calendar(index: PlanIndex, practice_code: str) -> bytes:
    """One event per attendance day of each block with students at the practice, naming the students."""
    practice = index.practices[practice_code]
    cal = _calendar(f"Medical students at {practice.name}")
    stamp = _stamp(index)
    by_block: dict[str, list[str]] = {}
    for placement in index.by_practice.get(practice_code, []):
        student = index.students.get(placement.student_id)
        if student is not None:
            by_block.setdefault(placement.block_id, []).append(f"{student.full_name} ({student.student_id})")
    for block_id, names in sorted(by_block.items()):
        block = index.blocks[block_id]
        count = len(names)
        summary = f"{count} medical student{'s' if count != 1 else ''}, year {block.year} ({block.block_id})"
        description = "Students: " + "; ".join(names)
        for day in index.teaching_dates(block_id):
            cal.add_component(_day_event(f"practice-{practice_code}-{block_id}", day, summary,
                                         practice_address(index, practice_code), description, stamp))
    return cal.to_ical()
