"""Backup files: a consistent SQLite copy of any database, where backups are kept, and checking a file.

A backup is always a single SQLite file in rollback-journal mode, whatever
the database it was taken from: from SQLite through the online backup API,
from a server through one read-only snapshot transaction copied through the
models. It is written beside its target and moved into place when complete,
so a backup that exists is whole. Automatic backups go to the ``backups``
folder of the user data folder as ``<database>-<UTC time>-<reason>.sqlite``,
and only the newest N of each database are kept.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from scheduler.not_written import NotWritten, room_note
from scheduler.private_files import make_private, private_folder, touch_private
from scheduler.store.copying import copy_rows, snapshot_connection
from scheduler.store.models import AuditRow, Base, PlanRow

SUFFIX = ".sqlite"
NOT_A_CHANGE = "backup"
"""Taking a backup is recorded in the audit trail but changes nothing, so it does not make a database newer."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    revision: str | None
    last_change: dt.datetime | None
    """The newest recorded change (audit trail or plan save; backups excluded); None if nothing was ever changed."""


class BadBackup(Exception):
    """The file is not a usable backup (missing, not SQLite, damaged, or from a newer version); says which."""


def default_folder() -> Path:
    from platformdirs import user_data_dir

    from scheduler.store.database import APP_NAME

    return Path(user_data_dir(APP_NAME, APP_NAME)) / "backups"


def database_label(url: URL) -> str:
    """A file-name-safe name for the database: the SQLite file's stem, or the server database's name."""
    name = Path(url.database).stem if url.get_backend_name() == "sqlite" and url.database else (url.database or "db")
    if url.get_backend_name() != "sqlite":
        name = f"{url.host or 'server'}-{name}"
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:60] or "db"


def automatic_path(folder: Path, url: URL, reason: str) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return folder / f"{database_label(url)}-{stamp}-{reason}{SUFFIX}"


def automatic_backups(folder: Path, url: URL) -> list[Path]:
    """This database's automatic backups, oldest first."""
    label = database_label(url)
    pattern = re.compile(re.escape(label) + r"-\d{8}T\d{6}\d*Z-[a-z-]+" + re.escape(SUFFIX) + "$")
    return sorted(p for p in folder.glob(f"{label}-*{SUFFIX}") if pattern.match(p.name))


def prune(folder: Path, url: URL, keep: int) -> None:
    for old in automatic_backups(folder, url)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)


class BackupNotWritten(NotWritten):
    """The backup could not be written (full disk, no permission); an earlier file of that name is unchanged."""


