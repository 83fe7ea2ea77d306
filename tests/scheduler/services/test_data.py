"""The data services: import is all or nothing, refuses to overwrite by accident, and round-trips."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from database_helpers import dump_tables
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.demo import make_demo
from scheduler.services import Workspace, data
from scheduler.settings import Settings as AppSettings

VALID = {
    "practices.csv": "practice_code,name,latitude,longitude,years,capacity\n"
                     "M85001,Ardwick Surgery,53.47,-2.21,\"1,3\",2\n"
                     "M85002,Levenshulme Health,53.44,-2.19,3,1\n",
    "students.csv": "student_id,first_name,last_name,year,latitude,longitude\n"
                    "1001,Łucja,Nguyễn,1,53.46,-2.23\n"
                    "1002,Жанна,陈,3,53.45,-2.22\n",
    "blocks.csv": "block_id,year,start_date,end_date\n"
                  "Y1-B1,1,2026-09-07,2026-10-02\n"
                  "Y3-B1,3,07/09/2026,02/10/2026\n",
}

# duplicate id, year 7, latitude 153, 31/02/2027 and a capacity row for an unknown practice
FAULTY = {
    "practices.csv": VALID["practices.csv"],
    "students.csv": "student_id,first_name,last_name,year,latitude,longitude\n"
                    "1001,Łucja,Nguyễn,1,53.46,-2.23\n"
                    "1001,Жанна,陈,3,53.45,-2.22\n"
                    "1003,Ann,Lee,7,153,-2.22\n",
    "blocks.csv": "block_id,year,start_date,end_date\n"
                  "Y1-B1,1,2026-09-07,31/02/2027\n",
    "capacity.csv": "practice_code,block_id,capacity\n"
                    "X99999,Y1-B1,3\n",
}


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8", newline="")  # the line ends as given, on Windows too
    return folder


def dump(ws: Workspace) -> dict[str, list[tuple]]:
    return dump_tables(ws.database.engine)


@pytest.fixture
def ws(db_url):
    workspace = Workspace.open(db_url)
    yield workspace
    workspace.close()


def test_import_writes_the_data_set(ws, tmp_path):
    result = data.import_data(ws, write_folder(tmp_path / "valid", VALID))
    assert result.ok, result.errors
    counts = data.counts(ws)
    assert (counts["students"], counts["practices"], counts["blocks"], counts["plans"]) == (2, 2, 2, 0)
    assert data.load_dataset(ws) == result.dataset


def test_a_faulty_data_set_is_refused_naming_every_fault_and_nothing_changes(ws, tmp_path):
    data.import_data(ws, write_folder(tmp_path / "valid", VALID))
    before = dump(ws)
    result = data.import_data(ws, write_folder(tmp_path / "faulty", FAULTY), replace=True)
    assert not result.ok
    shown = [str(p) for p in result.errors]
    for table, row, column in [("students", 3, "student_id"), ("students", 4, "year"), ("students", 4, "latitude"),
                               ("blocks", 2, "end_date"), ("capacity", 2, "practice_code")]:
        assert any(s.startswith(f"{table}, row {row}, {column}:") for s in shown), (table, row, column, shown)
    assert dump(ws) == before


def test_import_refuses_to_overwrite_without_replace(ws, tmp_path):
    folder = write_folder(tmp_path / "valid", VALID)
    data.import_data(ws, folder)
    before = dump(ws)
    with pytest.raises(data.DataAlreadyPresent):
        data.import_data(ws, folder)
    assert dump(ws) == before
    assert data.import_data(ws, folder, replace=True).ok


def test_check_data_writes_nothing(ws, tmp_path):
    result = data.check_data(write_folder(tmp_path / "valid", VALID))
    assert result.ok and "students" in result.tables
    assert not data.has_data(ws)


@pytest.mark.parametrize("target", ["csv", "book.xlsx"])
def test_export_and_import_again_gives_the_same_data(ws, tmp_path, target):
    demo = tmp_path / "demo"
    written = data.write_demo(demo, seed=3, scale="small")
    assert written == make_demo(seed=3, scale="small")
    assert data.import_data(ws, demo).ok
    exported = data.export_data(ws, tmp_path / "out" / target)
    with Workspace.open(tmp_path / "again.db") as again:
        assert data.import_data(again, exported).ok
        assert data.load_dataset(again) == data.load_dataset(ws)


def test_template_is_a_workbook(tmp_path):
    path = data.write_template(tmp_path / "sub" / "template.xlsx")
    assert path.stat().st_size > 0


def test_settings_round_trip(ws):
    assert data.load_settings(ws) == AppSettings()
    changed = AppSettings(default_max_travel_minutes=45.0).with_weights(fairness=9.0)
    data.save_settings(ws, changed)
    assert data.load_settings(ws) == changed


def test_workspace_knows_its_url(tmp_path):
    with Workspace.open(str(tmp_path / "w.db")) as ws:
        assert ws.url.startswith("sqlite:///") and ws.url.endswith("w.db")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@settings(max_examples=20, deadline=None)
@given(table=st.sampled_from(["practices.csv", "students.csv", "blocks.csv"]), row=st.integers(1, 2),
       column=st.integers(0, 5), value=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                                               max_size=12))
def test_a_random_bad_cell_never_crashes_and_never_half_writes(table, row, column, value):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = dict(VALID)
        rows = _rows(files[table])
        rows[row][column % len(rows[row])] = value
        out = io.StringIO()
        # CRLF ends the rows, as a spreadsheet writes them: a cell holding a lone CR is then quoted (with "\n"
        # only, the writer leaves it bare and it breaks the row in two, so the row number cannot be the cell's)
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        files[table] = out.getvalue()
        with Workspace.open(folder / "placements.db") as ws:
            assert data.import_data(ws, write_folder(folder / "valid", VALID)).ok
            before = dump(ws)
            result = data.import_data(ws, write_folder(folder / "changed", files), replace=True)
            if result.ok:
                assert data.load_dataset(ws) == result.dataset
            else:
                assert dump(ws) == before
                assert all(p.table and str(p).startswith(p.table) for p in result.errors)
                assert any(p.row == row + 1 for p in result.errors if p.table == table.removesuffix(".csv"))
