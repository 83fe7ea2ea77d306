"""The one place that turns database and operating-system errors into messages a user can act on.

SQLAlchemy's own messages quote the SQL statement and, unless the engine hides
them, its parameters (student ids, names): neither is ever part of a message
made here. Each message says what happened, to which file, and how to fix it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import socket
from pathlib import Path
from typing import Iterator

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from scheduler.private_files import open_private
from scheduler.processes import is_alive
from scheduler.store.errors import (
    DatabaseDamaged,
    DatabaseFailed,
    DatabaseFull,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseUnavailable,
    StoreError,
)


def driver_reason(exc: BaseException) -> str:
    """The driver's own reason, first line only: without the statement and parameters SQLAlchemy adds, and
    without the DETAIL lines in which PostgreSQL quotes key values."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else None
    text = str(orig).strip().splitlines()[0] if orig is not None and str(orig).strip() else type(exc).__name__
    return " ".join(text.split())


def database_error(exc: SQLAlchemyError, where: str) -> StoreError:
    """A ``StoreError`` for an SQLAlchemy error on the database ``where`` (a path or URL shown to the user)."""
    reason = driver_reason(exc)
    low = reason.lower()
    tls = _tls_refusal(where, reason, low)
    if tls is not None:
        return tls
    if "locked" in low:
        return DatabaseLocked(locked_message(where))
    if "full" in low or ("disk i/o" in low and nearly_full(where)):  # SQLite reports a full disk either way
        return disk_full(where)
    if "readonly" in low or "read-only" in low or "read only" in low:
        return DatabaseReadOnly(f"the database {where} cannot be changed: the file or its folder is read-only, "
                                "so nothing was saved; make the file writable (or copy it somewhere you can "
                                "write) and try again")
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return DatabaseDamaged(f"the file {where} is damaged or is not a GP Placements database; restore it from "
                               "a backup (the app keeps one beside it before every update) or choose another file")
    if "unable to open" in low:
        return DatabaseUnavailable(f"the database {where} cannot be opened: its folder is missing or cannot be "
                                   "written; check the path and that you may write there")
    if "disk i/o" in low:
        return DatabaseFailed(f"the disk holding the database {where} failed to read or write; check the drive "
                              "(or network share) and try again")
    return DatabaseFailed(f"the database {where} gave an error: {reason}")


# libpq's own words (fe-secure-openssl.c) when it will not trust the server's certificate, when the CA
# file cannot be used, and when a server offers no TLS at all although the connection asks for it.
UNTRUSTED_CERTIFICATE = ("certificate verify failed", 'server certificate for "',
                         "could not get server's host name from server certificate",
                         "ssl certificate's name entry is missing", "ssl certificate's name contains embedded null",
                         "ssl certificate's address entry is missing")
UNUSABLE_CA_FILE = ('root certificate file "', "could not get home directory to locate root certificate file",
                    "could not load system root certificate paths")
NO_TLS_ON_SERVER = "server does not support ssl, but ssl was required"


def _tls_refusal(where: str, reason: str, low: str) -> StoreError | None:
    """The message for a connection libpq refused over TLS, or None when the reason is not one of those."""
    if any(words in low for words in UNTRUSTED_CERTIFICATE):
        return DatabaseUnavailable(f"the server of {where} was not trusted, so no connection was made: {reason}. "
                                   "Check the server name (it must be the one its certificate names) and that "
                                   "the CA file is the one your IT department gave you")
    if any(words in low for words in UNUSABLE_CA_FILE):
        return DatabaseUnavailable(f"the CA file for {where} cannot be used, so no connection was made: {reason}. "
                                   "Choose the CA certificate (a PEM file) your IT department gave you")
    if NO_TLS_ON_SERVER in low:
        return DatabaseUnavailable(f"the server of {where} does not offer TLS, so no connection was made (the "
                                   "connection asks for TLS). Check the server name and port with your "
                                   "IT department")
    return None


def disk_full(where: str, outcome: str = "nothing was saved") -> DatabaseFull:
    """A full disk under the database ``where``: said as such, with the room it needs, never as damage."""
    if "://" in where:
        room = "free some space on the database server"
    else:
        try:
            size = Path(where).stat().st_size
        except OSError:
            size = 0
        room = (f"free at least {_megabytes(max(size, 1_000_000))} there (about the size of the database, room "
                "for its journal), or move the database to a disk with room")
    return DatabaseFull(f"the disk holding the database {where} is full, so {outcome}; the database itself is "
                        f"not damaged. To go on, {room}, and try again")


def _megabytes(size: int) -> str:
    return f"{-(-size // 1_000_000):,} MB"


def nearly_full(where: str | Path) -> bool:
    """True when the disk holding the database file ``where`` has (almost) no room left."""
    import shutil

    try:
        return shutil.disk_usage(Path(where).parent).free < 1_000_000
    except (OSError, ValueError):
        return False


def os_error_message(exc: OSError, what: str = "the file") -> str:
    """A plain message for an operating-system error, naming the path."""
    path = exc.filename or ""
    where = f"{what} {path}" if path else what
    if exc.errno == errno.ENOSPC:
        return f"the disk is full while writing {where}; free some space and try again"
    if exc.errno == errno.EROFS:
        return f"{where} is on a read-only disk; choose a folder you can write to"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{where} cannot be written (permission denied, or it is open in another program); close it and try again"
    return f"{where} cannot be used: {exc.strerror or exc}"


# --- who holds the lock -------------------------------------------------------------------------

def holder_note(database: Path) -> Path:
    return database.with_name(database.name + ".writer.json")


@contextlib.contextmanager
def writing(database: Path | None, action: str) -> Iterator[None]:
    """Leaves a note beside the database saying who is writing, for others who find it locked."""
    if database is None:
        yield
        return
    note = holder_note(database)
    if _held_by_a_live_writer(note):  # theirs (or an outer write's) names the holder to whoever finds the lock
        yield
        return
    try:
        with open_private(note, "w", encoding="utf-8") as f:
            f.write(json.dumps({"user": getpass.getuser(), "host": socket.gethostname(), "pid": os.getpid(),
                                "action": action, "since": dt.datetime.now().isoformat(timespec="seconds")}))
    except (OSError, KeyError):  # no note is no harm: the lock message is vaguer
        pass
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            note.unlink()


def _held_by_a_live_writer(note: Path) -> bool:
    try:
        found = json.loads(note.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    pid = found.get("pid") if isinstance(found, dict) else None
    return isinstance(pid, int) and found.get("host") == socket.gethostname() and is_alive(pid)


def locked_message(where: str) -> str:
    holder = _holder(Path(where)) if "://" not in where else None
    who = holder or ("another program (not GP Placements, or an older copy of it): for example a backup or "
                     "sync tool, or a database browser")
    return (f"the database {where} is locked by {who}; nothing was changed. Wait for it to finish (or close it) "
            "and try again")


def _holder(database: Path) -> str | None:
    try:
        note = json.loads(holder_note(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if note.get("host") == socket.gethostname() and not is_alive(int(note.get("pid", 0))):
        return None
    return (f"{note.get('user', 'another officer')} on {note.get('host', 'another computer')} "
            f"(GP Placements {note.get('action', 'writing')}, since {str(note.get('since', ''))[11:16]})")
