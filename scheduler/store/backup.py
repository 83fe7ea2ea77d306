"""Copies of a SQLite database taken through the online backup API before it is migrated.

Backups sit next to the file as ``<name>.backup-<UTC timestamp>``; the newest
``KEEP`` are kept.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import Engine

KEEP = 5


def backup_paths(db_file: Path) -> list[Path]:
    """Existing backups of ``db_file``, oldest first."""
    return sorted(db_file.parent.glob(f"{db_file.name}.backup-*"))


def make_backup(engine: Engine, db_file: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = db_file.with_name(f"{db_file.name}.backup-{stamp}")
    raw = engine.raw_connection()
    assert raw.driver_connection is not None  # None only once the pooled connection is closed
    try:
        copy = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(copy)
        except BaseException:
            copy.close()
            target.unlink(missing_ok=True)  # never leave a half-written backup that looks complete
            raise
        copy.close()
    finally:
        raw.close()
    for old in backup_paths(db_file)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target
