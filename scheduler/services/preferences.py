"""The students' preferences round: workbooks out per cohort, ranks back in, all or nothing.

``preferences_out`` writes ``preferences-year3[-group-A][-nursing].xlsx`` per
cohort into a folder filled all or nothing; each lists, per student, only the
practices the hard rules allow. ``import_preferences`` checks every returned
rank and replaces the preferences of the students who ranked anything, or
raises ``ReturnsRefused`` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scheduler.display_text import for_display
from scheduler.exchange.atomic import replaced_folder
from scheduler.preference_round.returns import PreferencesCheck, check_preference_returns
from scheduler.preference_round.workbook import allowed_practices, cohorts, write_cohort_workbook
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import preference_rows, repository


@dataclass(frozen=True, slots=True)
class PreferencesOutSummary:
    folder: Path
    workbooks: int
    students: int
    rows: int


def preferences_out(ws: Workspace, folder: str | Path, year: int | None = None) -> PreferencesOutSummary:
    with ws.session() as s:
        data, settings = repository.load_dataset(s), repository.load_settings(s)
    data = for_display(data)
    allowed = allowed_practices(data, settings)
    groups = cohorts(data, year)
    rows = students = 0
    with replaced_folder(Path(folder)) as staging:
        out = staging.path
        for cohort, members in groups.items():
            rows += write_cohort_workbook(data, cohort, members, allowed, settings.academic_year,
                                          out / f"{cohort.file_stem}.xlsx")
            students += len(members)
    return PreferencesOutSummary(Path(folder), len(groups), students, rows)


def check_preferences(ws: Workspace, paths: list[str | Path]) -> PreferencesCheck:
    """The ranks and problems of the returned workbooks; writes nothing."""
    with ws.session() as s:
        return _check(s, paths)


def import_preferences(ws: Workspace, paths: list[str | Path]) -> PreferencesCheck:
    """Replaces the ranks of the returned workbooks' students, checked and written in one transaction (so
    they are checked against the data they are written into), or raises ``ReturnsRefused`` changing nothing."""
    with ws.session() as s:
        check = _check(s, paths)
        if not check.ok:
            raise ReturnsRefused(check)
        ranks = [p for chosen in check.preferences.values() for p in chosen]
        preference_rows.replace_preferences(s, check.preferences, ranks)
        audit.record(s, "preferences-in", f"{len(paths)} returned workbook(s) or folder(s)", "",
                     f"{len(ranks)} rank(s) for {len(check.preferences)} student(s)")
    return check


def _check(s, paths: list[str | Path]) -> PreferencesCheck:
    data, settings = repository.load_dataset(s), repository.load_settings(s)
    return check_preference_returns([Path(p) for p in paths], data, allowed_practices(data, settings))
