"""The students' preferences round: workbooks out per cohort, ranks back in, all or nothing; who has replied.

``preferences_out`` writes ``preferences-year3[-group-A][-nursing].xlsx`` per
cohort into a folder filled all or nothing (each lists, per student, only the
practices the hard rules allow) and records its students as sent, with a
reply-by date. ``preview_preferences`` lists what the returned workbooks
would change (old ranks -> new ranks per student) and their problems,
writing nothing; ``import_preferences`` checks every returned rank and
replaces the preferences of the students whose ranks changed, marking them
as replied, or raises ``ReturnsRefused`` (a problem) or ``PreviewOutdated``
(not what the officer was shown) and changes nothing. ``preference_replies``
is the chase list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from scheduler.display_text import for_display
from scheduler.domain import DataSet, PreferenceReply
from scheduler.exchange.atomic import replaced_folder
from scheduler.preference_round.changes import PreferencesPreview, preview
from scheduler.preference_round.returns import PreferencesCheck, check_preference_returns
from scheduler.preference_round.workbook import Cohort, allowed_practices, cohorts, write_cohort_workbook
from scheduler.returned_workbooks import ReturnsRefused, workbook_files
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import preference_rows, repository

REPLY_DAYS = 21
"""Default time a student has to return their ranks."""


@dataclass(frozen=True, slots=True)
class PreferencesOutSummary:
    folder: Path
    workbooks: int
    students: int
    rows: int
    reply_by: dt.date | None = None


class PreviewOutdated(ValueError):
    """What a save would write is no longer what the officer was shown; nothing was saved."""

    def __init__(self) -> None:
        super().__init__("the returned workbooks or the students' ranks changed since they were shown, so nothing "
                         "was saved; import the returns again to see what they change now")

    def __reduce__(self):  # so that it survives the trip back from a worker process
        return PreviewOutdated, ()


def preferences_out(ws: Workspace, folder: str | Path, year: int | None = None, reply_by: dt.date | None = None,
                    today: dt.date | None = None) -> PreferencesOutSummary:
    """Writes the round's workbooks and records their students as sent, to reply by ``reply_by``."""
    reply_by = reply_by or (today or dt.date.today()) + dt.timedelta(days=REPLY_DAYS)
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
    with ws.session() as s:
        preference_rows.record_sent(s, (m.student_id for members in groups.values() for m in members),
                                    dt.datetime.now(), reply_by)
    return PreferencesOutSummary(Path(folder), len(groups), students, rows, reply_by)


def check_preferences(ws: Workspace, paths: list[str | Path]) -> PreferencesCheck:
    """The ranks and problems of the returned workbooks; writes nothing."""
    with ws.session() as s:
        return _check(s, paths)[0]


def preview_preferences(ws: Workspace, paths: list[str | Path]) -> PreferencesPreview:
    """Every change the returned workbooks would make (student, ranks on record -> returned ranks) and their
    problems; writes nothing."""
    with ws.session() as s:
        check, data, allowed = _check(s, paths)
    return preview(check, for_display(data), allowed, _names(paths))


def import_preferences(ws: Workspace, paths: list[str | Path],
                       previewed: PreferencesPreview | None = None) -> PreferencesCheck:
    """Replaces the ranks of the returned workbooks' students whose ranks changed and marks them as replied
    (a workbook goes out holding the ranks on record, so ranks returned as they were are no reply), checked and written in
    one transaction (so they are checked against the data they are written into), or raises ``ReturnsRefused``
    changing nothing. With ``previewed`` (what the officer saw), raises ``PreviewOutdated`` unless the save
    writes exactly that."""
    with ws.session() as s:
        check, data, allowed = _check(s, paths)
        if not check.ok:
            raise ReturnsRefused(check)
        shown = preview(check, for_display(data), allowed, _names(paths))
        if previewed is not None and not previewed.saves_the_same(shown):
            raise PreviewOutdated()
        changed = [c.student_id for c in shown.changes]
        ranks = [p for sid in changed for p in check.preferences[sid]]
        preference_rows.replace_preferences(s, changed, ranks)
        preference_rows.record_replies(s, {c.student_id: (c.source, len(c.after)) for c in shown.changes},
                                       dt.datetime.now())
        audit.record(s, "preferences-in", f"{len(paths)} returned workbook(s) or folder(s)", "",
                     f"{len(ranks)} rank(s) for {len(changed)} student(s)")
    return check


def preference_replies(ws: Workspace, data: DataSet | None = None) -> list[PreferenceReply]:
    """Every student of the data set with when their workbook went out and came back (the chase list: no
    reply); ``data`` is a data set already read (the window's), else it is read without its travel."""
    with ws.session() as s:
        if data is None:
            data = repository.load_dataset(s, travel_students=())
        records = preference_rows.round_records(s)
    data = for_display(data)
    out = []
    for st in data.students:
        r = records.get(st.student_id)
        out.append(PreferenceReply(st.student_id, st.full_name, Cohort(st.year, st.group, st.programme).label,
                                   st.email, r.sent if r else None, r.reply_by if r else None,
                                   r.replied if r else None, r.source if r else "", r.ranks if r else 0))
    return out


def _check(s, paths: list[str | Path]) -> tuple[PreferencesCheck, DataSet, dict[str, set[str]]]:
    """The returns' check, the data set checked against, and per student the practices their workbook lists."""
    data, settings = repository.load_dataset(s), repository.load_settings(s)
    allowed = allowed_practices(data, settings)
    listed = {sid: {code for code, _ in rows} for sid, rows in allowed.items()}
    return check_preference_returns([Path(p) for p in paths], data, allowed), data, listed


def _names(paths: list[str | Path]) -> list[str]:
    return [f.name for f in workbook_files([Path(p) for p in paths])]
