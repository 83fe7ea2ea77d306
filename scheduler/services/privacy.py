"""Personal data as UK GDPR asks: ``purge`` anonymises students who have left, ``subject_export`` writes a
subject access request's answer (everything held about one student). Both are recorded in the audit trail
(by student number only)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from scheduler.exchange.atomic import replaced_on_success
from scheduler.private_files import open_private, private_folder
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import personal_data, repository

ACADEMIC_YEAR = re.compile(r"^\d{4}/\d{2}$")


class UnknownStudent(LookupError):
    pass


def check_academic_year(text: str) -> str:
    if not ACADEMIC_YEAR.match(text):
        raise ValueError(f"give the academic year as YYYY/YY, e.g. 2020/21 (got {text!r})")
    return text


def retention_cutoff(ws: Workspace) -> str:
    """The first academic year still kept under the retention setting: the settings' academic year minus
    ``retention_years`` (2026/27 with 6 years: 2020/21)."""
    with ws.session() as s:
        settings = repository.load_settings(s)
    start = int(check_academic_year(settings.academic_year)[:4]) - settings.retention_years
    return f"{start}/{(start + 1) % 100:02d}"


def leavers(ws: Workspace, before: str) -> list[str]:
    """Who ``purge(ws, before)`` would anonymise."""
    with ws.session() as s:
        return personal_data.leavers(s, check_academic_year(before))


def purge(ws: Workspace, before: str) -> int:
    """Anonymises every student whose placement history is all before ``before`` and who is in no plan;
    returns how many, in one transaction."""
    check_academic_year(before)
    with ws.session() as s:
        renamed = personal_data.anonymise(s, personal_data.leavers(s, before))
        audit.record(s, "purge", f"students who left before {before}", "", f"{len(renamed)} anonymised")
    return len(renamed)


def subject_export(ws: Workspace, student_id: str, folder: str | Path) -> Path:
    """Writes ``subject-access-<id>.json`` (UTF-8) with everything held about the student; raises ``UnknownStudent``."""
    with ws.session() as s:
        record = personal_data.student_record(s, student_id)
    if record is None:
        raise UnknownStudent(f"there is no student {student_id!r} in the database")
    record = {"produced": dt.datetime.now().isoformat(timespec="seconds"), "database": ws.url, **record}
    folder = Path(folder)
    private_folder(folder)
    path = folder / f"subject-access-{re.sub(r'[^A-Za-z0-9_-]', '_', student_id)}.json"
    with replaced_on_success([path]) as (partial,), open_private(partial, "w", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False, indent=2, default=str))
    audit.record(ws, "subject export", student_id, "", str(folder))  # only once the file is whole
    return path
