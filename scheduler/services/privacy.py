"""Personal data as UK GDPR asks: ``purge`` anonymises students who have left, ``subject_export`` writes a
subject access request's answer (everything held about one student). Both cover the closed years' archive
(``store.year_rows``): a student's archived rows are in their export and are anonymised with them, and a
student who left the data set at a new year is a leaver once their last closed year is before the purge's.
Both are recorded in the audit trail (by student number only)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from scheduler.exchange.atomic import replaced_on_success
from scheduler.private_files import open_private, private_folder
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import personal_data, repository, year_rows

ACADEMIC_YEAR = re.compile(r"^\d{4}/\d{2}$")


class UnknownStudent(LookupError):
    pass


def check_academic_year(text: str) -> str:
    if not ACADEMIC_YEAR.match(text) or (int(text[:4]) + 1) % 100 != int(text[5:]):
        raise ValueError(f"give the academic year as YYYY/YY, e.g. 2020/21 (got {text!r})")
    return text


class PurgeRefused(ValueError):
    """``purge`` was asked for a year that is not wholly past; nothing was changed."""


@dataclass(frozen=True)
class Purge:
    anonymised: int
    kept: int
    """Students with placement history only before the year, in no plan, who attend a block of the current data
    set: kept."""
    backup: Path | None
    """The automatic backup made first (None when there was nothing to anonymise)."""


def retention_cutoff(ws: Workspace) -> str:
    """The first academic year still kept under the retention setting: the settings' academic year minus
    ``retention_years`` (2026/27 with 6 years: 2020/21)."""
    with ws.session() as s:
        settings = repository.load_settings(s)
    start = int(check_academic_year(settings.academic_year)[:4]) - settings.retention_years
    return _year_text(start)


def leavers(ws: Workspace, before: str, today: dt.date | None = None) -> list[str]:
    """Who ``purge(ws, before)`` would anonymise: placement history all before ``before``, in no plan, and
    attending no block of the current data set. Refused like ``purge`` for a year not wholly past."""
    _check_wholly_past(ws, before, today)
    with ws.session() as s:
        return sorted({*personal_data.leavers(s, before, keep=_current_students(s)), *year_rows.leavers(s, before)})


def purge(ws: Workspace, before: str, today: dt.date | None = None) -> Purge:
    """Anonymises every student whose placement history is all before ``before``, who is in no plan and attends
    no block of the current data set, in one transaction, after an automatic backup.

    Refused (``PurgeRefused``, nothing changed) unless ``before`` is wholly past: it must have ended before the
    current academic year began, by the settings' academic year and by ``today`` (a UK academic year starts
    on 1 September)."""
    _check_wholly_past(ws, before, today)
    with ws.session() as s:
        everyone = personal_data.leavers(s, before)
        chosen = personal_data.leavers(s, before, keep=_current_students(s))
        archived = year_rows.leavers(s, before)
    kept = len(everyone) - len(chosen)
    if not chosen and not archived:
        return Purge(0, kept, None)
    from scheduler.services.backups import automatic_backup

    safety = automatic_backup(ws, "before-purge", record=False)  # named in the purge's own event: one transaction
    with ws.session() as s:  # who leaves is decided again inside the transaction that anonymises them
        archived = year_rows.leavers(s, before)  # before the live leavers are renamed
        renamed = personal_data.anonymise(s, personal_data.leavers(s, before, keep=_current_students(s)))
        renamed.update((sid, personal_data.pseudonym(sid)) for sid in archived)
        year_rows.anonymise(s, renamed, personal_data.ANONYMISED_STUDENT)  # their rows of the closed years too
        audit.record(s, "purge", f"students who left before {before}", f"backup {safety}",
                     f"{len(renamed)} anonymised")
    return Purge(len(renamed), kept, safety)


def _check_wholly_past(ws: Workspace, before: str, today: dt.date | None) -> None:
    check_academic_year(before)
    with ws.session() as s:
        current = min(int(check_academic_year(repository.load_settings(s).academic_year)[:4]),
                      _academic_year_of(today or dt.date.today()))
    if int(before[:4]) >= current:
        raise PurgeRefused(f"{before} is not wholly past (the current academic year is {_year_text(current)}, by the "
                           f"settings and today's date), so nobody was anonymised; give {_year_text(current - 1)} "
                           "or earlier")


def _current_students(s) -> set[str]:
    """Students who attend a block of the current data set: never leavers, whatever their history."""
    data = repository.load_dataset(s, travel_students=())
    return {st.student_id for st in data.students if any(b.attended_by(st) for b in data.blocks)}


def _academic_year_of(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _year_text(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def subject_export(ws: Workspace, student_id: str, folder: str | Path) -> Path:
    """Writes ``subject-access-<id>.json`` (UTF-8) with everything held about the student; raises ``UnknownStudent``."""
    with ws.session() as s:
        record = personal_data.student_record(s, student_id)
        archived: dict[str, dict[str, list]] = {}
        for year, table, row in year_rows.student_rows(s, student_id):
            archived.setdefault(year, {}).setdefault(table, []).append(row)
    if record is None and not archived:
        raise UnknownStudent(f"there is no student {student_id!r} in the database")
    record = {"produced": dt.datetime.now().isoformat(timespec="seconds"), "database": ws.url, **(record or {}),
              "closed_years": archived}
    folder = Path(folder)
    private_folder(folder)
    path = folder / f"subject-access-{re.sub(r'[^A-Za-z0-9_-]', '_', student_id)}.json"
    with replaced_on_success([path]) as (partial,), open_private(partial, "w", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False, indent=2, default=str))
    audit.record(ws, "subject export", student_id, "", str(folder))  # only once the file is whole
    return path
