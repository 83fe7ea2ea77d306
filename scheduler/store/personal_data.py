"""Students' personal data under UK GDPR: everything held about one student, and anonymising leavers.

A leaver is a student with placement history, all of it before a given
academic year, and no place in any stored plan. Anonymising gives them a
pseudonymous number (``ANON-`` and a digest, the same for the same number),
clears their name, email, postcode and home location, drops their travel
times, preferences, preferences-round record, pairs, exclusions and
clearances, keeps their attendance (payments) and their placement evaluations
(scores, concern follow-up; the comment in their own words and the returned
file's name cleared, ``ANONYMISED_EVALUATION``) under the new number, and
rewrites the number in the edit history and audit trail; their practice
history stays (under the new number) for the "new practice each year"
statistics.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from scheduler.store.models import (
    AttendanceRow,
    AuditRow,
    ClearanceRow,
    EditRow,
    EvaluationRow,
    ExclusionRow,
    HistoryRow,
    PairRow,
    PlacementRow,
    PlanRow,
    PreferenceRoundRow,
    PreferenceRow,
    StudentRow,
    TravelRow,
    UnplacedRow,
)

ANON_PREFIX = "ANON-"

ANONYMISED_STUDENT = {"first_name": "", "last_name": "(anonymised)", "email": "", "postcode": "", "latitude": None,
                      "longitude": None, "max_travel_minutes": None, "needs_accessible": False}
"""What an anonymised student's row holds instead of their personal data."""

ANONYMISED_EVALUATION = {"comment": "", "source": ""}
"""What an anonymised student's evaluation holds instead of their own words (the scores stay, for the report)."""


def pseudonym(student_id: str) -> str:
    return ANON_PREFIX + hashlib.sha256(student_id.encode()).hexdigest()[:12].upper()


def leavers(s: Session, before: str, keep: Collection[str] = ()) -> list[str]:
    """Students whose placement history is all before academic year ``before``, who are in no plan and not
    in ``keep`` (the students of the current data set)."""
    in_plans = select(PlacementRow.student_id).union(select(UnplacedRow.student_id))
    last_year: dict[str, str] = {}
    for sid, year in s.execute(select(HistoryRow.student_id, HistoryRow.academic_year)):
        last_year[sid] = max(last_year.get(sid, ""), year)
    planned = set(s.execute(in_plans).scalars())
    return sorted(sid for sid, year in last_year.items()
                  if year < before and sid not in planned and sid not in keep and not sid.startswith(ANON_PREFIX))


def anonymise(s: Session, student_ids: list[str]) -> dict[str, str]:
    """Anonymises the students (see the module docstring); returns old number -> pseudonym."""
    renamed = {}
    for sid in student_ids:
        row = s.get(StudentRow, sid)
        if row is None:
            continue
        new = pseudonym(sid)
        s.execute(insert(StudentRow).values(student_id=new, position=row.position, year=row.year, group=row.group,
                                            travel_mode=row.travel_mode, **ANONYMISED_STUDENT))
        for model in (TravelRow, PreferenceRow, PreferenceRoundRow, ExclusionRow, ClearanceRow):
            s.execute(delete(model).where(model.student_id == sid))
        s.execute(delete(PairRow).where(or_(PairRow.student_a == sid, PairRow.student_b == sid)))
        for kept in (HistoryRow, AttendanceRow):
            s.execute(update(kept).where(kept.student_id == sid).values(student_id=new))
        s.execute(update(EvaluationRow).where(EvaluationRow.student_id == sid)
                  .values(student_id=new, **ANONYMISED_EVALUATION))
        s.execute(delete(StudentRow).where(StudentRow.student_id == sid))
        renamed[sid] = new
    s.expire_all()
    if renamed:
        _rewrite_text(s, renamed)
    return renamed


