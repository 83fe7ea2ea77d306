"""The two database back ends every store, service and end-to-end test runs on: SQLite and PostgreSQL.

``db_url`` is parametrised over both: a fresh SQLite file, or a fresh
database on one throwaway PostgreSQL server started for the whole run (on a
private Unix socket, as the user ``nobody`` when the tests run as root). The
same server also listens on 127.0.0.1 with TLS on, its certificate signed by
a throwaway CA (``tls``), and there asks for the password ``database_helpers.TLS_PASSWORD``:
the TLS tests connect to it as an office PC would. Each
PostgreSQL test gets its own database copied from a migrated template, so
tests stay independent and fast. Without PostgreSQL installed the PostgreSQL
half is skipped, except in CI (``GP_REQUIRE_POSTGRES``), where it must run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from user_data import use_user_data_folder
from wine_limits import under_wine

BACKENDS = ("sqlite", "postgresql")


def _unavailable(reason: str) -> None:
    """Skips on a developer's machine without PostgreSQL; CI sets GP_REQUIRE_POSTGRES so the tests must run."""
    if os.environ.get("GP_REQUIRE_POSTGRES"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server():
    from throwaway_postgres import TEMPLATE, ServerUnavailable, start

    folder = Path(tempfile.mkdtemp(prefix="gp-pg-"))  # pytest's tmp folders are private to root
    try:
        server = start(folder)
    except ServerUnavailable as exc:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(str(exc))
    try:
        from scheduler.store import Database

        server.execute(f"CREATE DATABASE {TEMPLATE}")
        Database.open(server.url(TEMPLATE)).close()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, tmp_path, request) -> str:
    """A new, empty (migrated) database on the back end under test: a path for SQLite, a URL for PostgreSQL."""
    if backend == "sqlite":
        yield str(tmp_path / "placements.db")
        return
    server = request.getfixturevalue("postgres_server")
    url = server.fresh()
    yield url
    server.drop(url)


@pytest.fixture(autouse=True)
def private_user_data_folder(tmp_path_factory, monkeypatch):
    """Automatic backups and the default database go to a throwaway folder, never the real user data folder."""
    use_user_data_folder(monkeypatch, tmp_path_factory.mktemp("user-data"))


@pytest.fixture(autouse=True)
def one_document_process_under_wine(monkeypatch):
    """Under Wine documents are written in one process, as the frozen program always does (``POOL_PIPES``);
    tests that ask for a pool of workers are marked ``wine_limitation``."""
    if under_wine():
        monkeypatch.setattr("scheduler.reports.batch.default_workers", lambda: 1)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``wine_limitation(reason)`` fail only because of Wine: skipped there, run everywhere else."""
    if not under_wine():
        return
    for item in items:
        marker = item.get_closest_marker("wine_limitation")
        if marker is not None:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "a Wine limitation")
            item.add_marker(pytest.mark.skip(reason=f"Wine only: {reason}"))
