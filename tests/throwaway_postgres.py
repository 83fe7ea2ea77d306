"""A throwaway PostgreSQL server for the tests and the frozen bundle's team-database smoke test.

``start(folder)`` runs ``initdb`` and ``pg_ctl`` (as ``nobody`` when run as
root: PostgreSQL refuses root) with the data, a private Unix socket and a
throwaway CA (``database_helpers.write_tls_files``) in ``folder``. The server
trusts the socket and, on 127.0.0.1, asks for ``TLS_PASSWORD`` over TLS
(scram-sha-256, ``ssl=on``): what an office PC sees of the team server.
Imported as ``throwaway_postgres`` (``tests/`` is on the path, or put there).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import quote

from database_helpers import TLS_PASSWORD, write_tls_files

TEMPLATE = "gp_template"


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0  # Windows has no user ids


class ServerUnavailable(Exception):
    """No server binaries here, or the server did not start: the reason says which."""


def as_server_user(*command: str) -> list[str]:
    if _as_root():
        return ["runuser", "-u", "nobody", "--", *command]
    return list(command)


def server_binaries() -> tuple[str | None, str | None]:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    # Debian keeps the server binaries off the PATH; a Windows Python under Wine sees that folder too (Z:\),
    # and Wine would start those Linux programs, which then cannot be driven from Windows
    if initdb is None and os.name == "posix":
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
        if found:
            initdb, pg_ctl = str(found[-1]), str(found[-1].with_name("pg_ctl"))
    return initdb, pg_ctl


def free_port() -> int:
    """A TCP port nothing listens on now (other test runs on this machine start servers of their own)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """A running throwaway server: ``url(name)`` for a database on it, ``fresh()`` for a new migrated one."""

    def __init__(self, folder: Path, port: int, tls: dict[str, Path], pg_ctl: str) -> None:
        self.socket_dir, self.port, self.tls = folder, port, tls
        self._pg_ctl = pg_ctl
        self._names = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        """Over the private socket, as the server's own user (no password, no TLS): for setting up only."""
        return f"postgresql+psycopg://gp@/{database}?host={quote(str(self.socket_dir), safe='')}&port={self.port}"

    def tls_url(self, database: str, ca: str = "ca", host: str = "localhost") -> str:
        """Over TCP with ``verify-full`` and the CA ``ca`` ("ca" or "other_ca"), the password left to PGPASSWORD."""
        return (f"postgresql+psycopg://gp@{host}:{self.port}/{database}"
                f"?sslmode=verify-full&sslrootcert={quote(str(self.tls[ca]), safe='/')}")

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

    def stop(self) -> None:
        subprocess.run(as_server_user(self._pg_ctl, "-D", str(self.socket_dir / "data"), "-m", "immediate", "stop"),
                       capture_output=True, timeout=60)


def start(folder: Path) -> PostgresServer:
    """Starts a server with its data, socket and TLS files in ``folder`` (new, empty, not pytest's: those are
    private to root); raises ``ServerUnavailable``."""
    initdb, pg_ctl = server_binaries()
    if not initdb or not pg_ctl or (_as_root() and not shutil.which("runuser")):
        raise ServerUnavailable("PostgreSQL server binaries not installed")
    if _as_root():
        shutil.chown(folder, "nobody")
    tls = write_tls_files(folder)
    port = free_port()
    password_file = folder / "password"
    password_file.write_text(TLS_PASSWORD, encoding="utf-8")
    if _as_root():
        for path in (tls["key"], password_file):
            shutil.chown(path, "nobody")
    data = folder / "data"
    try:
        subprocess.run(as_server_user(initdb, "-D", str(data), "-U", "gp", "--auth-local=trust",
                                      "--auth-host=scram-sha-256", f"--pwfile={password_file}", "-E", "UTF8",
                                      "--no-sync"),
                       check=True, capture_output=True, timeout=60)
        subprocess.run(as_server_user(pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w", "start", "-o",
                                      f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                                      "-c synchronous_commit=off -c full_page_writes=off -c ssl=on "
                                      f"-c ssl_cert_file={tls['cert']} -c ssl_key_file={tls['key']}"),
                       check=True, capture_output=True, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        raise ServerUnavailable(f"could not start a PostgreSQL server: {exc}") from exc
    return PostgresServer(folder, port, tls, pg_ctl)
