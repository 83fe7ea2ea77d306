"""Fixtures for the window tests: offscreen Qt, QSettings in a temporary file, small demo databases.

Databases are built once per session through the services (import of the
small demo set, a plan) and copied for each test, so every test starts from
the same state and may change it freely.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.name == "nt":  # the offscreen platform reads fonts from a folder, by default PySide6's (which ships none)
    os.environ.setdefault("QT_QPA_FONTDIR", os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"))

from PySide6.QtCore import QSettings  # noqa: E402  (the platform must be chosen first)

from scheduler.services import Workspace  # noqa: E402
from scheduler.settings import Settings  # noqa: E402

SEED = 3


def _import_demo(db: Path, folder: Path) -> None:
    from scheduler.services import data

    data.write_demo(folder, seed=SEED, scale="small")
    with Workspace.open(db) as ws:
        result = data.import_data(ws, folder)
        assert result.ok, result.errors
        data.save_settings(ws, Settings(time_limit_seconds=5, workers=1))


def _make_plan(db: Path, name: str) -> None:
    from scheduler.services import plans

    with Workspace.open(db) as ws:
        plans.solve(ws, name, settings=Settings(time_limit_seconds=5, workers=1))
        plans.set_current_plan(ws, name)


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory) -> Path:
    from scheduler.services import data

    folder = tmp_path_factory.mktemp("demo-csv")
    data.write_demo(folder, seed=SEED, scale="small")
    return folder


@pytest.fixture(scope="session")
def _data_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("data-db")
    db = folder / "data.db"
    _import_demo(db, folder / "csv")
    return db


@pytest.fixture(scope="session")
def _planned_db(tmp_path_factory, _data_db) -> Path:
    folder = tmp_path_factory.mktemp("planned-db")
    db = folder / "planned.db"
    shutil.copy(_data_db, db)
    _make_plan(db, "Plan A")
    return db


@pytest.fixture
def empty_db(tmp_path) -> str:
    return str(tmp_path / "empty.db")


@pytest.fixture
def data_db(tmp_path, _data_db) -> str:
    db = tmp_path / "data.db"
    shutil.copy(_data_db, db)
    return str(db)


@pytest.fixture
def planned_db(tmp_path, _planned_db) -> str:
    db = tmp_path / "planned.db"
    shutil.copy(_planned_db, db)
    return str(db)


@pytest.fixture
def qsettings(tmp_path) -> QSettings:
    """Window settings in a file of the test's own, never the user's registry or config."""
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, qsettings):
    """Opens a main window on a database; jobs run synchronously unless asked otherwise."""
    from desktop.main_window import MainWindow

    def make(db: str, synchronous: bool = True, settings: QSettings | None = None) -> MainWindow:
        window = MainWindow(db, synchronous_jobs=synchronous, settings=settings or qsettings, demo_scale="small")
        qtbot.addWidget(window)
        if not synchronous:
            qtbot.waitUntil(lambda: window.state.loaded_once, timeout=15_000)
        return window

    return make


@pytest.fixture(autouse=True)
def no_unanswered_modal(qapp):
    """A modal dialog a test leaves unanswered fails the test instead of hanging the run."""
    from modals import ModalWatchdog

    watchdog = ModalWatchdog()
    yield watchdog
    watchdog.stop()
    assert not watchdog.stuck, f"modal dialog left open with nothing to answer it: {watchdog.stuck}"


def pytest_collection_modifyitems(items):
    """The offscreen platform warns that it cannot pass size hints to a window manager; that is harmless."""
    for item in items:
        if "tests/desktop" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))
