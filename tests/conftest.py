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

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

BACKENDS = ("sqlite", "postgresql")
TEMPLATE = "gp_template"


def _as_server_user(*command: str) -> list[str]:
    # PostgreSQL refuses to run as root; tests in CI containers often are root
    if os.geteuid() == 0:
        return ["runuser", "-u", "nobody", "--", *command]
    return list(command)


def _unavailable(reason: str) -> None:
    """Skips on a developer's machine without PostgreSQL; CI sets GP_REQUIRE_POSTGRES so the tests must run."""
    if os.environ.get("GP_REQUIRE_POSTGRES"):
        pytest.fail(reason)
    pytest.skip(reason)


def _server_binaries() -> tuple[str | None, str | None]:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb is None:  # Debian keeps the server binaries off the PATH
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
        if found:
            initdb, pg_ctl = str(found[-1]), str(found[-1].with_name("pg_ctl"))
    return initdb, pg_ctl


class PostgresServer:
    """A running throwaway server: ``url(name)`` for a database on it, ``fresh()`` for a new migrated one."""

    def __init__(self, socket_dir: Path, port: int, tls: dict[str, Path]) -> None:
        self.socket_dir, self.port, self.tls = socket_dir, port, tls
        self._names = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://gp@/{database}?host={quote(str(self.socket_dir), safe='')}&port={self.port}"

    def execute(self, sql: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()

    def fresh(self, migrated: bool = True) -> str:
        name = f"gp_test_{next(self._names)}"
        self.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {TEMPLATE}" if migrated else ""))
        return self.url(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.execute(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")


def _free_port() -> int:
    """A TCP port nothing listens on now (other test runs on this machine start servers of their own)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    initdb, pg_ctl = _server_binaries()
    if not initdb or not pg_ctl or (os.geteuid() == 0 and not shutil.which("runuser")):
        _unavailable("PostgreSQL server binaries not installed")
    folder = Path(tempfile.mkdtemp(prefix="gp-pg-"))  # pytest's tmp folders are private to root
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    data = folder / "data"
    from database_helpers import TLS_PASSWORD, write_tls_files

    tls = write_tls_files(folder)
    port = _free_port()
    password_file = folder / "password"
    password_file.write_text(TLS_PASSWORD, encoding="utf-8")
    if os.geteuid() == 0:
        for path in (tls["key"], password_file):
            shutil.chown(path, "nobody")
    try:
        subprocess.run(_as_server_user(initdb, "-D", str(data), "-U", "gp", "--auth-local=trust",
                                       "--auth-host=scram-sha-256", f"--pwfile={password_file}", "-E", "UTF8",
                                       "--no-sync"),
                       check=True, capture_output=True, timeout=60)
        subprocess.run(_as_server_user(pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w", "start", "-o",
                                       f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                                       "-c synchronous_commit=off -c full_page_writes=off -c ssl=on "
                                       f"-c ssl_cert_file={tls['cert']} -c ssl_key_file={tls['key']}"),
                       check=True, capture_output=True, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(f"could not start a PostgreSQL server: {exc}")
    server = PostgresServer(folder, port, tls)
    try:
        from scheduler.store import Database

        server.execute(f"CREATE DATABASE {TEMPLATE}")
        Database.open(server.url(TEMPLATE)).close()
        yield server
    finally:
        subprocess.run(_as_server_user(pg_ctl, "-D", str(data), "-m", "immediate", "stop"), capture_output=True,
                       timeout=60)
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
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("user-data")))