def student_record(s: Session, student_id: str) -> dict[str, Any] | None:
    """Everything held about one student, as plain JSON-ready data; None if there is no such student."""
    row = s.get(StudentRow, student_id)
    if row is None:
        return None
    columns = [c.key for c in StudentRow.__mapper__.column_attrs]

    def rows(query) -> list[dict[str, Any]]:
        return [dict(r._mapping) for r in s.execute(query)]

    plans = dict(s.execute(select(PlanRow.id, PlanRow.name)).all())
    return {
        "student": {c: getattr(row, c) for c in columns},
        "history": rows(select(HistoryRow.practice_code, HistoryRow.academic_year).where(HistoryRow.student_id == student_id)),
        "preferences": rows(select(PreferenceRow.practice_code, PreferenceRow.rank).where(PreferenceRow.student_id == student_id)),
        "preference_round": rows(select(PreferenceRoundRow.sent, PreferenceRoundRow.reply_by, PreferenceRoundRow.replied,
                                        PreferenceRoundRow.source, PreferenceRoundRow.ranks)
                                 .where(PreferenceRoundRow.student_id == student_id)),
        "exclusions": rows(select(ExclusionRow.practice_code, ExclusionRow.reason).where(ExclusionRow.student_id == student_id)),
        "pairs": rows(select(PairRow.student_a, PairRow.student_b, PairRow.kind)
                      .where(or_(PairRow.student_a == student_id, PairRow.student_b == student_id))),
        "travel_times": rows(select(TravelRow.practice_code, TravelRow.minutes).where(TravelRow.student_id == student_id)),
        "clearances": rows(select(ClearanceRow.kind, ClearanceRow.valid_until).where(ClearanceRow.student_id == student_id)),
        "evaluations": rows(select(*(c for c in EvaluationRow.__table__.columns if c.key != "student_id"))
                            .where(EvaluationRow.student_id == student_id)),
        "attendance": rows(select(AttendanceRow.block_id, AttendanceRow.practice_code, AttendanceRow.sessions)
                           .where(AttendanceRow.student_id == student_id)),
        "placements": [{"plan": plans[r.pop("plan_id")], **r} for r in rows(
            select(PlacementRow.plan_id, PlacementRow.block_id, PlacementRow.practice_code, PlacementRow.travel_minutes,
                   PlacementRow.locked).where(PlacementRow.student_id == student_id))],
        "unplaced": [{"plan": plans[r.pop("plan_id")], **r} for r in rows(
            select(UnplacedRow.plan_id, UnplacedRow.block_id, UnplacedRow.reason).where(UnplacedRow.student_id == student_id))],
        "plan_edits": [{"plan": plans[r.pop("plan_id")], **r} for r in rows(
            select(EditRow.plan_id, EditRow.when, EditRow.user, EditRow.action, EditRow.detail)
            .where(EditRow.detail.contains(student_id, autoescape=True)))],
        "audit_trail": rows(select(AuditRow.when, AuditRow.user, AuditRow.action, AuditRow.what, AuditRow.before,
                                   AuditRow.after)
                            .where(or_(*(c.contains(student_id, autoescape=True)
                                         for c in (AuditRow.what, AuditRow.before, AuditRow.after))))
                            .order_by(AuditRow.id)),
    }


def _rewrite_text(s: Session, renamed: dict[str, str]) -> None:
    """Replaces the old numbers in the edit history and the audit trail."""
    def clean(text: str) -> str:
        for old, new in renamed.items():
            text = text.replace(old, new)
        return text

    for old in renamed:
        for row in s.execute(select(EditRow).where(EditRow.detail.contains(old, autoescape=True))).scalars():
            row.detail = clean(row.detail)
        query = select(AuditRow).where(or_(*(c.contains(old, autoescape=True)
                                             for c in (AuditRow.what, AuditRow.before, AuditRow.after))))
        for event in s.execute(query).scalars():
            event.what, event.before, event.after = clean(event.what), clean(event.before), clean(event.after)
    s.flush()
