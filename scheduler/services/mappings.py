"""Column mappings an officer saves by name, for importing another system's export (a SITS students list).

A mapping is written as a CSV file (``exchange.mapping.FILE_HEADERS``: table,
source_column, contract_column) or chosen in the import wizard, checked
(``exchange.mapping.parse``), and kept in the database under a name, so that
next year's import uses it again from any computer that opens the database,
and it travels with backups and a move to the team server. ``resolve`` turns
what an import was given (a saved name, or a mapping file) into the mapping.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from scheduler.exchange.csv_quotes import read_csv_records
from scheduler.exchange.mapping import FILE_HEADERS, ColumnMapping, parse, rows_of
from scheduler.exchange.results import Problem
from scheduler.services import audit
from scheduler.services.workspace import Workspace
from scheduler.store import mapping_rows


class MappingRefused(Exception):
    """A mapping that cannot be used: not found, or faulty; ``problems`` name each fault by row and column."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def read_mapping_file(path: str | Path) -> ColumnMapping:
    """The mapping in a CSV mapping file; raises ``MappingRefused`` naming every fault."""
    path = Path(path)
    where = f"mapping {path.name}"
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise MappingRefused(f"the mapping file {path.name} cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise MappingRefused(f"the mapping file {path.name} is not UTF-8 text; save it as 'CSV UTF-8'") from None
    problems: list[Problem] = []
    records = read_csv_records(content, path.name, where, problems)
    if records is None:
        raise MappingRefused(f"the mapping file {path.name} cannot be read", problems)
    records = [r for r in records if any(c.strip() for c in r)]
    header = [c.strip().lower() for c in records[0]] if records else []
    if header[:3] != list(FILE_HEADERS):
        raise MappingRefused(f"the mapping file {path.name} must start with the header row "
                             f"{','.join(FILE_HEADERS)}")
    mapping, problems = parse(records[1:], first_row=2, where=where)
    if problems:
        raise MappingRefused(f"the mapping file {path.name} has {len(problems)} fault(s); nothing was used", problems)
    if not mapping:
        raise MappingRefused(f"the mapping file {path.name} maps no column")
    return mapping


def check_rows(rows: list[list[str]]) -> ColumnMapping:
    """The mapping chosen as rows (table, source column, contract column), e.g. in the import wizard; raises
    ``MappingRefused`` naming every fault."""
    mapping, problems = parse(rows, first_row=1, where="mapping")
    if problems:
        raise MappingRefused(f"the mapping has {len(problems)} fault(s); nothing was saved", problems)
    return mapping


def save_mapping(ws: Workspace, name: str, mapping: ColumnMapping) -> None:
    """Keeps the checked ``mapping`` under ``name`` (replacing one saved under it), with an audit event."""
    name = name.strip()
    if not name or len(name) > 100:
        raise MappingRefused("a mapping needs a name of 1 to 100 characters")
    with ws.session() as s:
        mapping_rows.save(s, name, mapping, dt.datetime.now().replace(microsecond=0), ws.user)
        audit.record(s, "save mapping", name, "", {t: len(c) for t, c in mapping.items()})


def load_mapping(ws: Workspace, name: str) -> ColumnMapping:
    """The mapping saved under ``name``; raises ``MappingRefused`` naming the saved ones."""
    with ws.session() as s:
        mapping = mapping_rows.load(s, name)
        saved = mapping_rows.names(s)
    if mapping is None:
        raise MappingRefused(f"no mapping is saved as {name!r} (saved: {', '.join(saved) or 'none'}); save one "
                             "with `mapping save NAME FILE`, or give a mapping file")
    return mapping


def mapping_names(ws: Workspace) -> list[str]:
    with ws.session() as s:
        return mapping_rows.names(s)


def resolve(ws: Workspace, name_or_file: str) -> ColumnMapping:
    """The mapping saved under ``name_or_file``, else the one in the mapping file of that path."""
    with ws.session() as s:
        saved = mapping_rows.load(s, name_or_file)
    if saved is not None:
        return saved
    if Path(name_or_file).is_file():
        return read_mapping_file(name_or_file)
    return load_mapping(ws, name_or_file)  # refuses, naming the saved ones


def mapping_csv(mapping: ColumnMapping) -> str:
    """The mapping as the text of a mapping file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FILE_HEADERS)
    writer.writerows(rows_of(mapping))
    return out.getvalue()
