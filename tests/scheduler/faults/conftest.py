"""Fixtures of the fault-injection suite: the small demo data set, a database holding it with a solved plan,
and the command line run in this process with its output captured."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from user_data import use_user_data_folder

from scheduler.cli import main as cli
from scheduler.offers import layout as offer_layout
from scheduler.preference_round.workbook import HEADER_ROW, SHEET
from scheduler.services import Workspace, data, plans
from scheduler.services.offers import offers_out
from scheduler.services.preferences import preferences_out
from scheduler.settings import Settings

FAST = Settings(time_limit_seconds=10, workers=1, seed=1)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "D"
    data.write_demo(folder, seed=1, scale="small")
    return folder


@pytest.fixture(scope="session")
def solved_db(tmp_path_factory, demo_dir) -> Path:
    """A database with the demo data set and one solved plan, "Plan 1"; tests work on copies."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    with Workspace.open(path) as ws:
        data.import_data(ws, demo_dir)
        plans.solve(ws, "Plan 1", settings=FAST)
    return path


@pytest.fixture
def base_db(solved_db, tmp_path) -> Path:
    copy = tmp_path / "base.db"
    shutil.copyfile(solved_db, copy)
    return copy


@pytest.fixture
def data_copy(demo_dir, tmp_path) -> Path:
    copy = tmp_path / "D"
    shutil.copytree(demo_dir, copy)
    return copy


@pytest.fixture(autouse=True)
def user_data_folder(tmp_path, monkeypatch) -> Path:
    """The per-user data folder (where unsaved plans are kept), inside the test's own folder."""
    folder = tmp_path / "user-data"
    use_user_data_folder(monkeypatch, folder)
    return folder


class Cli:
    def __init__(self, capsys) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        try:
            code = cli.main([str(a) for a in args])
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def run(capsys) -> Cli:
    return Cli(capsys)


@pytest.fixture
def returned_offers(base_db, tmp_path):
    """Every active practice's offers workbook, one of them returned with 0 places in every block."""
    folder = tmp_path / "offers"
    with Workspace.open(base_db) as ws:
        offers_out(ws, folder)
    workbook = sorted(folder.glob("*.xlsx"))[0]
    book = load_workbook(workbook)
    sheet = book[offer_layout.SHEET]
    for row in range(offer_layout.FIRST_BLOCK_ROW, sheet.max_row + 1):
        if sheet[f"A{row}"].value:
            sheet[f"F{row}"] = 0
    book.save(workbook)
    return workbook


@pytest.fixture
def returned_preferences(base_db, tmp_path):
    """One cohort's preferences workbook with a first choice filled in."""
    folder = tmp_path / "preferences"
    with Workspace.open(base_db) as ws:
        preferences_out(ws, folder)
    workbook = sorted(folder.glob("*.xlsx"))[0]
    book = load_workbook(workbook)
    sheet = book[SHEET]
    sheet[f"G{HEADER_ROW + 1}"] = 1
    book.save(workbook)
    return workbook
