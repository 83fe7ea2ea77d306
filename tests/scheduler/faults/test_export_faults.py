"""Export and backup faults: a failure while writing (a full disk, a file in the way, a file open in Excel on
Windows) leaves the earlier export or backup exactly as it was, says so in one line, and never shows a traceback."""

from __future__ import annotations

import errno
import gc
import os
import sqlite3
import sys

import pytest
from fault_helpers import digest, files, make_smaller_plan

import scheduler.services.spreadsheets as spreadsheets
import scheduler.store.backups as backup_files
from scheduler.exchange import atomic

EXPORTED = {"placements.csv", "unplaced.csv", "placements.xlsx", atomic.MARKER}


def _no_traceback(*outputs: str) -> None:
    for output in outputs:
        assert "Traceback" not in output and "Exception ignored" not in output


@pytest.fixture
def unraisable(monkeypatch) -> list:
    """What Python would print as "Exception ignored in ...": a workbook left unclosed fails again when collected."""
    found: list = []
    monkeypatch.setattr(sys, "unraisablehook", found.append)
    return found


def test_a_full_disk_while_writing_the_workbook_leaves_the_earlier_export_whole(run, monkeypatch, base_db, tmp_path):
    target = tmp_path / "out"
    assert run("export", target, "--db", base_db)[0] == 0
    before = digest(target)
    make_smaller_plan(base_db)
    original = spreadsheets.write_workbook

    def fill_up(path, sheets):
        original(path, sheets)
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(spreadsheets, "write_workbook", fill_up)
    code, out, err = run("export", target, "--db", base_db)
    assert code == 2
    assert "The disk is full while writing the export" in err and f"Nothing was changed in {target}" in err
    assert digest(target) == before  # the CSV files are the old ones too, not new ones beside an old workbook
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out."))] == []
    _no_traceback(out, err)


def test_the_export_swaps_the_folder_in_whole_and_keeps_nothing_of_the_earlier_plan(run, base_db, tmp_path):
    target = tmp_path / "out"
    assert run("export", target, "--db", base_db)[0] == 0
    first = digest(target)
    make_smaller_plan(base_db)
    code, out, _ = run("export", target, "--db", base_db)
    assert code == 0 and files(target) == EXPORTED and digest(target) != first
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "base.db" and p.name != "user-data") == ["out"]


def test_an_export_into_a_folder_of_other_files_is_refused_and_changes_nothing(run, base_db, tmp_path):
    target = tmp_path / "Documents"
    target.mkdir()
    (target / "my notes.docx").write_bytes(b"mine")
    code, _, err = run("export", target, "--db", base_db)
    assert code == 1 and "my notes.docx" in err and "choose an empty or a new folder" in err
    assert files(target) == {"my notes.docx"}


def test_an_export_from_before_the_marker_is_replaced(run, base_db, tmp_path):
    """A folder holding only the files an earlier version's export wrote is the app's own."""
    target = tmp_path / "out"
    target.mkdir()
    for name in ("placements.csv", "unplaced.csv", "placements.xlsx"):
        (target / name).write_bytes(b"old")
    assert run("export", target, "--db", base_db)[0] == 0
    assert files(target) == EXPORTED and (target / "unplaced.csv").read_bytes() != b"old"


def test_a_workbook_open_in_excel_on_windows_is_named_and_nothing_changes(run, monkeypatch, base_db, tmp_path):
    """On Windows a folder cannot be renamed while Excel holds a file in it open: the rename fails with
    permission denied. The earlier export stays, and the message says to close the file."""
    target = tmp_path / "out"
    assert run("export", target, "--db", base_db)[0] == 0
    before = digest(target)
    original = os.replace

    def open_in_excel(src, dst, *args, **kwargs):
        if os.fspath(src) == os.fspath(target):
            raise PermissionError(errno.EACCES, "Access is denied", os.fspath(src), None, os.fspath(dst))
        return original(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "replace", open_in_excel)
    make_smaller_plan(base_db)
    code, out, err = run("export", target, "--db", base_db)
    assert code == 2
    assert "open in another program" in err and "Excel" in err and f"Nothing was changed in {target}" in err
    assert digest(target) == before
    _no_traceback(out, err)


