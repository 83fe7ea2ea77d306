"""Students' change requests in the database: add, list, decide."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.domain import ChangeRequest
from scheduler.store.errors import StoreError
from scheduler.store.models import RequestRow

FIELDS = ("student_id", "block_id", "kind", "reason", "practice_code", "max_minutes", "away_from", "away_to",
          "status", "created", "created_by", "decided", "decided_by")


class RequestNotFound(StoreError):
    def __init__(self, request_id: int) -> None:
        super().__init__(f"there is no change request {request_id}")


def _domain(row: RequestRow) -> ChangeRequest:
    return ChangeRequest(row.id, **{name: getattr(row, name) for name in FIELDS})


def add(s: Session, request: ChangeRequest) -> ChangeRequest:
    row = RequestRow(**{name: getattr(request, name) for name in FIELDS})
    s.add(row)
    s.flush()
    return _domain(row)


def all_requests(s: Session, status: str | None = None) -> list[ChangeRequest]:
    query = select(RequestRow).order_by(RequestRow.id)
    if status is not None:
        query = query.where(RequestRow.status == status)
    return [_domain(row) for row in s.scalars(query)]


def accepted(s: Session) -> tuple[ChangeRequest, ...]:
    return tuple(all_requests(s, "accepted"))


def get(s: Session, request_id: int) -> ChangeRequest:
    row = s.get(RequestRow, request_id)
    if row is None:
        raise RequestNotFound(request_id)
    return _domain(row)


def decide(s: Session, request_id: int, status: str, user: str, when: dt.datetime) -> ChangeRequest:
    row = s.get(RequestRow, request_id)
    if row is None:
        raise RequestNotFound(request_id)
    row.status, row.decided_by, row.decided = status, user, when
    s.flush()
    return _domain(row)
