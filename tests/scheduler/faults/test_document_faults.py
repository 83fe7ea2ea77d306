"""Document faults: a folder used before, a full disk, a folder of someone else's files, a cancelled run.
The documents are swapped in whole, so the folder always holds one complete set, named by its plan."""

from __future__ import annotations

import errno
import io

import pytest
from fault_helpers import digest, files, make_smaller_plan
from pypdf import PdfReader
from wine_limits import POOL_PIPES

import scheduler.reports.batch as batch
from scheduler.exchange.atomic import MARKER
from scheduler.progress import TaskState
from scheduler.services import Workspace, documents


def footer_text(pdf) -> str:
    return PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()


def test_a_folder_used_before_holds_only_the_new_plans_documents(run, base_db, tmp_path):
    target = tmp_path / "T"
    assert run("timetables", target, "--db", base_db, "--workers", "1")[0] == 0
    first = files(target)
    make_smaller_plan(base_db)
    code, out, _ = run("timetables", target, "--db", base_db, "--workers", "1")
    assert code == 0
    second = files(target)
    assert second < first  # nothing of the earlier plan is left behind
    written = int(out.split("Wrote ")[1].split(" files")[0])
    assert len(second - {MARKER}) == written
    assert "Plan “Smaller”" in footer_text(target / "overview.pdf")
    assert not (tmp_path / "T.previous").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".T.")] == []


def test_every_document_names_its_plan_and_when_it_was_made(base_db, tmp_path):
    with Workspace.open(base_db) as ws:
        documents.write_documents(ws, tmp_path / "T", workers=1)
    for pdf in [tmp_path / "T" / "overview.pdf", next((tmp_path / "T" / "practices").iterdir()),
                next((tmp_path / "T" / "students").iterdir())]:
        text = footer_text(pdf)
        assert "Plan “Plan 1” (solved " in text and " · made " in text


def test_a_full_disk_leaves_the_earlier_documents_whole_and_names_the_folder(run, monkeypatch, base_db, tmp_path):
    target = tmp_path / "T"
    assert run("timetables", target, "--db", base_db, "--workers", "1")[0] == 0
    before = digest(target)
    written = []
    original = batch.student_schedule

    def fill_up(index, student_id, settings, target=None):
        if len(written) == 9:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        written.append(student_id)
        return original(index, student_id, settings, target=target)

    monkeypatch.setattr(batch, "student_schedule", fill_up)
    make_smaller_plan(base_db)
    code, out, err = run("timetables", target, "--db", base_db, "--workers", "1")
    assert code == 1
    assert f"the disk is full while writing the documents to {target}" in err
    assert f"Nothing was changed in {target}, which still holds the earlier documents" in err
    assert digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".T", "T."))) == []


def test_a_folder_of_other_files_is_never_replaced(run, base_db, tmp_path):
    target = tmp_path / "Letters"
    target.mkdir()
    (target / "my notes.docx").write_bytes(b"mine")
    code, _, err = run("timetables", target, "--db", base_db)
    assert code == 1 and "holds files this app did not write there (such as my notes.docx)" in err
    assert files(target) == {"my notes.docx"}


def test_a_cancelled_run_keeps_the_earlier_folder(base_db, tmp_path):
    target = tmp_path / "T"
    with Workspace.open(base_db) as ws:
        documents.write_documents(ws, target, workers=1)
        before = digest(target)
        task = TaskState()
        task.cancel()
        summary = documents.write_documents(ws, target, task=task, workers=1)
    assert summary.cancelled
    assert digest(target) == before


def test_a_swap_stopped_halfway_is_put_back(base_db, tmp_path):
    """A kill between the two renames of the swap leaves T.previous; the next run puts it back first."""
    target = tmp_path / "T"
    with Workspace.open(base_db) as ws:
        documents.write_documents(ws, target, workers=1)
        target.rename(tmp_path / "T.previous")
        (tmp_path / ".T.partial-999999999").mkdir()  # left by a killed process
        from scheduler.exchange.atomic import recover_folder

        recover_folder(target)
    assert target.is_dir() and not (tmp_path / "T.previous").exists()
    assert not (tmp_path / ".T.partial-999999999").exists()


@pytest.mark.wine_limitation(reason=POOL_PIPES)
@pytest.mark.parametrize("workers", [2])
def test_a_pool_run_writes_the_same_set(base_db, tmp_path, workers):
    with Workspace.open(base_db) as ws:
        documents.write_documents(ws, tmp_path / "one", workers=1)
        documents.write_documents(ws, tmp_path / "two", workers=workers)
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_files_added_to_an_earlier_output_are_never_deleted(run, base_db, tmp_path):
    target = tmp_path / "T"
    assert run("timetables", target, "--db", base_db, "--workers", "1")[0] == 0
    (target / "practices" / "note to self.txt").write_text("call the practice")
    before = digest(target)
    code, _, err = run("timetables", target, "--db", base_db, "--workers", "1")
    assert code == 1 and "such as practices/note to self.txt" in err
    assert digest(target) == before