def test_a_full_disk_during_a_backup_says_so_and_keeps_the_earlier_backup(run, monkeypatch, base_db, tmp_path):
    target = tmp_path / "b.sqlite"
    assert run("backup", target, "--db", base_db)[0] == 0
    before = digest(target)
    original = backup_files._sqlite_copy

    def fill_up(engine, partial):
        original(engine, partial)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_files, "_sqlite_copy", fill_up)
    code, out, err = run("backup", target, "--db", base_db)
    assert code == 2
    assert "disk is full" in err and str(target) in err and "restore" not in err
    assert "OperationalError" not in err
    assert digest(target) == before and sorted(p.name for p in tmp_path.glob(".b.sqlite*")) == []
    _no_traceback(out, err)


@pytest.mark.parametrize("kind", ["plan", "students", "data"])
def test_a_workbook_over_a_folder_is_one_clear_error_and_nothing_at_exit(base_db, tmp_path, unraisable, kind):
    """The workbook writers close the workbook when writing fails: no "Exception ignored ... Traceback" later."""
    from scheduler.services import Workspace
    from scheduler.services.data import export_data
    from scheduler.services.spreadsheets import export_table

    target = tmp_path / "x.xlsx"
    target.mkdir()
    with Workspace.open(base_db) as ws, pytest.raises(OSError):
        export_data(ws, target) if kind == "data" else export_table(ws, kind, target)
    gc.collect()
    assert unraisable == []
    assert target.is_dir() and list(tmp_path.glob(".x.xlsx*")) == []


def test_a_table_workbook_open_in_excel_names_the_workbook_not_the_temporary_file(run, monkeypatch, base_db,
                                                                                 tmp_path):
    target = tmp_path / "students.xlsx"
    target.write_bytes(b"the officer's open workbook")
    original = os.replace

    def open_in_excel(src, dst, *args, **kwargs):
        if os.fspath(dst) == os.fspath(target):
            raise PermissionError(errno.EACCES, "Access is denied", os.fspath(src))
        return original(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "replace", open_in_excel)
    code, out, err = run("export-data", target, "--db", base_db)
    assert code == 2 and str(target) in err and "open in another program" in err and ".partial" not in err
    assert target.read_bytes() == b"the officer's open workbook" and list(tmp_path.glob(".students*")) == []


def test_exporting_into_a_folder_of_other_files_from_the_window_writes_a_folder_inside_it(base_db, tmp_path):
    from scheduler.services import Workspace, plans

    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "my notes.docx").write_bytes(b"mine")
    with Workspace.open(base_db) as ws:
        placements, _ = plans.export_plan(ws, plans.export_folder(documents))
        assert placements.parent == documents / plans.EXPORT_FOLDER_NAME
        again, _ = plans.export_plan(ws, plans.export_folder(placements.parent))
    assert again == placements and files(documents) == {"my notes.docx"} | {
        f"{plans.EXPORT_FOLDER_NAME}/{name}" for name in EXPORTED}


def test_export_data_to_a_folder_swaps_the_tables_in_whole(run, monkeypatch, base_db, tmp_path):
    """Twelve CSV files moved in one by one could be stopped halfway; the folder is swapped in as one."""
    import scheduler.exchange.writers as writers

    target = tmp_path / "tables"
    assert run("export-data", target, "--db", base_db)[0] == 0
    before = digest(target)
    assert atomic.MARKER in files(target)
    original = writers._write_rows
    written = []

    def fill_up(path, headers, rows):
        if len(written) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        original(path, headers, rows)

    monkeypatch.setattr(writers, "_write_rows", fill_up)
    code, out, err = run("export-data", target, "--db", base_db)
    assert code == 2 and "The disk is full while writing the data set" in err and "Nothing was changed" in err
    assert digest(target) == before
    _no_traceback(out, err)
