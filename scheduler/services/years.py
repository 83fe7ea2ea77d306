"""The academic year turning: close a year (its final plan becomes history, the rest is archived) and read a
closed year again.

``preview_close`` says everything ``close_year`` will do, in counts, without
changing anything; ``close_year`` does it in one transaction after an
automatic backup: the final plan's placements become ``history`` rows under
the year's name, a frozen copy of the year's rows is archived under it
(``store.year_rows``; the audit trail is copied and kept), the year's plans,
attendance (payments), requests, offers, preferences and rounds are emptied,
and the settings' academic year moves on. A year without a final plan, or whose final plan
leaves students unplaced, is closed only when ``confirmed``. A preview the
officer confirmed is checked again inside the transaction: if anything it
counted changed meanwhile, nothing is closed.

``archived_workspace(ws, year)`` opens a closed year as a workspace of its
own (a private temporary database holding the year's frozen rows), so any
document is reprinted by the same service, from the same rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from scheduler.private_files import private_folder
from scheduler.services import audit
from scheduler.services.privacy import check_academic_year
from scheduler.services.workspace import Workspace
from scheduler.store import repository, year_rows
from scheduler.store.errors import PlanNotFound, StoreError


class CloseRefused(StoreError):
    """The year was not closed (already closed, needs the officer's confirmation, or changed since the
    preview); nothing was changed."""


class YearNotArchived(LookupError):
    """There is no closed year of that name."""


@dataclass(frozen=True)
class YearClosing:
    """What closing the year will do, in counts (the preview)."""

    academic_year: str
    next_year: str
    final_plan: str
    """'' when no final plan was chosen"""
    history_rows: int
    """(student, practice) pairs of the final plan that become history"""
    archived: dict[str, int] = field(default_factory=dict)
    """Rows archived, per kind: plans, placements, payments (attendance rows), requests, audit events …; all
    but the audit events are emptied."""
    unplaced_students: int = 0
    unplaced_blocks: int = 0
    """Student-blocks the final plan leaves unplaced."""

    @property
    def needs_confirmation(self) -> list[str]:
        """Why the officer must confirm first, in words (empty: no need)."""
        reasons = []
        if not self.final_plan:
            reasons.append("no final plan was chosen, so no placements become history")
        if self.unplaced_students:
            reasons.append(f"the final plan {self.final_plan!r} leaves {self.unplaced_students} student(s) "
                           f"unplaced in {self.unplaced_blocks} block(s)")
        return reasons

    def lines(self) -> list[str]:
        """The preview as an officer reads it."""
        a = self.archived
        out = [f"Closing {self.academic_year}; the settings' academic year becomes {self.next_year}.",
               f"  history rows to add ({self.final_plan or 'no final plan'}): {self.history_rows:,}",
               f"  plans to archive: {a.get('plans', 0):,} ({a.get('placements', 0):,} placements, "
               f"{a.get('unplaced', 0):,} unplaced, {a.get('edits', 0):,} hand edits)",
               f"  payments (attendance rows) to archive: {a.get('attendance', 0):,}",
               f"  change requests to archive: {a.get('change_requests', 0):,}",
               f"  audit events to archive: {a.get('audit_events', 0):,} (copied; the trail itself is kept)",
               f"  capacity offers to empty: {a.get('capacity_overrides', 0):,} "
               f"(offers round: {a.get('offers', 0):,} practices)",
               f"  preferences to empty: {a.get('preferences', 0):,} "
               f"(preferences round: {a.get('preference_round', 0):,} students)",
               f"  unplaced students in the final plan: {self.unplaced_students:,}"]
        return out


@dataclass(frozen=True)
class ClosedYear:
    closing: YearClosing
    backup: Path
    archived_rows: dict[str, int]
    """Rows kept in the archive, per table."""


def next_academic_year(year: str) -> str:
    start = int(check_academic_year(year)[:4]) + 1
    return f"{start}/{(start + 1) % 100:02d}"


def _closing(s, plan_name: str | None) -> YearClosing:
    settings = repository.load_settings(s)
    try:
        year = check_academic_year(settings.academic_year)
    except ValueError:
        raise CloseRefused(f"the settings' academic year {settings.academic_year!r} is not a year such as 2026/27; "
                           "set it in Settings first") from None
    if year_rows.year_row(s, year) is not None:
        raise CloseRefused(f"{year} is closed already; the settings' academic year says {year}, so set it to "
                           "the year you are working in")
    history, unplaced_students, unplaced_blocks = 0, 0, 0
    if plan_name:
        plan = repository.load_plan(s, plan_name)
        if plan is None:
            raise PlanNotFound(plan_name)
        history = len(_history_pairs(plan))
        unplaced_blocks = len(plan.unplaced)
        unplaced_students = len({u.student_id for u in plan.unplaced})
    return YearClosing(year, next_academic_year(year), plan_name or "", history, year_rows.year_counts(s),
                       unplaced_students, unplaced_blocks)


def _history_pairs(plan) -> list[tuple[str, str]]:
    """Each (student, practice) of the plan once, in plan order."""
    return list(dict.fromkeys((p.student_id, p.practice_code) for p in plan.placements))


def preview_close(ws: Workspace, plan_name: str | None = None) -> YearClosing:
    """What ``close_year`` would do; raises ``PlanNotFound`` or ``CloseRefused`` (already closed)."""
    with ws.session() as s:
        return _closing(s, plan_name)


def close_year(ws: Workspace, plan_name: str | None = None, confirmed: bool = False,
               expected: YearClosing | None = None) -> ClosedYear:
    """Closes the settings' academic year (see the module docstring). ``expected``: the preview the officer
    saw; when the year's rows differ from it now, ``CloseRefused`` and nothing changes."""
    closing = preview_close(ws, plan_name)
    if closing.needs_confirmation and not confirmed:
        raise CloseRefused("the year was not closed: " + "; ".join(closing.needs_confirmation)
                           + ". Confirm to close it anyway (--yes)")
    from scheduler.services.backups import automatic_backup

    backup = automatic_backup(ws, "before-close-year", record=False)  # named in the close's own event

    def write(s) -> tuple[YearClosing, dict[str, int]]:
        now = _closing(s, plan_name)  # decided again inside the transaction that closes the year
        seen = expected or closing
        if now != seen:
            raise CloseRefused("the year was not closed: its plans, payments, requests or audit trail changed "
                               "since the preview; look at the preview again")
        when = dt.datetime.now().replace(microsecond=0)
        settings = repository.load_settings(s)
        if repository.settings_version(s) == 0:  # defaults never saved: archive them as they read today
            repository.save_settings(s, settings)
        kept = year_rows.archive(s, now.academic_year, when, ws.user, now.final_plan,
                                 {"history_rows": now.history_rows, **now.archived,
                                  "unplaced_students": now.unplaced_students})
        if now.final_plan:
            year_rows.add_history(s, _history_pairs(repository.load_plan(s, now.final_plan)), now.academic_year)
        year_rows.clear_year(s)
        repository.save_settings(s, replace(settings, academic_year=now.next_year))
        audit.record(s, "close year", now.academic_year, f"backup {backup}",
                     f"{now.history_rows} history rows from {now.final_plan or 'no plan'}; "
                     f"{now.archived.get('plans', 0)} plans archived; academic year {now.next_year}")
        return now, kept

    done, kept = ws.database.write("close year", write)
    return ClosedYear(done, backup, kept)


