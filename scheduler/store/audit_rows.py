"""The audit trail's rows: add one event, read events back with filters.

Events live in their own table, apart from the plans and the data set, so
they stay when a plan is deleted or the data set is replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, or_, select
from sqlalchemy.orm import Session

from scheduler.store.models import AuditRow


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One recorded action: who did what when, and the state before and after (short text)."""

    when: dt.datetime
    user: str
    action: str
    what: str
    before: str = ""
    after: str = ""


def add_event(s: Session | Connection, event: AuditEvent) -> None:
    s.execute(insert(AuditRow).values(when=_naive(event.when), user=event.user, action=event.action,
                                      what=event.what, before=event.before, after=event.after))


def list_events(s: Session, *, since: dt.datetime | None = None, until: dt.datetime | None = None,
                user: str | None = None, action: str | None = None, text: str | None = None,
                limit: int | None = None) -> list[AuditEvent]:
    """Events oldest first; ``until`` is exclusive; ``action`` matches the start (``move`` finds ``move (override)``);
    ``text`` is found in what, before or after, ignoring case. ``limit`` keeps the newest."""
    query = select(AuditRow.when, AuditRow.user, AuditRow.action, AuditRow.what, AuditRow.before, AuditRow.after)
    if since is not None:
        query = query.where(AuditRow.when >= _naive(since))
    if until is not None:
        query = query.where(AuditRow.when < _naive(until))
    if user:
        query = query.where(AuditRow.user == user)
    if action:
        query = query.where(AuditRow.action.startswith(action, autoescape=True))
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(or_(*(func.lower(column).like(pattern) for column in
                                  (AuditRow.what, AuditRow.before, AuditRow.after))))
    query = query.order_by(AuditRow.when.desc(), AuditRow.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [AuditEvent(*row) for row in reversed(s.execute(query).all())]


def users_and_actions(s: Session) -> tuple[list[str], list[str]]:
    """The distinct users and actions recorded, for the filter lists."""
    users = s.execute(select(AuditRow.user).distinct().order_by(AuditRow.user)).scalars().all()
    actions = s.execute(select(AuditRow.action).distinct().order_by(AuditRow.action)).scalars().all()
    return list(users), list(actions)


def _naive(when: dt.datetime) -> dt.datetime:
    """Stored as naive local time, like the rest of the store."""
    return when.astimezone().replace(tzinfo=None) if when.tzinfo is not None else when
