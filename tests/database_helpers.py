"""Back-end neutral helpers for the database tests (imported as ``database_helpers``; ``tests/`` is on the path)."""

from __future__ import annotations


def dump_tables(engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: compares a database's content on any back end."""
    from sqlalchemy import MetaData, select

    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        return {name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for name, table in sorted(metadata.tables.items())}
