"""The workspace every service works in: one open database.

``Workspace.open(db)`` takes a file path, any SQLAlchemy URL, or None for
``placements.db`` in the per-user data folder. A workspace is used from one
thread at a time; a background job opens its own.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable

from sqlalchemy.orm import Session

from scheduler.store import Database, default_database_path

__all__ = ["Workspace", "default_database_path"]


class Workspace:
    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    def open(cls, db: str | Path | None = None) -> "Workspace":
        """Opens (creating and migrating when needed) the database; raises ``DatabaseUnavailable``."""
        return cls(Database.open(db))

    @property
    def url(self) -> str:
        return self.database.url

    @property
    def location(self) -> str:
        """The database as a user knows it: the file's path (not percent-encoded), or the URL without password."""
        return self.database.location

    @property
    def user(self) -> str:
        """Who changes are recorded as: the team login on a server, else the operating-system user."""
        return self.database.user

    def on_wait(self, note: Callable[[str], None]) -> None:
        """``note`` hears, in plain words, while a save waits for another program's lock on the database."""
        self.database.on_wait = note

    def session(self) -> contextlib.AbstractContextManager[Session]:
        """For services only: a unit of work that commits on success and rolls back on error."""
        return self.database.session()

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe_database(db: str | Path | None) -> str:
    """Which database ``db`` means, for the status bar: the file path, or the server URL without its password."""
    from scheduler.store.database import to_url

    url = to_url(db)
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)
