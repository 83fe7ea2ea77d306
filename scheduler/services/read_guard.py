"""Whether what a long job read has changed before its result is used, for jobs that save no rows.

An advice run and a set of documents read the data, the settings and a plan,
then work for a while. They take ``taken(...)`` when they read and ask
``changes(...)`` when they are done: an empty list means the result is
current; otherwise it lists what changed, in words
(``scheduler.store.change_versions``), and the job keeps its result aside
instead of presenting it as current.
"""

from __future__ import annotations

from scheduler.services.workspace import Workspace
from scheduler.store import change_versions, repository
from scheduler.store.change_versions import Snapshot


def versions(ws: Workspace) -> Snapshot:
    """The versions now, for a caller that reads something (the settings) before it starts a solve."""
    with ws.session() as s:
        return change_versions.snapshot(s)


def taken(ws: Workspace, plan_name: str | None = None) -> Snapshot:
    """The versions now, with the version of the plan ``plan_name`` (None: the current plan)."""
    with ws.session() as s:
        if plan_name is None:
            plan_name = next((p.name for p in repository.list_plans(s) if p.is_current), None)
        return change_versions.snapshot(s, plan_name)


def changes(ws: Workspace, read: Snapshot) -> list[str]:
    """What changed since ``read`` was taken, in words; empty when nothing did. Writes nothing."""
    with ws.session() as s:
        return change_versions.changes_since(s, read, lock=False)
