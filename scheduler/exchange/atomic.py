"""Writing files and folders all or nothing: into a temporary file or folder beside the target, moved into
place only on success.

A failed export (disk full, file open in Excel, a bug, a kill) then leaves
whatever was there before, never a half-written file or a folder that mixes
old and new files. A folder of documents is swapped in whole: the earlier one
is renamed ``NAME.previous`` for the instant of the swap and then removed, and
``recover_folder`` puts it back should the swap itself have been stopped.

A folder is replaced only when it holds nothing but what the app wrote there,
judged by content: the marker file lists each file with its SHA-256, so a
workbook a practice filled in and saved over the one sent out (same name,
other content) is someone's work, and the folder is refused. Everything is
made private (``private_files``) before it is moved into place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import glob
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Collection, Iterator, Mapping

from scheduler.not_written import NotWritten, room_note
from scheduler.private_files import make_private, private_folder
from scheduler.processes import is_alive


def partial_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


@contextlib.contextmanager
def replaced_on_success(paths: list[Path]) -> Iterator[list[Path]]:
    """Yields a temporary path for each target; moves them all into place if the block succeeds."""
    partials = [partial_path(p) for p in paths]
    try:
        yield partials
        for partial in partials:
            make_private(partial)
        for partial, path in zip(partials, paths):
            try:
                os.replace(partial, path)
            except PermissionError as exc:  # Windows: the file is open in Excel; name it, not the partial
                raise PermissionError(exc.errno, exc.strerror, str(path)) from exc
    finally:
        for partial in partials:
            partial.unlink(missing_ok=True)


MARKER = ".gp-placements.json"
"""Written into every folder of documents the app makes: names the plan, the time and every file with its
SHA-256, and marks the folder as the app's own, so that writing there again may replace it (unless someone
added or changed files since)."""


class FolderRefused(Exception):
    """The target folder holds files the app did not write, or changed since; it is never replaced."""


class FolderNotWritten(NotWritten):
    """Writing the folder failed (a full disk, a file open in another program); the folder is as it was."""


class FolderInUse(PermissionError):
    """The folder could not be swapped: on Windows a file in it is open in another program."""


def previous_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.previous")


def _staging_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def is_app_output(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _foreign_files(folder: Path, own: Collection[str] = ()) -> list[str]:
    """Files in ``folder`` that the app did not write there, or that changed since it did (all of them when it
    has no marker, except the names in ``own``: what an earlier version wrote without a marker)."""
    if not folder.is_dir():
        return []
    marker = folder / MARKER
    try:
        about = json.loads(marker.read_text(encoding="utf-8"))
        listed = set(about.get("files", ()))
        sums = about.get("sha256")
    except (OSError, ValueError, AttributeError, TypeError):
        return [name for name in _files(folder) if name not in own]
    foreign = []
    for name in _files(folder):
        if name == MARKER:
            continue
        if name not in listed:
            foreign.append(name)
        elif isinstance(sums, dict):
            if sums.get(name) != _sha256(folder / name):
                foreign.append(name)
        elif (folder / name).stat().st_mtime > marker.stat().st_mtime + 2:  # a marker from before the sums
            foreign.append(name)
    return foreign


def _listed_in_marker(folder: Path) -> set[str]:
    try:
        return set(json.loads((folder / MARKER).read_text(encoding="utf-8")).get("files", ()))
    except (OSError, ValueError, AttributeError, TypeError):
        return set()


def _listed(names: list[str]) -> str:
    """A few of the files, as named in a message; files in ``students`` go by count (their names are ids)."""
    private = [n for n in names if n.startswith("students/")]
    shown = [n for n in names if n not in private][:3]
    if private:
        shown.append(f"{len(private)} file{'s' if len(private) != 1 else ''} in students")
    more = len(names) - len(shown) - (len(private) - 1 if private else 0)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def folder_to_write(chosen: str | Path, subfolder: str, own: Collection[str] = ()) -> Path:
    """Where writing into the folder an officer picked goes: that folder when it is missing, empty or an earlier
    output of the app (whose changed files ``replaced_folder`` then refuses by name), else ``subfolder`` inside
    it (picking "Documents" must neither be refused nor have its other files replaced)."""
    chosen = Path(chosen)
    if not chosen.is_dir() or is_app_output(chosen) or not any(chosen.iterdir()) or not _foreign_files(chosen, own):
        return chosen
    return chosen / subfolder


def recover_folder(target: Path) -> None:
    """Puts back a previous folder left aside by a swap that was stopped halfway, and removes stale partials."""
    previous = previous_path(target)
    if not target.exists() and previous.is_dir():
        os.replace(previous, target)
    for partial in target.parent.glob(f".{glob.escape(target.name)}.partial-*"):
        pid = partial.name.rsplit("-", 1)[-1]
        if pid.isdigit() and (int(pid) == os.getpid() or not is_alive(int(pid))):
            shutil.rmtree(partial, ignore_errors=True)


class Staging:
    """The fresh folder documents are written into; ``discard()`` drops it instead of swapping it in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.discarded = False

    def discard(self) -> None:
        self.discarded = True


