"""The students' preferences round in the database: replacing the ranks of those who answered, and tracking
who was sent a workbook and who has replied."""

from __future__ import annotations

import datetime as dt
from typing import Iterable, NamedTuple

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from scheduler.domain import Preference
from scheduler.store.models import PreferenceRoundRow, PreferenceRow

BATCH = 500
"""Ids per ``IN (...)``: under every database's limit of bound parameters."""


class RoundRecord(NamedTuple):
    sent: dt.datetime | None
    reply_by: dt.date | None
    replied: dt.datetime | None
    source: str
    ranks: int


def replace_preferences(s: Session, student_ids: Iterable[str], preferences: Iterable[Preference]) -> None:
    ids = list(student_ids)
    for start in range(0, len(ids), BATCH):
        s.execute(delete(PreferenceRow).where(PreferenceRow.student_id.in_(ids[start:start + BATCH])))
    rows = [{"student_id": p.student_id, "practice_code": p.practice_code, "rank": p.rank} for p in preferences]
    if rows:
        s.execute(insert(PreferenceRow), rows)


def record_sent(s: Session, student_ids: Iterable[str], when: dt.datetime, reply_by: dt.date | None) -> None:
    """A new round for these students: sent now, to reply by ``reply_by``, no reply yet."""
    _replace(s, {sid: RoundRecord(when, reply_by, None, "", 0) for sid in student_ids})


def record_replies(s: Session, replies: dict[str, tuple[str, int]], when: dt.datetime) -> None:
    """``replies``: student id -> (returned file's name, ranks given). Keeps when each was sent."""
    before = round_records(s, replies)
    _replace(s, {sid: RoundRecord(before[sid].sent if sid in before else None,
                                  before[sid].reply_by if sid in before else None, when, source, ranks)
                 for sid, (source, ranks) in replies.items()})


def round_records(s: Session, student_ids: Iterable[str] | None = None) -> dict[str, RoundRecord]:
    """The round's record of every student (or of ``student_ids``) who has one."""
    query = select(PreferenceRoundRow)
    rows: list[PreferenceRoundRow] = []
    if student_ids is None:
        rows = list(s.scalars(query))
    else:
        ids = list(student_ids)
        for start in range(0, len(ids), BATCH):
            rows += s.scalars(query.where(PreferenceRoundRow.student_id.in_(ids[start:start + BATCH])))
    return {r.student_id: RoundRecord(r.sent, r.reply_by, r.replied, r.source, r.ranks) for r in rows}


def _replace(s: Session, records: dict[str, RoundRecord]) -> None:
    ids = list(records)
    for start in range(0, len(ids), BATCH):
        s.execute(delete(PreferenceRoundRow).where(PreferenceRoundRow.student_id.in_(ids[start:start + BATCH])))
    if records:
        s.execute(insert(PreferenceRoundRow), [{"student_id": sid, **r._asdict()} for sid, r in records.items()])
