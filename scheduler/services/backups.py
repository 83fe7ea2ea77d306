"""Backups an officer can restore: ``backup``, ``restore``, automatic backups, and moving to a team server.

``backup`` writes a consistent SQLite copy of any database. ``restore``
checks the file, refuses to overwrite a database changed after the backup
unless forced, backs the current database up first, then replaces every
table's rows in one transaction (the audit trail is kept and gains a
"restore" event), so a crash at any moment leaves the database exactly as it
was or as restored. Automatic backups (before ``import --replace``, restores
and migrations, and daily at first start) go to the user data folder, the
newest ``Settings.backups_kept`` of each database kept.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine

from scheduler.private_files import make_private
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import Database, change_versions, repository
from scheduler.store import backups as files
from scheduler.store.backups import BadBackup
from scheduler.store.conflicts import when_text
from scheduler.store.copying import SEEDED_BY_MIGRATIONS, copy_rows, fingerprint, snapshot_connection
from scheduler.store.errors import StoreError
from scheduler.store.schema_version import HEAD_REVISION

__all__ = ["BadBackup", "RestoreRefused", "automatic_backup", "backup", "daily_backup", "move_to_server", "restore",
           "restore_damaged_file"]

KEPT_AUDIT = {"audit_events", "change_versions"}
"""Restoring brings back the data and plans, never an older audit trail, and never older change versions
(they only rise: a solve running across a restore must see that everything changed)."""


class RestoreRefused(StoreError):
    """The restore would lose newer work (without ``force``) or the file is from a newer version of the app."""


class TargetNotEmpty(StoreError):
    """The team server's database already holds data; moving local data there would mix two offices' work."""


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    safety_backup: Path
    rows: dict[str, int]
    discarded: list[str]
    """What the restore replaced, in words (``what_restore_discards``)."""


def backup(ws: Workspace, target: str | Path) -> Path:
    """Writes a consistent SQLite copy of the open database to ``target`` and records it in the audit trail."""
    path = files.write_backup(ws.database.engine, Path(target).resolve())
    audit.record(ws, "backup", str(path), "", f"{path.stat().st_size:,} bytes")
    return path


def automatic_backup(ws: Workspace, reason: str, folder: Path | None = None, record: bool = True) -> Path:
    """A backup into the backups folder, named for the database, time and reason; keeps the newest N."""
    folder = folder or files.default_folder()
    url = ws.database.engine.url
    path = files.write_backup(ws.database.engine, files.automatic_path(folder, url, reason))
    with ws.session() as s:
        keep = repository.load_settings(s).backups_kept
    if record:
        audit.record(ws, "backup", str(path), "", f"automatic, {reason}")  # waits, like every write, for a lock
    files.prune(folder, url, keep)
    return path


def daily_backup(ws: Workspace, folder: Path | None = None) -> Path | None:
    """The first start of a day backs the database up; later starts that day, and an empty database, do nothing."""
    folder = folder or files.default_folder()
    with ws.session() as s:
        if not repository.has_data(s):
            return None
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d")
    label = files.database_label(ws.database.engine.url)
    if any(p.name.startswith(f"{label}-{today}T") for p in files.automatic_backups(folder, ws.database.engine.url)):
        return None
    return automatic_backup(ws, "daily", folder)


def restore(ws: Workspace, source: str | Path, force: bool = False, folder: Path | None = None) -> RestoreReport:
    """Replaces the open database's content with the backup's; see the module docstring. Raises ``BadBackup``
    or ``RestoreRefused`` before anything is changed."""
    info = files.read_backup(Path(source).resolve())
    _check_revision(info)
    current = files.last_change(ws.database.engine)
    discarded = what_restore_discards(ws, info)
    if not force and current is not None and (info.last_change is None or current > info.last_change):
        backup_time = "no recorded change" if info.last_change is None else f"its last change {when_text(info.last_change)}"
        raise RestoreRefused(f"the database was changed {when_text(current)}, after this backup ({backup_time}); "
                             f"restoring it would discard {'; '.join(discarded) or 'those changes'}. Restore with "
                             "--force to replace it anyway (it is backed up first)")
    with tempfile.TemporaryDirectory(prefix="gp-restore-") as tmp:
        readable = _at_head(info, Path(tmp))
        safety = automatic_backup(ws, "before-restore", folder, record=False)
        engine = create_engine(f"sqlite:///file:{readable}?mode=ro&uri=true")
        try:
            with engine.connect() as src, src.begin(), ws.database.engine.begin() as target:
                target.info["user"] = ws.database.user
                rows = copy_rows(src, target, skip=KEPT_AUDIT, replace=True)
                change_versions.bump_all(target)
                audit.record(target, "restore", str(info.path), f"safety backup {safety}",
                             f"{rows.get('students', 0)} students, {rows.get('plans', 0)} plans")
        finally:
            engine.dispose()
    return RestoreReport(info.path, safety, rows, discarded)


def what_restore_discards(ws: Workspace, info: files.BackupFile) -> list[str]:
    """What restoring ``info`` would throw away, in words: the changes recorded since the backup's last one,
    counted per action, and each kind of work whose rows differ, with both counts (never a value)."""
    since = files.actions_after(ws.database.engine, info.last_change)
    out = [", ".join(f"{n} {action}" for action, n in since.items()) + " since the backup"] if since else []
    now = files.work_counts(ws.database.engine)
    engine = create_engine(f"sqlite:///file:{info.path}?mode=ro&uri=true")
    try:
        then = files.work_counts(engine)
    finally:
        engine.dispose()
    out += [f"{label}: {now[name]:,} now, {then[name]:,} in the backup"
            for name, label in files.KEPT_TABLES.items() if now[name] != then[name]]
    return out


def restore_damaged_file(db_file: Path, source: str | Path) -> Path:
    """For a SQLite file too damaged to open: moves it (and its journal files) aside as ``<name>.damaged-<time>``
    and puts a copy of the backup in its place, migrated if older; returns where the damaged file went."""
    info = files.read_backup(Path(source).resolve())
    _check_revision(info)
    db_file = Path(db_file)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = db_file.with_name(f"{db_file.name}.damaged-{stamp}")
    partial = db_file.with_name(f".{db_file.name}.partial")
    shutil.copyfile(info.path, partial)
    make_private(partial)
    for suffix in ("-wal", "-shm", "-journal"):  # the old file's journal must never be applied to the backup
        side = db_file.with_name(db_file.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    os.replace(db_file, aside)
    os.replace(partial, db_file)
    with Workspace.open(db_file) as ws:
        audit.record(ws, "restore", str(info.path), f"damaged file moved to {aside}", "restored over a damaged file")
    return aside


def move_to_server(ws: Workspace, server: str) -> dict[str, int]:
    """Copies the open (local) database into an empty team database, checked row for row; returns rows per table.

    Raises ``TargetNotEmpty`` when the server's database holds any row, and ``StoreError`` if the copy
    read back differs (nothing is kept then).
    """
    with Database.open(server) as target_db:
        with snapshot_connection(ws.database.engine) as src, src.begin(), target_db.engine.begin() as target:
            if any(n for name, (n, _) in fingerprint(target).items() if name not in SEEDED_BY_MIGRATIONS):
                raise TargetNotEmpty(f"the database {target_db.url} already holds data; choose an empty one")
            rows = copy_rows(src, target)
            if fingerprint(target) != fingerprint(src):
                raise StoreError("the copy on the server differs from the local database, so nothing was kept")
            target.info["user"] = target_db.user
            audit.record(target, "move to server", ws.url, "", f"{sum(rows.values())} rows")
    return rows


def _check_revision(info: files.BackupFile) -> None:
    from scheduler.store import migrate

    if info.revision is not None and info.revision != HEAD_REVISION and not migrate.is_known(info.revision):
        raise RestoreRefused(f"the backup has schema revision {info.revision}, which this version of the app does "
                             "not know; it was written by a newer version of the app")


def _at_head(info: files.BackupFile, tmp: Path) -> Path:
    """The backup itself when it is at this app's revision, else a migrated copy (the file is never changed)."""
    if info.revision == HEAD_REVISION:
        return info.path
    copy = tmp / "backup.sqlite"
    shutil.copyfile(info.path, copy)
    make_private(copy)
    Database.open(copy).close()
    return copy
