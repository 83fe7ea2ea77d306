"""Files and folders readable only by their user: 0600 files and 0700 folders on POSIX, whatever the umask.

Everything the app creates holds personal data or may (the database, backups,
unsaved plans, exports, documents, subject-access files, logs), so each is
created through here or made private here before it is moved into place. The
mode is set explicitly after creating, because the mode given to ``open`` or
``mkdir`` is cut by the process's umask, which the app does not control.

On Windows the mode bits mean nothing (``chmod`` only sets the read-only
flag), and nothing is done there, by decision: a file takes the access list of
its folder. The app's own files (database, backups, unsaved plans, log) are
under ``%LOCALAPPDATA%``, inside the user's profile, whose access list admits
only the user, SYSTEM and Administrators; output goes to the folder the officer
chooses, with that folder's access list. docs/INSTALL.md ("Who can read these
files") says so, and how to check it with ``icacls``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
FOLDER_MODE = 0o700
POSIX = os.name == "posix"


def private_folder(path: str | Path) -> Path:
    """Creates ``path`` and any missing parents, each 0700; folders that were already there are left as they are."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    path.mkdir(parents=True, exist_ok=True)
    if POSIX:
        for folder in missing:
            os.chmod(folder, FOLDER_MODE)
    return path


def open_private(path: str | Path, mode: str = "w", **kwargs: Any) -> IO:
    """``open(path, mode)`` for writing ("w", "wb", "a", "x", ...), the file 0600 from its first byte."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    if "a" in mode:
        flags |= os.O_APPEND
    elif "x" in mode:
        flags |= os.O_EXCL
    else:
        flags |= os.O_TRUNC
    fd = os.open(path, flags, FILE_MODE)
    try:
        if POSIX:
            os.fchmod(fd, FILE_MODE)  # a file that was there already keeps its mode otherwise
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def touch_private(path: str | Path) -> Path:
    """Creates an empty 0600 file unless one is there (for files a library then opens: SQLite, ReportLab)."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    if POSIX:
        os.fchmod(fd, FILE_MODE)
    os.close(fd)
    return path


def make_private(path: str | Path) -> Path:
    """Sets 0600 on a file, or 0700 on a folder and the same on everything under it."""
    path = Path(path)
    if not POSIX:
        return path
    if path.is_dir() and not path.is_symlink():
        os.chmod(path, FOLDER_MODE)
        for root, folders, names in os.walk(path):
            for name in folders:
                os.chmod(os.path.join(root, name), FOLDER_MODE)
            for name in names:
                os.chmod(os.path.join(root, name), FILE_MODE)
    elif path.exists():
        os.chmod(path, FILE_MODE)
    return path