def years_held(ws: Workspace) -> list[dict]:
    """Every year on record: the closed ones oldest first, then the current one (``closed`` False)."""
    with ws.session() as s:
        closed = year_rows.years(s)
        current = repository.load_settings(s).academic_year
    held = [{"academic_year": y["academic_year"], "closed": True, "final_plan": y["final_plan"],
             "closed_at": y["closed_at"].isoformat(), "closed_by": y["closed_by"]} for y in closed]
    if current not in {y["academic_year"] for y in closed}:
        held.append({"academic_year": current, "closed": False})
    return held


@contextlib.contextmanager
def archived_workspace(ws: Workspace, year: str) -> Iterator[Workspace]:
    """The closed ``year`` as a workspace of its own, in a private temporary database removed afterwards;
    raises ``YearNotArchived``. It holds the earlier closed years' evaluations too, for the quality trend as it stood.
    Read it only: it is a copy, and nothing written to it is kept."""
    check_academic_year(year)
    with ws.session() as s:
        if year_rows.year_row(s, year) is None:
            held = ", ".join(y["academic_year"] for y in year_rows.years(s)) or "none"
            raise YearNotArchived(f"{year} is not a closed year (closed years: {held})")
    with tempfile.TemporaryDirectory(prefix="gp-year-") as tmp:
        folder = private_folder(Path(tmp))
        with Workspace.open(folder / "year.db") as copy:
            with ws.session() as source, copy.session() as target:
                year_rows.write_back(source, year, target)
                year_rows.copy_earlier_evaluations(source, year, target)
            yield copy


@dataclass(frozen=True)
class ClosedYearPlans:
    """A closed year's plans as kept in its archive, for a read-only view: each plan's figures and placements."""

    academic_year: str
    final_plan: str
    plans: list = field(default_factory=list)
    """``PlanSummary`` of each plan, as the plans list shows them"""
    placements: dict = field(default_factory=dict)
    """plan name -> its ``Placement`` rows"""


def closed_year_plans(ws: Workspace, year: str) -> ClosedYearPlans:
    """The plans of the closed ``year``, read from its archive (nothing is written anywhere but a private
    temporary copy); raises ``YearNotArchived``."""
    with ws.session() as s:
        row = year_rows.year_row(s, year)
        final = row.final_plan if row is not None else ""
    with archived_workspace(ws, year) as copy, copy.session() as s:
        summaries = repository.list_plans(s)
        placements = {}
        for summary in summaries:
            plan = repository.load_plan(s, summary.name)
            placements[summary.name] = list(plan.placements) if plan is not None else []
    return ClosedYearPlans(year, final, summaries, placements)
