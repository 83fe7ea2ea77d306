"""Saving a computed plan, or keeping it in a file when the database will not take it.

A solve can take minutes. When, by the time it ends, anything it read has
changed (an import, offers or preferences returned, a request decided, the
settings, the plan its locks came from, the database file itself; see
``scheduler.store.change_versions``), or the database is locked, full or
read-only, or another run saved a plan of the same name, the plan is not lost: its placements and unplaced list are
written as CSV files (with the plan's figures in ``plan.json``) to a folder
under the user data folder, and ``PlanNotSaved`` names that folder. A set of
documents made from data that changed meanwhile is moved to ``Unsaved
documents`` there in the same way (``keep_folder``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from scheduler.domain import Plan
from scheduler.private_files import make_private, open_private, private_folder
from scheduler.services.workspace import Workspace
from scheduler.store import repository
from scheduler.store.change_versions import ReadDataChanged
from scheduler.store.conflicts import PlanChanged
from scheduler.store.database import APP_NAME
from scheduler.store.errors import DataChanged, StoreError


class PlanNotSaved(StoreError):
    """The plan was computed but not saved; ``kept`` is the folder holding it (None if that failed too)."""

    def __init__(self, reason: str, kept: Path | None, data_changed: bool) -> None:
        where = (f"It is kept in {kept} (placements.csv, unplaced.csv) to check or compare; "
                 if kept is not None else "It could not be kept in a file either; ")
        again = ("solve again (gp-placements solve) to plan with the changes" if data_changed
                 else "solve again when the database can be written")
        super().__init__(f"{reason}. The plan was not saved to the database. {where}{again}.")
        self.reason = reason
        self.kept = kept
        self.data_changed = data_changed

    def __reduce__(self):  # crosses from the window's solve process to the window
        return PlanNotSaved, (self.reason, self.kept, self.data_changed)


def unsaved_plans_folder() -> Path:
    return _user_data_folder() / "Unsaved plans"


def _user_data_folder() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_NAME))


def save_or_keep(ws: Workspace, plan: Plan, save: Callable[[Session], int] | None = None) -> int:
    """Saves the plan through ``save`` (default: ``repository.save_plan``), refused when its data version is
    not the stored one; on failure keeps it in a file. ``PlanChanged`` (another officer saved the plan
    meanwhile) passes through untouched: the caller offers to keep the plan under a new name."""
    try:
        return ws.database.write("solve", save or (lambda s: repository.save_plan(s, plan)))
    except PlanChanged as exc:
        exc.kept = keep_plan(plan)  # the caller may still keep it under a new name; either way it is not lost
        raise
    except StoreError as exc:
        kept = keep_plan(plan)
        raise PlanNotSaved(str(exc)[:1].upper() + str(exc)[1:], kept,
                           isinstance(exc, (DataChanged, ReadDataChanged))) from exc


def keep_folder(folder: Path, name: str) -> Path | None:
    """Moves a finished folder that is not current (documents made from data that changed) to
    ``Unsaved documents`` in the user data folder; returns where, or None if it cannot be moved."""
    target = _user_data_folder() / "Unsaved documents" / f"{_file_name(name)} {_stamp()}"
    try:
        private_folder(target.parent)
        shutil.move(folder, target)
        make_private(target)
    except OSError:
        return None
    return target


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H%M%S")


def _file_name(name: str) -> str:
    return re.sub(r"[^\w\- ]+", "_", name).strip(" _") or "plan"


def keep_plan(plan: Plan, folder: Path | None = None) -> Path | None:
    """Writes the plan's placements, unplaced list and figures to a new folder; None if it cannot be written."""
    from scheduler.exchange import write_placements_csv, write_unplaced_csv

    target = (folder or unsaved_plans_folder()) / f"{_file_name(plan.name)} {_stamp()}"
    try:
        private_folder(target)
        write_placements_csv(plan.placements, target / "placements.csv")
        write_unplaced_csv(plan.unplaced, target / "unplaced.csv")
        figures = {k: v for k, v in dataclasses.asdict(plan).items() if k not in ("placements", "unplaced")}
        figures["created"] = plan.created.isoformat() if plan.created else None
        with open_private(target / "plan.json", "w", encoding="utf-8") as f:
            f.write(json.dumps(figures, indent=2, default=str))
    except OSError:
        return None
    return target
