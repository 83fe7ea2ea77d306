"""Replacing the preferences of the students who answered a preferences round."""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from scheduler.domain import Preference
from scheduler.store.models import PreferenceRow


def replace_preferences(s: Session, student_ids: Iterable[str], preferences: Iterable[Preference]) -> None:
    ids = list(student_ids)
    for start in range(0, len(ids), 500):  # under every database's limit of bound parameters
        s.execute(delete(PreferenceRow).where(PreferenceRow.student_id.in_(ids[start:start + 500])))
    rows = [{"student_id": p.student_id, "practice_code": p.practice_code, "rank": p.rank} for p in preferences]
    if rows:
        s.execute(insert(PreferenceRow), rows)
