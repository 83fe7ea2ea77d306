"""Is the SQLite file sound, and where does it live: ``PRAGMA quick_check`` on first open, network folders.

A damaged file is refused with ``DatabaseDamaged``, whose message names the
newest backup that passes its own check and how to restore it. A SQLite file
on a network folder (UNC ``\\\\server\\share``, a mapped network drive, an
NFS or SMB mount) corrupts when several PCs write to it, and SQLite's WAL
mode does not work there at all: such a file is opened in rollback-journal
mode and a ``NetworkDatabaseWarning`` tells the user that a team should use
the server.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import warnings
from pathlib import Path

from scheduler.store import failures
from scheduler.store.errors import DatabaseUnavailable

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs", "fuse.davfs2"}
_checked: set[str] = set()


class DatabaseDamaged(DatabaseUnavailable):
    """The SQLite file failed ``PRAGMA quick_check``; ``backup`` is the newest good backup, if any."""

    def __init__(self, path: Path, problem: str, backup: Path | None) -> None:
        self.path, self.problem, self.backup = path, problem, backup
        if backup is None:
            advice = "No good backup of it was found."
        else:
            advice = (f"The newest good backup is {backup}; restore it with: "
                      f"gp-placements restore \"{backup}\" --db \"{path}\" --force")
        super().__init__(f"the database file {path} is damaged ({problem}). {advice}")


class NetworkDatabaseWarning(UserWarning):
    """The SQLite file is on a network folder: a team should use the server instead."""


def quick_check(path: Path) -> None:
    """Runs ``PRAGMA quick_check`` the first time this process opens the file; raises ``DatabaseDamaged``.

    (The window opens the database again for every background job; checking once is enough.)
    """
    key = str(path)
    try:
        if key in _checked or path.stat().st_size == 0:
            return
    except OSError:
        return  # a new file: nothing to check yet
    problem = _problem(path)
    if problem is not None and _space_problem(problem) and failures.nearly_full(path):
        raise failures.disk_full(str(path), "it cannot be opened")  # SQLite cannot make its -shm file
    if problem is not None:
        raise DatabaseDamaged(path, problem, newest_good_backup(path))
    _checked.add(key)


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup of this file that passes its own check: automatic ones, then those beside the file."""
    from sqlalchemy.engine import URL

    from scheduler.store import backup, backups

    url = URL.create("sqlite", database=str(path))
    try:
        candidates = backups.automatic_backups(backups.default_folder(), url) + backup.backup_paths(path)
    except OSError:
        return None
    for candidate in sorted(candidates, key=_mtime, reverse=True):
        try:
            backups.read_backup(candidate)
        except backups.BadBackup:
            continue
        return candidate
    return None


def is_network_path(path: Path) -> bool:
    """True for a UNC path, a mapped network drive (Windows), or a file on an NFS/SMB/other network mount."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_remote_drive(text)
    return _mount_type(Path(text)) in NETWORK_FILESYSTEMS


def warn_if_network(path: Path) -> bool:
    if not is_network_path(path):
        return False
    warnings.warn(NetworkDatabaseWarning(
        f"the database {path} is on a network folder. Several people writing to one file there can damage it; "
        "a team should use the team server (File > Open team database…). It is opened in rollback-journal mode."),
        stacklevel=3)
    return True


def _space_problem(problem: str) -> bool:
    """SQLite's words when it could not write (a full disk says any of them, never that a page is bad)."""
    return any(words in problem.lower() for words in ("disk i/o", "full", "unable to open"))


def _problem(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")  # a damaged page may hold any bytes
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    except UnicodeDecodeError:  # SQLite's own message quoted bytes of the damaged page
        return "the file's pages are damaged"
    finally:
        conn.close()
    return None if rows == [("ok",)] else "; ".join(r[0] for r in rows[:3])


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _mount_type(path: Path) -> str | None:
    """The file-system type of the mount holding ``path`` (Linux ``/proc/mounts``); None if unknown."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    target = os.path.realpath(path)
    best, kind = "", None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, parts[2]
    return kind


def _windows_remote_drive(text: str) -> bool:
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    DRIVE_REMOTE = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE  # type: ignore[attr-defined]
