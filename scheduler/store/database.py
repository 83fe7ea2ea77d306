"""Opening the database: engine, SQLite pragmas, backup and migration at start, sessions.

``Database.open`` takes a file path, any SQLAlchemy URL, or None for
``placements.db`` in the per-user data folder. A SQLite file that needs a
migration is first copied through SQLite's online backup API.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from scheduler.private_files import private_folder, touch_private
from scheduler.store import backup, change_versions, failures, integrity
from scheduler.store.errors import DatabaseFailed, DatabaseLocked, DatabaseUnavailable, StoreError
from scheduler.store.schema_version import HEAD_REVISION

T = TypeVar("T")
APP_NAME = "GP Placements"
DEFAULT_FILE_NAME = "placements.db"


def default_database_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_NAME)) / DEFAULT_FILE_NAME


def to_url(db: str | Path | None) -> URL:
    """A path (or None for the default file) or an SQLAlchemy URL string -> URL."""
    if db is None:
        db = default_database_path()
    if isinstance(db, str) and "://" in db:
        try:
            return make_url(db)
        except ArgumentError as exc:
            raise DatabaseUnavailable(f"not a database URL: {db}") from exc
    return URL.create("sqlite", database=str(Path(db).expanduser().resolve()))


def _sqlite_pragmas(dbapi_connection, _record, journal_mode: str = "WAL") -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA journal_mode={journal_mode}")
    cursor.execute("PRAGMA synchronous=NORMAL" if journal_mode == "WAL" else "PRAGMA synchronous=FULL")
    cursor.close()


BUSY_SECONDS = 5.0
"""How long SQLite itself waits for another connection's lock before a write reports "locked"."""


def make_engine(url: URL) -> Engine:
    # parameters hold personal data (student ids, names): never in an error message
    connect_args = {"timeout": BUSY_SECONDS} if url.get_backend_name() == "sqlite" else {}
    engine = create_engine(url, hide_parameters=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        sqlite_file = change_versions.sqlite_file(url)
        # WAL needs shared memory, which network file systems do not give: a rollback journal works there
        journal = "DELETE" if sqlite_file is not None and integrity.warn_if_network(sqlite_file) else "WAL"
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas, journal_mode=journal))
    return engine


