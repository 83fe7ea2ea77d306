"""A throwaway PostgreSQL server with TLS for packaging/wine/smoke.sh: the Windows program's team database.

    python packaging/wine/tls_server.py SERVER.json

Starts the tests' server (tests/throwaway_postgres.py: 127.0.0.1 only, ssl=on with a throwaway CA, scram
password) with an empty database ``gp_wine``, writes SERVER.json (port, user, database, the throwaway
password, the right and a wrong CA file) and runs until SIGTERM or SIGINT, then stops the server and
removes its folder. Exit 3 when no server can be started here (the reason is printed).
Needs the project's test dependencies (cryptography, SQLAlchemy, psycopg): the checkout's .venv.
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from database_helpers import TLS_PASSWORD  # noqa: E402
from throwaway_postgres import ServerUnavailable, start  # noqa: E402

DATABASE = "gp_wine"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="gp-pg-wine-"))
    try:
        server = start(folder)
    except ServerUnavailable as exc:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"no PostgreSQL server: {exc}", file=sys.stderr)
        return 3
    try:
        server.execute(f"CREATE DATABASE {DATABASE}")
        description = {"port": server.port, "user": "gp", "database": DATABASE, "password": TLS_PASSWORD,
                       "ca": str(server.tls["ca"]), "other_ca": str(server.tls["other_ca"])}
        partial = Path(argv[0] + ".partial")
        partial.write_text(json.dumps(description), encoding="utf-8")
        partial.replace(argv[0])
        signal.sigwait({signal.SIGTERM, signal.SIGINT})
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    raise SystemExit(main(sys.argv[1:]))
