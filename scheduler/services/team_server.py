"""Connecting to the team's PostgreSQL server: the connection's parts, its password in the OS keyring, a check.

The server is verified over TLS the way libpq does it: ``sslmode=verify-full``
checks that the server's certificate was signed by the CA in ``ca_file``
(libpq's ``sslrootcert``: the university's CA, a PEM file) and names the host
connected to. Both go in the URL's query, so a ``--db`` URL on the command
line carries them the same way (``?sslmode=verify-full&sslrootcert=FILE``).

The password is kept only in the operating system's credential store
(Windows Credential Manager, macOS Keychain, the Secret Service on Linux)
through ``keyring``, never in a file, a setting or a log; where there is no
credential store it is simply asked for each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from scheduler.store import Database

KEYRING_SERVICE = "GP Placements team database"
SSL_MODES = ("verify-full", "verify-ca", "require", "prefer", "disable")
VERIFYING_MODES = ("verify-full", "verify-ca")


@dataclass(frozen=True)
class ServerConnection:
    host: str
    database: str
    user: str
    port: int = 5432
    sslmode: str = "verify-full"
    ca_file: str = ""
    """The CA certificate (PEM) the server's certificate must be signed by; empty for libpq's default file."""

    def problems(self) -> list[str]:
        missing = [label for label, value in (("server", self.host), ("database", self.database),
                                              ("user name", self.user)) if not value.strip()]
        problems = [f"give the {label}" for label in missing]
        if not 0 < self.port < 65536:
            problems.append(f"the port must be from 1 to 65535, not {self.port}")
        if self.sslmode not in SSL_MODES:
            problems.append(f"TLS mode must be one of {', '.join(SSL_MODES)}")
        if self.ca_file and not Path(self.ca_file).is_file():
            problems.append(f"the CA file {self.ca_file} does not exist; choose the CA certificate your IT "
                            "department gave you")
        return problems

    def url(self, password: str | None) -> str:
        """The SQLAlchemy URL (with the password, for opening only: show ``describe()`` instead)."""
        tls = {"sslmode": self.sslmode} | ({"sslrootcert": str(Path(self.ca_file).resolve())} if self.ca_file else {})
        if self.host.startswith("/"):  # a Unix socket folder goes in the query, where libpq expects it
            place: dict = {"query": {"host": self.host, "port": str(self.port), **tls}}
        else:
            place = {"host": self.host, "port": self.port, "query": tls}
        return URL.create("postgresql+psycopg", username=self.user, password=password or None,
                          database=self.database, **place).render_as_string(hide_password=False)

    def describe(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def saved_password(connection: ServerConnection) -> str | None:
    """The password kept in the OS credential store, or None (none kept, or no credential store)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, connection.describe())
    except KeyringError:
        return None


def remember_password(connection: ServerConnection, password: str) -> bool:
    """Keeps the password in the OS credential store; False when this computer has none (nothing is written)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, connection.describe(), password)
    except KeyringError:
        return False
    return True


def check(url: str) -> str:
    """Opens the server database (creating the tables in an empty one); raises ``DatabaseUnavailable``."""
    with Database.open(url) as db:
        return db.url
