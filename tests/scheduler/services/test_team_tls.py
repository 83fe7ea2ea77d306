"""The team database over verified TLS: ``verify-full`` with the right CA connects; a server whose certificate
does not match (signed by another CA, or naming another host) is refused with a message that names no password.

The server is the session's throwaway PostgreSQL (``tests/conftest.py``) on 127.0.0.1 with TLS on and a password.
"""

from __future__ import annotations

import pytest
from database_helpers import TLS_PASSWORD

from scheduler.cli.main import main
from scheduler.services import team_server
from scheduler.services.team_server import ServerConnection
from scheduler.store.errors import DatabaseUnavailable


def _connection(server, host: str = "localhost", ca: str = "ca", sslmode: str = "verify-full") -> ServerConnection:
    return ServerConnection(host, "gp_template", "gp", server.port, sslmode, str(server.tls[ca]))


def test_verify_full_with_the_right_ca_connects(postgres_server):
    connection = _connection(postgres_server)
    assert connection.problems() == []
    url = connection.url(TLS_PASSWORD)
    assert "sslmode=verify-full" in url and "sslrootcert=" in url
    shown = team_server.check(url)
    assert TLS_PASSWORD not in shown and "localhost" in shown


@pytest.mark.parametrize(("host", "ca", "reason"), [
    ("localhost", "other_ca", "certificate verify failed"),
    ("127.0.0.1", "ca", 'does not match host name "127.0.0.1"'),
])
def test_a_certificate_that_does_not_match_is_refused(postgres_server, host, ca, reason):
    url = _connection(postgres_server, host, ca).url(TLS_PASSWORD)
    with pytest.raises(DatabaseUnavailable) as refused:
        team_server.check(url)
    message = str(refused.value)
    assert "was not trusted" in message and reason in message
    assert TLS_PASSWORD not in message


def test_without_verification_the_same_server_is_reached(postgres_server):
    """The refusals above come from the certificate checks alone: ``require`` does not check, and connects."""
    connection = ServerConnection("127.0.0.1", "gp_template", "gp", postgres_server.port, "require")
    team_server.check(connection.url(TLS_PASSWORD))


def test_a_missing_ca_file_is_named_before_connecting(tmp_path):
    missing = tmp_path / "university-ca.pem"
    problems = ServerConnection("db.example.ac.uk", "placements", "gp", ca_file=str(missing)).problems()
    assert problems == [f"the CA file {missing} does not exist; choose the CA certificate your IT department "
                        "gave you"]


def test_the_command_line_verifies_with_the_ca_in_the_url(postgres_server, capsys, monkeypatch):
    """``--db 'postgresql+psycopg://user@host/db?sslmode=verify-full&sslrootcert=FILE'`` (libpq's own names);
    the password comes from libpq's PGPASSWORD, never the command line."""
    monkeypatch.setenv("PGPASSWORD", TLS_PASSWORD)
    base = f"postgresql+psycopg://gp@{{host}}:{postgres_server.port}/gp_template?sslmode=verify-full&sslrootcert="
    assert main(["--db", base.format(host="localhost") + str(postgres_server.tls["ca"]), "audit"]) == 0
    capsys.readouterr()
    assert main(["--db", base.format(host="localhost") + str(postgres_server.tls["other_ca"]), "audit"]) == 2
    err = capsys.readouterr().err
    assert "was not trusted" in err and "certificate verify failed" in err and TLS_PASSWORD not in err
