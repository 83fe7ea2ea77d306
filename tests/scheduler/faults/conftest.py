"""Fixtures of the fault-injection suite: the small demo data set, a database holding it with a solved plan,
and the command line run in this process with its output captured."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scheduler.cli import main as cli
from scheduler.services import Workspace, data, plans
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
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
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