class Database:
    """An open, migrated database. Use ``session()`` for a unit of work."""

    lock_patience = 60.0
    """Seconds to keep retrying a write that finds the database locked by another program or officer."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.on_wait: Callable[[str], None] = lambda note: None
        """Told (in plain words) while a write waits for another program's lock; the CLI prints it."""
        self.user = user_name(engine.url)
        """Who changes are recorded as: the team login on a server, else the operating-system user."""

    @classmethod
    def open(cls, db: str | Path | None = None) -> Database:
        url = to_url(db)
        sqlite_file = change_versions.sqlite_file(url)
        shown = str(sqlite_file) if sqlite_file is not None else url.render_as_string()
        if sqlite_file is not None:
            try:
                private_folder(sqlite_file.parent)
                if not sqlite_file.exists():
                    touch_private(sqlite_file)  # SQLite gives its journal files the database's mode
            except OSError as exc:
                raise DatabaseUnavailable(f"cannot create the folder for the database {sqlite_file}: {exc.strerror}") from exc
            integrity.quick_check(sqlite_file)
        try:
            engine = make_engine(url)
        except (ArgumentError, SQLAlchemyError, ImportError) as exc:
            raise DatabaseUnavailable(f"cannot use the database {shown}: {_one_line(exc)}") from exc
        database = cls(engine)
        try:
            with _MIGRATING:  # the window opens one database from several jobs at once: migrate it once
                database._upgrade(sqlite_file)
            if sqlite_file is None and not url.username:  # libpq took the login from its environment
                with engine.connect() as conn:
                    database.user = conn.execute(text("SELECT current_user")).scalar_one()
        except StoreError:
            engine.dispose()
            raise
        except SQLAlchemyError as exc:
            engine.dispose()
            error = failures.database_error(exc, shown)
            raise (DatabaseUnavailable(str(error)) if isinstance(error, DatabaseFailed) else error) from exc
        except BaseException:
            engine.dispose()
            raise
        change_versions.watch(engine)  # after the migrations: they write no kind's change
        return database

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def location(self) -> str:
        """The database as a user knows it: the file's path, or the URL without its password."""
        sqlite_file = change_versions.sqlite_file(self.engine.url)
        return str(sqlite_file) if sqlite_file is not None else self.url

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back on an exception.

        Database errors other than broken rules (locked, disk full, read-only, damaged) come out as
        ``StoreError`` subclasses with a message for the user, never with SQL or its parameters.
        """
        try:
            with self._sessions() as session, session.begin():
                session.info["user"] = self.user
                yield session
        except (OperationalError, DatabaseError) as exc:
            if isinstance(exc, IntegrityError):
                raise
            raise failures.database_error(exc, self.location) from exc

    def write(self, action: str, work: Callable[[Session], T]) -> T:
        """Runs ``work`` in one transaction, retrying while another program holds the write lock.

        ``on_wait`` hears how long it has waited; after ``lock_patience`` seconds it gives up with
        ``DatabaseLocked`` saying who holds the lock when that is known.
        """
        started = time.monotonic()
        while True:
            try:
                with failures.writing(change_versions.sqlite_file(self.engine.url), action), self.session() as s:
                    return work(s)
            except DatabaseLocked:
                waited = time.monotonic() - started
                if waited >= self.lock_patience:
                    raise
                self.on_wait(f"The database is busy: {failures.locked_message(self.location).split('; ')[0]}. "
                             f"Waiting ({waited:.0f} of {self.lock_patience:.0f} s)…")
                time.sleep(min(1.0, max(0.0, self.lock_patience - waited)))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def revision(self) -> str | None:
        """The schema revision stamped in the database (None for an empty one)."""
        with self.engine.connect() as conn:
            return _current_revision(conn)

    def _upgrade(self, sqlite_file: Path | None) -> None:
        with self.engine.connect() as conn:
            current = _current_revision(conn)
            tables = set(inspect(conn).get_table_names()) if current is None else set()
        if current == HEAD_REVISION:
            return  # the common case, without importing Alembic
        if current is None and "alembic_version" not in tables and tables:
            where = sqlite_file or self.url
            if APP_TABLES <= tables:
                raise DatabaseUnavailable(
                    f"the database {where} has lost its record of which version of the app made it (the table "
                    "alembic_version is missing), so it cannot be updated safely and was left as it was; restore "
                    "it from its backup beside it, or import the data into a new database")
            raise DatabaseUnavailable(f"the file {where} holds another program's tables, not a GP Placements "
                                      "database, and was left as it was; choose another file")
        from scheduler.store import migrate

        if current is not None and not migrate.is_known(current):
            raise DatabaseUnavailable(f"the database has schema revision {current}, which this version of the app "
                                      "does not know; it was probably written by a newer version")
        if sqlite_file is not None and _has_tables(self.engine):
            try:
                backup.make_backup(self.engine, sqlite_file)
            except (OSError, sqlite3.Error) as exc:
                raise DatabaseUnavailable(f"could not back up {sqlite_file} before updating it, so it was left "
                                          f"as it was: {_one_line(exc)}") from exc
        migrate.upgrade(self.engine)


APP_TABLES = frozenset({"practices", "students", "blocks", "plans", "placements"})
"""Tables that mark a file as this app's database."""

_MIGRATING = threading.Lock()
"""Held while a database is checked and migrated, so two threads never migrate the same file together."""


def user_name(url: URL) -> str:
    """The team login of a server URL, else the operating-system user name."""
    if url.get_backend_name() != "sqlite" and url.username:
        return url.username
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the password database
        return "unknown"


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


def _current_revision(conn) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())
