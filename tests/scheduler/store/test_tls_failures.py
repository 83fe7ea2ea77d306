"""Which connection failures are called an untrusted certificate: only libpq's certificate checks.

A password refused for a user whose name holds "ssl", a CA file that is not
there, a server that offers no TLS, and a connection cut during the TLS
handshake each get their own message; none says the server was not trusted.
The refusals come from libpq itself: the throwaway PostgreSQL server
(``tests/conftest.py``), or a socket on 127.0.0.1 that answers libpq's TLS
request the way a server without TLS (or a broken proxy) does.
"""

from __future__ import annotations

import socket
import threading
from urllib.parse import quote

import pytest
from database_helpers import TLS_PASSWORD, write_tls_files

from scheduler.store import Database
from scheduler.store.errors import DatabaseUnavailable

NOT_TRUSTED = "was not trusted"


def _refusal(url: str) -> str:
    with pytest.raises(DatabaseUnavailable) as refused:
        Database.open(url)
    return str(refused.value)


def _verify_full(port: int, ca, host: str = "localhost", user: str = "gp", password: str = "") -> str:
    secret = f":{password}" if password else ""
    return (f"postgresql+psycopg://{user}{secret}@{host}:{port}/gp_template?connect_timeout=10"
            f"&sslmode=verify-full&sslrootcert={quote(str(ca), safe='/')}")


@pytest.fixture
def answering_tls_request(tmp_path):
    """A port on 127.0.0.1 that reads libpq's TLS request once and answers it with the given bytes, then closes."""
    listener = socket.create_server(("127.0.0.1", 0))
    threads = []

    def serve(answer: bytes) -> int:
        def once():
            connection, _ = listener.accept()
            with connection:
                connection.recv(8)  # SSLRequest: length and code
                connection.sendall(answer)

        thread = threading.Thread(target=once, daemon=True)
        thread.start()
        threads.append(thread)
        return listener.getsockname()[1]

    yield serve
    listener.close()
    for thread in threads:
        thread.join(timeout=10)


def test_the_certificate_checks_are_still_called_untrusted(postgres_server):
    other_ca = _refusal(_verify_full(postgres_server.port, postgres_server.tls["other_ca"], password=TLS_PASSWORD))
    wrong_host = _refusal(_verify_full(postgres_server.port, postgres_server.tls["ca"], "127.0.0.1",
                                       password=TLS_PASSWORD))
    assert NOT_TRUSTED in other_ca and "certificate verify failed" in other_ca
    assert NOT_TRUSTED in wrong_host and "does not match host name" in wrong_host
    assert TLS_PASSWORD not in other_ca + wrong_host


def test_a_refused_password_is_not_an_untrusted_certificate_even_for_a_user_named_ssl(postgres_server):
    wrong = "not-the-password"
    message = _refusal(_verify_full(postgres_server.port, postgres_server.tls["ca"], user="ssl_officer",
                                    password=wrong))
    assert NOT_TRUSTED not in message
    assert 'password authentication failed for user "ssl_officer"' in message
    assert wrong not in message


def test_a_missing_ca_file_is_named_as_the_ca_file(postgres_server, tmp_path):
    missing = tmp_path / "university-ca.pem"
    message = _refusal(_verify_full(postgres_server.port, missing, password=TLS_PASSWORD))
    assert NOT_TRUSTED not in message
    assert message.startswith("the CA file for ") and f'root certificate file "{missing}" does not exist' in message


def test_a_server_without_tls_is_said_to_offer_none(answering_tls_request, tmp_path):
    port = answering_tls_request(b"N")  # "no TLS here"
    message = _refusal(_verify_full(port, write_tls_files(tmp_path)["ca"], "127.0.0.1"))
    assert NOT_TRUSTED not in message
    assert "does not offer TLS" in message


@pytest.mark.wine_limitation(reason="libpq cannot open its sslrootcert under Wine 8 (it has no ntdll "
                             "NtFlushBuffersFileEx: Windows error 127), so the file reads as missing")
def test_a_connection_cut_during_the_handshake_is_not_an_untrusted_certificate(answering_tls_request, tmp_path):
    port = answering_tls_request(b"S")  # "TLS, go ahead", then the socket closes
    message = _refusal(_verify_full(port, write_tls_files(tmp_path)["ca"], "127.0.0.1"))
    assert NOT_TRUSTED not in message and "does not offer TLS" not in message
    assert "SSL error" in message  # libpq's own reason is shown
