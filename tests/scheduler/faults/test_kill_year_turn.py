"""SIGKILL of ``close-year`` and ``import --new-year`` part-way, the way a power cut or Task Manager stops them:
the database reads back exactly as before the command or exactly as after it (killed before chosen statements
and its commit, and at random moments; ``test_kill_purge_and_restore.kill_everywhere``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_kill_purge_and_restore import Runs, content, kill_everywhere
from year_helpers import next_year_students, write_students_csv

from scheduler.services import Workspace, data, years


def year_content(db: Path) -> dict[str, list[tuple]]:
    """``content``, without the moments a year was closed, its next year started and the data set replaced
    (they differ per run)."""
    tables = content(db)
    tables["archived_years"] = [(row[0], *row[2:5]) for row in tables["archived_years"]]
    tables["data_version"] = [row[:2] for row in tables["data_version"]]
    return tables


@pytest.mark.slow
def test_a_killed_close_year_leaves_the_database_before_or_after(tmp_path, base_db):
    outcomes, _ = kill_everywhere(Runs(tmp_path, base_db, ["close-year", "--plan", "Plan 1", "--yes"]), seed=7,
                                  content=year_content)
    assert "before" in outcomes


@pytest.mark.slow
def test_a_killed_new_year_import_leaves_the_database_before_or_after(tmp_path, base_db):
    with Workspace.open(base_db) as ws:
        years.close_year(ws, "Plan 1", confirmed=True)
        students = next_year_students(data.load_dataset(ws)).students
    source = write_students_csv(students, tmp_path / "students.csv")
    outcomes, _ = kill_everywhere(Runs(tmp_path, base_db, ["import", "--new-year", str(source)]), seed=11,
                                  content=year_content)
    assert "before" in outcomes