def write_backup(engine: Engine, target: Path) -> Path:
    """Writes a consistent SQLite copy of the database behind ``engine`` to ``target`` (replacing it when whole),
    readable only by its user. A failure raises ``BackupNotWritten`` and leaves ``target`` as it was."""
    target = Path(target)
    private_folder(target.parent)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        touch_private(partial)
        if engine.dialect.name == "sqlite":
            _sqlite_copy(engine, partial)
        else:
            _model_copy(engine, partial)
        _as_single_file(partial)
        make_private(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise _not_written(exc, engine, target) from exc
    finally:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
    return target


def _not_written(exc: BaseException, engine: Engine, target: Path) -> BackupNotWritten:
    """Names the backup file and the cause, never the SQL or its values; a full disk with the room needed."""
    if isinstance(exc, OSError):
        reason, full = (exc.strerror or type(exc).__name__), exc.errno == errno.ENOSPC
    else:
        reason = str(exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc).splitlines()[0]
        low = reason.lower()
        full = "full" in low or ("disk i/o" in low and shutil.disk_usage(target.parent).free < 1_000_000)
    kept = f"; {target} is as it was" if target.exists() else "; nothing was written"
    if full:
        needed = Path(engine.url.database).stat().st_size if engine.dialect.name == "sqlite" and \
            engine.url.database and Path(engine.url.database).is_file() else None
        return BackupNotWritten(f"the disk is full while writing the backup {target}{room_note(target.parent, needed)}: "
                                f"free some space, or back up to another disk, and try again{kept}")
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return BackupNotWritten(f"the backup {target} cannot be written (permission denied, a read-only disk, or "
                                f"the file is open in another program); choose another file{kept}")
    if isinstance(exc, SQLAlchemyError) and not isinstance(exc, DBAPIError):
        reason = type(exc).__name__
    return BackupNotWritten(f"the backup {target} could not be written ({' '.join(reason.split())}){kept}")


def read_backup(path: Path) -> BackupFile:
    """Checks the file (``PRAGMA quick_check``) and reads its schema revision and last change; raises ``BadBackup``."""
    path = Path(path)
    if not path.is_file():
        raise BadBackup(f"there is no backup file {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BadBackup(f"{path} cannot be opened: {exc}") from exc
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise BadBackup(f"{path} is damaged ({check[0] if check else 'no answer'})")
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in names:
            raise BadBackup(f"{path} is not a backup of this app's database")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        last = [conn.execute(query).fetchone()[0] for table, query in (
            ("audit_events", f"SELECT max(\"when\") FROM audit_events WHERE action <> '{NOT_A_CHANGE}'"),
            ("plans", "SELECT max(changed_at) FROM plans")) if table in names]
    except sqlite3.DatabaseError as exc:
        raise BadBackup(f"{path} is not a SQLite database or is damaged: {exc}") from exc
    finally:
        conn.close()
    times = [dt.datetime.fromisoformat(t) for t in last if t]
    return BackupFile(path, revision[0] if revision else None, max(times, default=None))


def last_change(engine: Engine) -> dt.datetime | None:
    """The newest recorded change in a live database (audit trail or plan save)."""
    with engine.connect() as conn:
        times = [conn.execute(select(func.max(AuditRow.when)).where(AuditRow.action != NOT_A_CHANGE)).scalar(),
                 conn.execute(select(func.max(PlanRow.changed_at))).scalar()]
    return max((t for t in times if t is not None), default=None)


KEPT_TABLES = {"plans": "plans", "edits": "hand edits", "capacity_overrides": "capacity changes",
               "offers": "offer replies", "preferences": "ranks",
               "preference_round": "preference replies", "change_requests": "change requests",
               "evaluations": "evaluations", "archived_years": "closed years"}
"""The tables of an officer's work a restore would replace, and how a message names their rows."""


def work_counts(engine: Engine) -> dict[str, int]:
    """Rows of each table of ``KEPT_TABLES`` (0 where a backup of an older version has no such table)."""
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return {name: conn.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar() or 0
                if name in present else 0 for name in KEPT_TABLES}


def actions_after(engine: Engine, since: dt.datetime | None) -> dict[str, int]:
    """How many recorded changes of each action (import, solve, move, offers-in …) came after ``since``."""
    query = (select(AuditRow.action, func.count()).where(AuditRow.action != NOT_A_CHANGE)
             .group_by(AuditRow.action).order_by(AuditRow.action))
    if since is not None:
        query = query.where(AuditRow.when > since)
    with engine.connect() as conn:
        return dict(conn.execute(query).all())


def _sqlite_copy(engine: Engine, partial: Path) -> None:
    raw = engine.raw_connection()
    assert raw.driver_connection is not None  # None only once the pooled connection is closed
    try:
        copy = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(copy)
        finally:
            copy.close()
    finally:
        raw.close()


def _model_copy(engine: Engine, partial: Path) -> None:
    from scheduler.store.database import Database

    with Database.open(partial) as copy:  # creates the schema at this app's revision
        with snapshot_connection(engine) as source, source.begin(), copy.engine.begin() as target:
            copy_rows(source, target)


def _as_single_file(path: Path) -> None:
    """Rollback-journal mode and no side files: the backup is one self-contained file."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.commit()
    finally:
        conn.close()
