"""The guard for every write that depends on what was read: versions per kind of change.

Each kind of change (the data set, the practices' offers, the students'
preferences, accepted change requests, the settings) has a version in the
table ``change_versions``. ``watch(engine)`` raises a kind's version once per
transaction, in that transaction, whenever a statement writes one of its
tables, so no writer can forget it: imports, offers-in, preferences-in,
requests, settings, purges and restores alike.

A long job (a solve, an advice run, documents) takes a ``Snapshot`` when it
reads: the versions, the plan it started from (name and version) and, for a
SQLite file, the file's identity (device and inode). Before saving it calls
``check`` in the saving transaction, which takes the write lock first (so
nothing slips in between) and raises ``ReadDataChanged`` naming what changed
when anything did. The row ``database`` never changes: it tells one database
from another, as the inode tells one file from another.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, event, select, update
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert, UpdateBase

from scheduler.store.conflicts import when_text
from scheduler.store.errors import StoreError
from scheduler.store.models import ChangeVersionRow, PlanRow

KINDS: dict[str, str] = {
    "data": "the data set (students, practices, blocks, travel, evaluations)",
    "offers": "the practices' offers (places per block)",
    "preferences": "the students' preferences",
    "requests": "the change requests",
    "settings": "the settings",
}
"""Each kind and how a message names it."""

TABLE_KIND = {
    **dict.fromkeys(("practices", "practice_years", "students", "blocks", "exclusions", "pairs", "history",
                     "travel_overrides", "postcodes", "clearances", "tutors", "attendance", "evaluations"), "data"),
    "capacity_overrides": "offers", "preferences": "preferences", "change_requests": "requests",
    "settings": "settings",
}
"""Which kind a write to each table changes. Plans, edits and the audit trail are guarded by plan versions;
the offers round's own record (``offers``: sent, replied) is read by no plan, so sending offers changes none.
The evaluations give each practice's score, which the ``quality`` aim and ``avoid_flagged_practices`` read."""

NEW_ROWS_CHANGE_NOTHING = frozenset({"change_requests"})
"""Tables whose inserted rows no job reads until a later update: a new change request is open, and only an
accepted one binds a plan."""

VERBATIM = "change_versions_verbatim"
"""Execution option for a copy that must keep the source's versions (a backup, a move to a server)."""

_BUMPED = "change_versions_bumped"
GONE = (-1, -1)
"""The file identity of a path where no file is: never equal to a file that was there."""


class ReadDataChanged(StoreError):
    """What a job read changed before it could save; ``changes`` lists them in words."""

    def __init__(self, changes: list[str]) -> None:
        self.changes = changes
        super().__init__("what it was computed from changed while it ran: " + "; ".join(changes))

    def __reduce__(self):
        return ReadDataChanged, (self.changes,)


@dataclass(frozen=True)
class Snapshot:
    versions: dict[str, int]
    file: tuple[int, int] | None = None
    """(device, inode) of the SQLite file when read; None for a server."""
    plan: tuple[str, int] | None = None
    """The plan the job started from (its locks, its placements) and its version."""


def watch(engine: Engine) -> None:
    """Raises the version of each kind a transaction writes, once per transaction, inside it."""
    event.listen(engine, "after_execute", _after_execute)
    event.listen(engine, "begin", _forget)
    event.listen(engine, "commit", _forget)
    event.listen(engine, "rollback", _forget)
    event.listen(engine, "rollback_savepoint", _forget_savepoint)  # its raise went with it: raise again after


def bump_all(conn: Connection | Session) -> None:
    """Raises every kind's version: for a change written around the statements ``watch`` sees (a restore)."""
    conn.execute(update(ChangeVersionRow).where(ChangeVersionRow.kind.in_(KINDS))
                 .values(version=ChangeVersionRow.version + 1, changed=dt.datetime.now().replace(microsecond=0)))


def snapshot(s: Session, plan_name: str | None = None) -> Snapshot:
    """The versions as this session sees them, with the file's identity and the version of ``plan_name``."""
    versions = dict(s.execute(select(ChangeVersionRow.kind, ChangeVersionRow.version)).all())
    plan = None
    if plan_name is not None:
        version = s.execute(select(PlanRow.version).where(PlanRow.name == plan_name)).scalar()
        plan = (plan_name, version or 0)
    return Snapshot(versions, _file_identity(s), plan)


def changes_since(s: Session, before: Snapshot, lock: bool = True) -> list[str]:
    """What changed since ``before``, in words (empty: nothing). With ``lock`` (before a save), takes the
    write lock first, so that nothing can change between this check and the save."""
    if lock:
        s.execute(update(ChangeVersionRow).values(version=ChangeVersionRow.version))  # the write lock, everywhere
    if before.file is not None and (now_file := _file_identity(s)) != before.file:
        return [f"the database file {s.get_bind().engine.url.database} was "
                + ("deleted" if now_file == GONE else "replaced by another file")]
    now = {kind: (version, changed) for kind, version, changed in
           s.execute(select(ChangeVersionRow.kind, ChangeVersionRow.version, ChangeVersionRow.changed))}
    if now.get("database", (None,))[0] != before.versions.get("database"):
        return ["the database was replaced by another one"]
    found = [f"{label} changed {when_text(now[kind][1])}" for kind, label in KINDS.items()
             if now.get(kind, (None,))[0] != before.versions.get(kind)]
    if before.plan is not None:
        name, version = before.plan
        stored = s.execute(select(PlanRow.version).where(PlanRow.name == name)).scalar()
        if (stored or 0) != version:
            found.append(f"the plan {name!r} it started from was changed (edits or locks)" if stored
                         else f"the plan {name!r} it started from was deleted")
    return found


def check(s: Session, before: Snapshot) -> None:
    """Raises ``ReadDataChanged`` when anything read for ``before`` has changed; call it in the saving transaction."""
    found = changes_since(s, before)
    if found:
        raise ReadDataChanged(found)


def sqlite_file(url: URL) -> Path | None:
    """The SQLite database file ``url`` names; None for another database, an in-memory one or a ``file:`` URI."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _file_identity(s: Session) -> tuple[int, int] | None:
    path = sqlite_file(s.get_bind().engine.url)
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return GONE
    return (st.st_dev, st.st_ino)


def _after_execute(conn: Connection, clause, multiparams, params, execution_options, result) -> None:
    if not isinstance(clause, UpdateBase) or conn.get_execution_options().get(VERBATIM):
        return
    name = getattr(getattr(clause, "table", None), "name", "")
    kind = TABLE_KIND.get(name)
    if kind is None or (name in NEW_ROWS_CHANGE_NOTHING and isinstance(clause, Insert)):
        return
    bumped = conn.info.setdefault(_BUMPED, set())
    if kind in bumped:
        return
    bumped.add(kind)
    conn.execute(update(ChangeVersionRow).where(ChangeVersionRow.kind == kind)
                 .values(version=ChangeVersionRow.version + 1, changed=dt.datetime.now().replace(microsecond=0)))


def _forget(conn: Connection) -> None:
    conn.info.pop(_BUMPED, None)


def _forget_savepoint(conn: Connection, name, context) -> None:
    _forget(conn)
