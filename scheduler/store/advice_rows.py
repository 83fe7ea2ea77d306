"""The last "Where to recruit" result of a plan in the database: kept with the plan, replaced by the next one."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from scheduler.store.change_versions import Snapshot
from scheduler.store.models import PlanAdviceRow, PlanRow


class KeptRecord(NamedTuple):
    made_at: dt.datetime
    report: dict[str, Any]
    read: Snapshot
    """The versions it was worked out from, with the plan under its name of today (a rename changes nothing)."""


def keep(s: Session, plan_name: str, report: dict[str, Any], read: Snapshot, made_at: dt.datetime) -> None:
    """Keeps ``report`` as the plan's last advice, in place of any earlier one."""
    plan_id = s.execute(select(PlanRow.id).where(PlanRow.name == plan_name)).scalar_one()
    plan_version = read.plan[1] if read.plan is not None else 0
    s.execute(delete(PlanAdviceRow).where(PlanAdviceRow.plan_id == plan_id))
    s.execute(insert(PlanAdviceRow).values(plan_id=plan_id, made_at=made_at, plan_version=plan_version,
                                           read_versions=dict(read.versions), report=report))


def kept(s: Session, plan_name: str) -> KeptRecord | None:
    """The plan's last advice, or None when none was kept."""
    row = s.execute(select(PlanAdviceRow).join(PlanRow, PlanRow.id == PlanAdviceRow.plan_id)
                    .where(PlanRow.name == plan_name)).scalar_one_or_none()
    if row is None:
        return None
    return KeptRecord(row.made_at, row.report, Snapshot(dict(row.read_versions), None, (plan_name, row.plan_version)))
