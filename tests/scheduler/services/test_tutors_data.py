"""The optional ``tutors`` table end to end: import (all or nothing), template, export-data, backup and restore,
the audit; bad rows are named by table, row and column, never by the tutor's name or email."""

from __future__ import annotations

from pathlib import Path

import pytest
from database_helpers import dump_tables
from test_data import VALID, write_folder

from scheduler.exchange import read_tables
from scheduler.services import Workspace, audit, backups, data

TUTORS = ("practice_code,name,email,trained_on,refresher_due,active\n"
          "M85001,Dr Aoife Ní Bhriain,aoife@nhs.net,2024-03-01,2027-02-28,yes\n"
          "M85001,Dr Kwame Mensah,,01/06/2025,31/05/2028,no\n"
          "M85002,Dr Zofia Wróbel,zofia@nhs.net,2025-09-01,2026-09-30,\n")
PRIVATE = ("Aoife", "Kwame", "Zofia", "Wróbel", "aoife@nhs.net", "zofia@nhs.net")


@pytest.fixture
def ws(db_url):
    workspace = Workspace.open(db_url)
    yield workspace
    workspace.close()


def test_tutors_import_export_and_survive_backup_and_restore(ws, tmp_path):
    result = data.import_data(ws, write_folder(tmp_path / "in", {**VALID, "tutors.csv": TUTORS}))
    assert result.ok, result.errors
    tutors = data.load_dataset(ws).tutors
    assert [(t.practice_code, t.active, f"{t.trained_on}", f"{t.refresher_due}") for t in tutors] == [
        ("M85001", True, "2024-03-01", "2027-02-28"), ("M85001", False, "2025-06-01", "2028-05-31"),
        ("M85002", True, "2025-09-01", "2026-09-30")]
    assert data.counts(ws)["tutors"] == 3
    assert audit.events(ws, action="import")[-1].after.endswith(", 3 tutors")
    data.export_data(ws, tmp_path / "out")
    assert data.check_data(tmp_path / "out").dataset.tutors == tutors
    data.export_data(ws, tmp_path / "out.xlsx")
    assert data.check_data(tmp_path / "out.xlsx").dataset.tutors == tutors
    saved = backups.backup(ws, tmp_path / "before.gpbackup")
    before = dump_tables(ws.database.engine)["tutors"]
    data.import_data(ws, write_folder(tmp_path / "none", VALID), replace=True)
    assert data.load_dataset(ws).tutors == ()
    backups.restore(ws, saved, force=True)
    assert dump_tables(ws.database.engine)["tutors"] == before


def test_the_template_has_a_tutors_sheet_with_its_columns(tmp_path):
    tables, _ = read_tables(data.write_template(tmp_path / "template.xlsx"))
    assert tables["tutors"].headers[:6] == ["practice_code", "name", "email", "trained_on", "refresher_due",
                                             "active"]


BAD = ("practice_code,name,email,trained_on,refresher_due,active\n"
       "X99999,Dr Aoife Ní Bhriain,aoife@nhs.net,2024-03-01,2027-02-28,yes\n"   # row 2: unknown practice
       "M85001,Dr Kwame Mensah,,31/02/2025,31/05/2028,yes\n"                     # row 3: no such date
       "M85002,Dr Zofia Wróbel,zofia@nhs.net,2025-09-01,2026-09-30,yes\n"
       "M85002,dr zofia  wróbel,,2025-09-01,2027-09-30,yes\n"                    # row 5: the same tutor again
       "M85002,Dr Kwame Mensah,,2025-09-01,2024-09-30,maybe\n"                   # row 6: refresher first; active?
       "M85001,,,2025-09-01,,yes\n")                                            # row 7: no name, no refresher


def test_bad_tutor_rows_are_named_by_row_and_column_and_nothing_is_written(ws, tmp_path):
    data.import_data(ws, write_folder(tmp_path / "in", VALID))
    before = dump_tables(ws.database.engine)
    result = data.import_data(ws, write_folder(tmp_path / "bad", {**VALID, "tutors.csv": BAD}), replace=True)
    assert not result.ok and result.dataset is None
    assert {(p.table, p.row, p.column) for p in result.errors} == {
        ("tutors", 2, "practice_code"), ("tutors", 3, "trained_on"), ("tutors", 5, "name"),
        ("tutors", 6, "refresher_due"), ("tutors", 6, "active"), ("tutors", 7, "name"),
        ("tutors", 7, "refresher_due")}
    assert "listed twice for the practice (also row 4)" in next(str(p) for p in result.errors if p.row == 5)
    text = " ".join(str(p) for p in result.errors + result.warnings)
    assert not [word for word in PRIVATE if word.casefold() in text.casefold()]
    assert dump_tables(ws.database.engine) == before


def test_a_data_set_without_tutors_exports_no_tutor_rows(ws, tmp_path: Path):
    data.import_data(ws, write_folder(tmp_path / "in", VALID))
    data.export_data(ws, tmp_path / "out")
    out = tmp_path / "out" / "tutors.csv"
    assert not out.exists() or out.read_text(encoding="utf-8-sig").strip().count("\n") == 0