@contextlib.contextmanager
def replaced_folder(target: Path, about: Mapping[str, object] | None = None,
                    own: Collection[str] = ()) -> Iterator[Staging]:
    """Yields a fresh sibling folder to write into; swaps it in for ``target`` only when the block succeeds.

    The earlier folder stays complete (renamed ``NAME.previous`` only for the instant of the swap) until the
    new one is in place. A non-empty ``target`` that is not an earlier output of the app, or whose files were
    changed or added to since, is refused with ``FolderRefused`` before anything is written (``own``: names
    an earlier version wrote without a marker). ``about`` (plan name, time; default: the time it was made)
    goes into the marker file.
    """
    target = Path(target)
    recover_folder(target)
    if target.exists() and not target.is_dir():
        raise FolderRefused(f"{target} is a file, not a folder; choose a folder to write into")
    for folder in (target, previous_path(target)):
        foreign = _foreign_files(folder, own)
        added = [name for name in foreign if name not in _listed_in_marker(folder)]
        if added:
            raise FolderRefused(f"the folder {folder} holds files this app did not write there (such as "
                                f"{_listed(added)}), so it is not replaced; move them out, or choose an empty or "
                                "a new folder")
        if foreign:
            raise FolderRefused(f"the folder {folder} holds files changed since this app wrote them (such as "
                                f"{_listed(foreign)}; a workbook filled in and saved there?), so it is not "
                                "replaced; read returned workbooks in first and move them out, or choose an empty "
                                "or a new folder")
    staging = Staging(_staging_path(target))
    shutil.rmtree(staging.path, ignore_errors=True)
    private_folder(staging.path)
    try:
        yield staging
        if staging.discarded:
            return
        written = _files(staging.path)
        about = {**(about or {"made": dt.datetime.now().isoformat(timespec="seconds")}), "files": written,
                 "sha256": {name: _sha256(staging.path / name) for name in written}}
        (staging.path / MARKER).write_text(json.dumps(about, indent=2, default=str), encoding="utf-8")
        make_private(staging.path)
        _swap_in(staging.path, target)
    finally:
        shutil.rmtree(staging.path, ignore_errors=True)


@contextlib.contextmanager
def folder_written_whole(target: Path, what: str, about: Mapping[str, object] | None = None,
                         own: Collection[str] = ()) -> Iterator[Staging]:
    """``replaced_folder``, with a failure to write turned into ``FolderNotWritten``: one sentence that names
    the folder, says what to do, and that nothing was changed. ``what`` names the content ("the export")."""
    target = Path(target)
    try:
        with replaced_folder(target, about, own) as staging:
            yield staging
    except OSError as exc:
        raise FolderNotWritten(folder_failure(exc, target, what)) from exc


def folder_failure(exc: OSError, target: Path, what: str) -> str:
    """What failed while writing ``what`` ("the export") as the folder ``target``, how to fix it, and that
    nothing was changed there."""
    kept = f", which still holds the earlier {what.removeprefix('the ')}" if target.is_dir() else ""
    return f"{_cause(exc, target, what)}. Nothing was changed in {target}{kept}"


def _cause(exc: OSError, target: Path, what: str) -> str:
    name = Path(exc.filename).name if exc.filename and not isinstance(exc, FolderInUse) else ""
    where = f"{target} ({name})" if name and Path(exc.filename) != target else str(target)
    if exc.errno == errno.ENOSPC:
        return f"the disk is full while writing {what} to {where}{room_note(target.parent)}; free some space and try again"
    if isinstance(exc, FolderInUse):
        return (f"the folder {target}, or a file in it, is open in another program (such as Excel or Explorer); "
                "close it and try again")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{what} could not be written to {where}: permission denied; choose a folder you may write to"
    if exc.errno == errno.EROFS:
        return f"{where} is on a read-only disk; choose a folder you can write to"
    return f"{what} could not be written to {where}: {exc.strerror or type(exc).__name__}"


def _swap_in(staging: Path, target: Path) -> None:
    previous = previous_path(target)
    if previous.exists():
        shutil.rmtree(previous)
    if target.exists():
        try:
            os.replace(target, previous)
        except PermissionError as exc:  # Windows: a file in the folder is open
            raise FolderInUse(exc.errno, exc.strerror, str(target)) from exc
        try:
            os.replace(staging, target)
        except OSError as exc:
            os.replace(previous, target)
            if isinstance(exc, PermissionError):
                raise FolderInUse(exc.errno, exc.strerror, str(target)) from exc
            raise
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.replace(staging, target)
