"""The data commands end to end through ``main([...])``: demo, import, info, template, export-data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scheduler.cli import main as cli

FAULTY = {
    "practices.csv": "practice_code,name,latitude,longitude,years,capacity\n"
                     "M85001,Ardwick Surgery,53.47,-2.21,\"1,3\",2\n",
    "students.csv": "student_id,first_name,last_name,year,latitude,longitude,shoe_size\n"
                    "1001,Łucja,Nguyễn,1,53.46,-2.23,5\n"
                    "1001,Жанна,陈,3,53.45,-2.22,6\n"
                    "1003,Ann,Lee,7,153,-2.22,7\n",
    "blocks.csv": "block_id,year,start_date,end_date\n"
                  "Y1-B1,1,2026-09-07,31/02/2027\n",
    "capacity.csv": "practice_code,block_id,capacity\n"
                    "X99999,Y1-B1,3\n",
}


def run(*args: str) -> int:
    return cli.main(list(args))


@pytest.fixture
def demo(tmp_path) -> Path:
    assert run("demo", str(tmp_path / "demo"), "--seed", "2") == 0
    return tmp_path / "demo"


def info(db: Path, capsys) -> dict[str, int]:
    capsys.readouterr()
    assert run("info", "--db", str(db), "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_demo_import_info(demo, tmp_path, capsys):
    db = tmp_path / "x.db"
    assert (demo / "students.csv").exists()
    assert run("import", str(demo), "--db", str(db)) == 0
    counts = info(db, capsys)
    assert {"students", "practices", "blocks", "placements", "plans"} <= counts.keys()
    assert counts["students"] == 60 and counts["plans"] == 0 and counts["placements"] == 0
    assert run("info", "--db", str(db)) == 0
    assert "students" in capsys.readouterr().out


def test_db_given_before_the_command_is_used(demo, tmp_path, capsys):
    db = tmp_path / "early.db"
    assert run("--db", str(db), "import", str(demo)) == 0
    assert info(db, capsys)["students"] == 60


def test_import_refuses_existing_data_without_replace(demo, tmp_path, capsys):
    db = tmp_path / "x.db"
    run("import", str(demo), "--db", str(db))
    capsys.readouterr()
    assert run("import", str(demo), "--db", str(db)) == 1
    assert "--replace" in capsys.readouterr().err
    assert run("import", str(demo), "--db", str(db), "--replace") == 0


def test_faulty_data_lists_every_problem_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "faulty"
    folder.mkdir()
    for name, content in FAULTY.items():
        (folder / name).write_text(content, encoding="utf-8")
    db = tmp_path / "x.db"
    assert run("import", str(folder), "--db", str(db)) == 1
    err = capsys.readouterr().err
    for where in ("students, row 3, student_id:", "students, row 4, year:", "students, row 4, latitude:",
                  "blocks, row 2, end_date:", "capacity, row 2, practice_code:"):
        assert where in err
    assert "warning: students" in err and "shoe_size" in err
    assert "nothing was written" in err
    assert info(db, capsys)["students"] == 0


def test_xlsx_export_imports_to_the_same_counts(demo, tmp_path, capsys):
    run("import", str(demo), "--db", str(tmp_path / "a.db"))
    assert run("export-data", str(tmp_path / "book.xlsx"), "--db", str(tmp_path / "a.db")) == 0
    assert run("import", str(tmp_path / "book.xlsx"), "--db", str(tmp_path / "b.db")) == 0
    assert info(tmp_path / "a.db", capsys) == info(tmp_path / "b.db", capsys)


def test_template(tmp_path, capsys):
    assert run("template", str(tmp_path / "t.xlsx")) == 0
    assert (tmp_path / "t.xlsx").exists()
    assert run("template", str(tmp_path / "t.csv")) == 2
    assert ".xlsx" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ("import", "{tmp}/missing"),
    ("info", "--db", "nosuchdialect://x"),
    ("info", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"),
    ("info", "--db", "/proc/no/such/folder/x.db"),
])
def test_user_mistakes_give_one_line_and_no_traceback(tmp_path, capsys, args):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "--db" not in argv:
        argv += ["--db", str(tmp_path / "x.db")]
    assert run(*argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1


def test_export_of_an_empty_database_is_refused(tmp_path, capsys):
    assert run("export-data", str(tmp_path / "out"), "--db", str(tmp_path / "x.db")) == 1
    assert "no data set" in capsys.readouterr().err
