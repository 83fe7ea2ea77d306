"""The offers round in the database: applying a practice's answers and tracking who has replied."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from scheduler.domain import OfferChange, OfferStatus
from scheduler.store.dataset_rows import insert_tutors
from scheduler.store.models import CapacityRow, OfferRow, PracticeRow, TutorRow


def record_sent(s: Session, codes: Iterable[str], when: dt.datetime, reply_by: dt.date | None = None) -> None:
    """A new round for these practices: sent now, to reply by ``reply_by``, no reply yet."""
    for code in codes:
        row = s.get(OfferRow, code)
        if row is None:
            s.add(OfferRow(practice_code=code, sent=when, replied=None, source="", changes=0, reply_by=reply_by))
        else:
            row.sent, row.replied, row.source, row.changes, row.reply_by = when, None, "", 0, reply_by


def apply_changes(s: Session, changes: Iterable[OfferChange]) -> None:
    for change in changes:
        if change.what == "places":
            s.execute(delete(CapacityRow).where(CapacityRow.practice_code == change.practice_code,
                                                CapacityRow.block_id == change.block_id))
            s.execute(insert(CapacityRow).values(practice_code=change.practice_code, block_id=change.block_id,
                                                 capacity=change.after))
        elif change.what == "per_day":
            s.execute(update(PracticeRow).where(PracticeRow.code == change.practice_code)
                      .values(max_students_per_day=change.after))
        elif change.what == "tutor":
            s.execute(update(PracticeRow).where(PracticeRow.code == change.practice_code).values(tutor=change.after))
        elif change.what == "tutors":
            s.execute(delete(TutorRow).where(TutorRow.practice_code == change.practice_code))
            insert_tutors(s, change.after)
        else:
            raise ValueError(f"unknown offer change {change.what!r}")


def record_reply(s: Session, code: str, source: str, changes: int, when: dt.datetime) -> None:
    row = s.get(OfferRow, code)
    if row is None:
        s.add(OfferRow(practice_code=code, sent=None, replied=when, source=source, changes=changes))
    else:
        row.replied, row.source, row.changes = when, source, changes


def statuses(s: Session) -> list[OfferStatus]:
    """Every active practice with its round: sent, replied, from which file, how many changes."""
    rounds = {r.practice_code: r for r in s.scalars(select(OfferRow))}
    practices = s.execute(select(PracticeRow.code, PracticeRow.name, PracticeRow.email)
                          .where(PracticeRow.active.is_(True)).order_by(PracticeRow.position)).all()
    result = []
    for code, name, email in practices:
        row = rounds.get(code)
        result.append(OfferStatus(code, name, email, row.sent if row else None, row.replied if row else None,
                                  row.source if row else "", row.changes if row else 0,
                                  row.reply_by if row else None))
    return result
