"""Several officers on one plan: noticing another officer's save, and keeping work a conflict refused.

Saves are checked by version (``scheduler.store.conflicts``): a change made
from an out-of-date plan is refused with ``PlanChanged``. The window polls
``plan_versions`` to reload when someone else saves; a solve refused because
its starting plan changed meanwhile can still be kept with ``save_as_new_plan``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from scheduler.domain import Plan
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import repository
from scheduler.store.conflicts import PlanChanged, SettingsChanged
from scheduler.store.errors import PlanNameTaken

__all__ = ["PlanChanged", "SettingsChanged", "plan_versions", "save_as_new_plan"]


def plan_versions(ws: Workspace) -> dict[str, int]:
    """Every plan's name and version; a different answer from the last poll means someone saved."""
    with ws.session() as s:
        return repository.plan_versions(s)


def save_as_new_plan(ws: Workspace, plan: Plan, name: str) -> Plan:
    """Saves ``plan`` (e.g. ``PlanChanged.unsaved``) under a new name and makes it current; the plan another
    officer changed is left as they saved it. Raises ``PlanNameTaken`` if ``name`` is in use."""
    new = dataclasses.replace(plan, name=name, is_current=True, version=0,
                              created=dt.datetime.now().replace(microsecond=0))
    with ws.session() as s:
        if repository.load_plan(s, name) is not None:
            raise PlanNameTaken(name)
        version = repository.save_plan(s, new, expected_version=0)
        audit.record(s, "save as new plan", name, plan.name, f"{len(new.placements)} placed, {len(new.unplaced)} unplaced")
    return dataclasses.replace(new, version=version)
