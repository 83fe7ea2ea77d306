"""The students' evaluations round in the database: the placements sent out, the answers that came back, and the
office's follow-up of concerns."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, cast

from sqlalchemy import CursorResult, delete, insert, select, update
from sqlalchemy.orm import Session

from scheduler.store.models import ArchivedRow, EvaluationRow

QUESTION_COLUMNS = ("teaching", "welcome", "patient_contact", "organisation", "recommend")


def record_sent(s: Session, placements: Iterable[tuple[str, str, str]], when: dt.datetime,
                reply_by: dt.date | None) -> int:
    """(student id, block id, practice code) sent now; a placement already answered keeps its answers.
    Returns how many were sent."""
    answered = {(r.student_id, r.block_id) for r in s.scalars(select(EvaluationRow)
                                                               .where(EvaluationRow.received.is_not(None)))}
    fresh = [{"student_id": sid, "block_id": bid, "practice_code": code, "sent": when, "reply_by": reply_by,
              "source": "", "comment": "", "concern": False, "concern_action": "", "concern_action_by": ""}
             for sid, bid, code in placements if (sid, bid) not in answered]
    for row in fresh:
        s.execute(delete(EvaluationRow).where(EvaluationRow.student_id == row["student_id"],
                                              EvaluationRow.block_id == row["block_id"]))
    if fresh:
        s.execute(insert(EvaluationRow), fresh)
    return len(fresh)


def record_answers(s: Session, answers: Iterable[Any], when: dt.datetime) -> int:
    """Each answer (``evaluations.returns.Answer``) replaces what its placement held; when it was sent is kept."""
    count = 0
    for a in answers:
        before = s.get(EvaluationRow, (a.student_id, a.block_id))
        sent, reply_by = (before.sent, before.reply_by) if before is not None else (None, None)
        s.execute(delete(EvaluationRow).where(EvaluationRow.student_id == a.student_id,
                                              EvaluationRow.block_id == a.block_id))
        s.execute(insert(EvaluationRow).values(
            student_id=a.student_id, block_id=a.block_id, practice_code=a.practice_code, sent=sent,
            reply_by=reply_by, received=when, source=a.source, comment=a.comment, concern=a.concern,
            concern_action="", concern_action_by="", **a.scores))
        count += 1
    s.expire_all()
    return count


def record_concern_action(s: Session, student_id: str, block_id: str, action: str, when: dt.datetime,
                          user: str) -> bool:
    """What the office did about a concern; False when there is no such concern."""
    done = cast("CursorResult[Any]", s.execute(  # an UPDATE's result counts its rows
        update(EvaluationRow).where(EvaluationRow.student_id == student_id, EvaluationRow.block_id == block_id,
                                    EvaluationRow.concern.is_(True))
        .values(concern_action=action, concern_action_at=when, concern_action_by=user))).rowcount
    s.expire_all()
    return bool(done)


def all_rows(s: Session) -> list[dict[str, Any]]:
    """Every row of the round, as plain dicts (oldest student number first)."""
    columns = [c for c in EvaluationRow.__table__.columns]
    return [dict(r._mapping) for r in s.execute(select(*columns).order_by(EvaluationRow.student_id,
                                                                          EvaluationRow.block_id))]


def archived_rows(s: Session) -> list[tuple[str, dict[str, Any]]]:
    """(academic year, row) of every closed year's evaluations, oldest year first."""
    return [(year, dict(data)) for year, data in cast(Iterable[tuple[str, dict[str, Any]]], s.execute(
        select(ArchivedRow.academic_year, ArchivedRow.data).where(ArchivedRow.table_name == "evaluations")
        .order_by(ArchivedRow.academic_year, ArchivedRow.id)))]


def by_year(s: Session, this_year: str) -> list[tuple[str, dict[str, Any]]]:
    """(academic year, row) of every evaluation held: the closed years' from the archive, then this year's."""
    return archived_rows(s) + [(this_year, r) for r in all_rows(s)]
