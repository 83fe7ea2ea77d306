"""Back-end neutral helpers for the database tests (imported as ``database_helpers``; ``tests/`` is on the path)."""

from __future__ import annotations

TLS_PASSWORD = "tls-test-password"
"""The throwaway server's password for ``gp`` over TCP: a test asserts it never shows in a message."""


def dump_tables(engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: compares a database's content on any back end."""
    from sqlalchemy import MetaData, select

    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        return {name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for name, table in sorted(metadata.tables.items())}


def write_tls_files(folder) -> dict[str, object]:
    """A throwaway CA, a server certificate it signs for ``localhost`` only, and a second (wrong) CA.

    Returns the paths: ``ca`` (the right CA), ``other_ca`` (a CA that signed nothing the server has),
    ``cert`` and ``key`` (the server's). Connecting to ``localhost`` with ``ca`` verifies; connecting to
    ``127.0.0.1`` fails the host name check, and ``other_ca`` fails the signature check.
    """
    import datetime as dt
    from pathlib import Path

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = Path(folder)
    now = dt.datetime.now(dt.timezone.utc)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    def certificate(subject: str, key, issuer: str, issuer_key, *, ca: bool) -> x509.Certificate:
        builder = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    def pem(path: Path, cert: x509.Certificate) -> Path:
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return path

    ca_key, other_key, server_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    files = {"ca": pem(folder / "ca.pem", certificate("GP test CA", ca_key, "GP test CA", ca_key, ca=True)),
             "other_ca": pem(folder / "other-ca.pem",
                             certificate("Another CA", other_key, "Another CA", other_key, ca=True)),
             "cert": pem(folder / "server.pem",
                         certificate("localhost", server_key, "GP test CA", ca_key, ca=False)),
             "key": folder / "server.key"}
    files["key"].write_bytes(server_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    files["key"].chmod(0o600)
    return files
