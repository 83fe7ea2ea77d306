"""Writing files and folders all or nothing: into a temporary file or folder beside the target, moved into
place only on success.

A failed export (disk full, file open in Excel, a bug, a kill) then leaves
whatever was there before, never a half-written file or a folder that mixes
old and new files. A folder of documents is swapped in whole: the earlier one
is renamed ``NAME.previous`` for the instant of the swap and then removed, and
``recover_folder`` puts it back should the swap itself have been stopped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import shutil
from pathlib import Path
from typing import Iterator

from scheduler.processes import is_alive


def partial_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


@contextlib.contextmanager
def replaced_on_success(paths: list[Path]) -> Iterator[list[Path]]:
    """Yields a temporary path for each target; moves them all into place if the block succeeds."""
    partials = [partial_path(p) for p in paths]
    try:
        yield partials
        for partial, path in zip(partials, paths):
            os.replace(partial, path)
    finally:
        for partial in partials:
            partial.unlink(missing_ok=True)


MARKER = ".gp-placements.json"
"""Written into every folder of documents the app makes: names the plan, the time and every file, and marks
the folder as the app's own, so that writing there again may replace it (unless someone added files since)."""


class FolderRefused(Exception):
    """The target folder holds files the app did not write; it is never replaced."""


def previous_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.previous")


def _staging_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def is_app_output(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _foreign_files(folder: Path) -> list[str]:
    """Files in ``folder`` that the app did not write there (all of them when it has no marker)."""
    if not folder.is_dir():
        return []
    try:
        listed = set(json.loads((folder / MARKER).read_text(encoding="utf-8")).get("files", ()))
    except (OSError, ValueError, AttributeError):
        listed = None
    if listed is None:
        return _files(folder)
    return [name for name in _files(folder) if name != MARKER and name not in listed]


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
def replaced_folder(target: Path, about: dict[str, object] | None = None) -> Iterator[Staging]:
    """Yields a fresh sibling folder to write into; swaps it in for ``target`` only when the block succeeds.

    The earlier folder stays complete (renamed ``NAME.previous`` only for the instant of the swap) until the
    new one is in place. A non-empty ``target`` that is not an earlier output of the app is refused with
    ``FolderRefused`` before anything is written. ``about`` (plan name, time; default: the time it was made)
    goes into the marker file.
    """
    target = Path(target)
    recover_folder(target)
    if target.exists() and not target.is_dir():
        raise FolderRefused(f"{target} is a file, not a folder; choose a folder for the documents")
    for folder in (target, previous_path(target)):
        foreign = _foreign_files(folder)
        if foreign:
            raise FolderRefused(f"the folder {folder} holds files this app did not write there (such as "
                                f"{foreign[0]}), so it is not replaced; move them out, or choose an empty or a "
                                "new folder")
    staging = Staging(_staging_path(target))
    shutil.rmtree(staging.path, ignore_errors=True)
    staging.path.mkdir(parents=True)
    try:
        yield staging
        if staging.discarded:
            return
        about = {**(about or {"made": dt.datetime.now().isoformat(timespec="seconds")}), "files": _files(staging.path)}
        (staging.path / MARKER).write_text(json.dumps(about, indent=2, default=str), encoding="utf-8")
        _swap_in(staging.path, target)
    finally:
        shutil.rmtree(staging.path, ignore_errors=True)


def _swap_in(staging: Path, target: Path) -> None:
    previous = previous_path(target)
    if previous.exists():
        shutil.rmtree(previous)
    if target.exists():
        os.replace(target, previous)
        try:
            os.replace(staging, target)
        except OSError:
            os.replace(previous, target)
            raise
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.replace(staging, target)
