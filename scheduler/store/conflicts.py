"""Optimistic locking: the errors raised when an officer saves over another officer's newer change.

Plans and settings carry a version number raised by one on every save. A save
that expected another version is refused with ``PlanChanged`` (or
``SettingsChanged``), whose message says who changed what and when, and
nothing is written. The refused plan rides along in ``unsaved`` so that a
caller can offer to keep it under a new name.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from scheduler.store.errors import StoreError

if TYPE_CHECKING:
    from pathlib import Path

    from scheduler.domain import Plan


def when_text(when: dt.datetime | None, today: dt.date | None = None) -> str:
    """``at 14:02`` today, ``on 30 Nov 2026 at 14:02`` on another day."""
    if when is None:
        return "just now"
    today = today or dt.date.today()
    if when.date() == today:
        return f"at {when:%H:%M}"
    return f"on {when.day} {when:%b %Y} at {when:%H:%M}"


class PlanChanged(StoreError):
    """Someone saved the plan after this change was started from it; nothing was written."""

    def __init__(self, name: str, by: str, when: dt.datetime | None, note: str, *, version: int,
                 unsaved: "Plan | None" = None) -> None:
        self.name, self.by, self.when, self.note, self.version, self.unsaved = name, by, when, note, version, unsaved
        who = by or "another officer"
        what = f" ({note})" if note else ""
        super().__init__(f"Plan {name!r} was changed by {who} {when_text(when)}{what}. "
                         "Reload and re-apply your change?")

    kept: "Path | None" = None
    """Where a computed plan that this refused was kept as files (``unsaved.keep_plan``), if it was."""

    def __str__(self) -> str:
        if self.kept is None:
            return super().__str__()
        what = f" ({self.note})" if self.note else ""
        return (f"Plan {self.name!r} was changed by {self.by or 'another officer'} {when_text(self.when)}{what} "
                f"while this run worked, so the plan this run made was not saved to the database. It is kept in "
                f"{self.kept} (placements.csv, unplaced.csv) to check or compare; solve again under a new name "
                "(gp-placements solve --plan NAME) to save one.")

    def __reduce__(self):  # crosses process boundaries (a solve runs in a child process)
        return _plan_changed, (self.name, self.by, self.when, self.note, self.version, self.unsaved, self.kept)


class SettingsChanged(StoreError):
    """Someone saved the settings after they were read for this change; nothing was written."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__("The settings were changed by another officer since you opened them. "
                         "Reload and re-apply your change?")

    def __reduce__(self):
        return SettingsChanged, (self.version,)


def _plan_changed(name, by, when, note, version, unsaved, kept=None) -> PlanChanged:
    error = PlanChanged(name, by, when, note, version=version, unsaved=unsaved)
    error.kept = kept
    return error
