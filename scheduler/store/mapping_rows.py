"""Saved column mappings in the database, by name: written whole, replaced whole, read back as a mapping."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from scheduler.store.models import ColumnMappingRow


def save(s: Session, name: str, columns: dict[str, dict[str, str]], when: dt.datetime, user: str) -> None:
    """Keeps ``columns`` under ``name``, in place of any mapping saved under it before."""
    s.execute(delete(ColumnMappingRow).where(ColumnMappingRow.name == name))
    s.execute(insert(ColumnMappingRow).values(name=name, columns=columns, saved_at=when, saved_by=user))


def load(s: Session, name: str) -> dict[str, dict[str, str]] | None:
    row = s.get(ColumnMappingRow, name)
    return None if row is None else {table: dict(cols) for table, cols in row.columns.items()}


def names(s: Session) -> list[str]:
    return list(s.execute(select(ColumnMappingRow.name).order_by(ColumnMappingRow.name)).scalars())
