"""Column mappings: which column of another system's export (a SITS students list) is which contract column.

A mapping is, per contract table, source column -> contract column. ``parse``
checks one written as rows (table, source_column, contract_column: the mapping
file an officer edits, or the rows the import wizard saves); ``apply`` renames
the mapped headers of tables as read, so that the contract's columns are still
matched in one place (``columns.Table``), and columns neither mapped nor in
the contract are still named there and ignored. Source names are matched as
the readers match headers: trimmed, in any capitals.
"""

from __future__ import annotations

from scheduler.exchange.results import Problem, RawTable
from scheduler.exchange.schema import TABLES

ColumnMapping = dict[str, dict[str, str]]
"""table -> {source column (as written) -> contract column}"""

FILE_HEADERS = ("table", "source_column", "contract_column")
"""The columns of a mapping file (CSV), one row per mapped column."""


def _key(name: str) -> str:
    return name.strip().casefold()


def parse(rows: list[list[str]], first_row: int = 2, where: str = "mapping") -> tuple[ColumnMapping, list[Problem]]:
    """The mapping written in ``rows`` (table, source column, contract column), and every fault in it, each
    named by the mapping's row and column; a mapping with faults is not to be used."""
    mapping: ColumnMapping = {}
    problems: list[Problem] = []
    seen_source: dict[tuple[str, str], int] = {}
    seen_target: dict[tuple[str, str], int] = {}

    def fault(number: int, column: str, message: str) -> None:
        problems.append(Problem(where, number, column, message))

    for number, row in enumerate(rows, start=first_row):
        table, source, target = (*(c.strip() for c in row[:3]), "", "", "")[:3]
        if not (table or source or target):
            continue
        table_key, target = table.lower(), target.lower()
        if table_key not in TABLES:
            fault(number, "table", f"{table or '(empty)'} is not a table of the data format; the tables are "
                                   f"{', '.join(TABLES)}")
            continue
        if not source:
            fault(number, "source_column", f"the source column of {table_key}.{target or '?'} is empty; name the "
                                           "column of the file")
            continue
        if target not in TABLES[table_key].headers:
            fault(number, "contract_column", f"{target or '(empty)'} is not a column of {table_key}; its columns "
                                             f"are {', '.join(TABLES[table_key].headers)}")
            continue
        before = seen_source.setdefault((table_key, _key(source)), number)
        if before != number:
            fault(number, "source_column", f"the column {source} of {table_key} is mapped twice (also row "
                                           f"{before}); map it to one contract column")
            continue
        before = seen_target.setdefault((table_key, target), number)
        if before != number:
            fault(number, "contract_column", f"two source columns are mapped to {table_key}.{target} (also row "
                                             f"{before}); keep one")
            continue
        mapping.setdefault(table_key, {})[source] = target
    return mapping, problems


def rows_of(mapping: ColumnMapping) -> list[list[str]]:
    """The mapping as rows of a mapping file (without its header), table by table."""
    return [[table, source, target] for table in sorted(mapping) for source, target in mapping[table].items()]


def apply(tables: dict[str, RawTable], mapping: ColumnMapping) -> list[Problem]:
    """Renames the mapped headers of ``tables`` in place; returns the errors that refuse the mapping for this
    file (a mapped column the table lacks, a contract column both mapped and present under its own name), in
    which case nothing is renamed."""
    problems: list[Problem] = []
    renamed: dict[str, list[str]] = {}
    for name, columns in mapping.items():
        table = tables.get(name)
        if table is None:
            continue  # the file has no such table: the usual "missing table" check speaks for it
        keys = [_key(h) for h in table.headers]
        headers = list(table.headers)
        for source, target in columns.items():
            if _key(source) not in keys:
                problems.append(Problem(name, table.header_row, source, (
                    f"the mapping names the column {source}, which the file's {name} table lacks; its columns are "
                    f"{', '.join(h for h in table.headers if h.strip())}. Correct the mapping or choose the right file")))
                continue
            if target in keys and _key(source) != target:
                problems.append(Problem(name, table.header_row, target, (
                    f"the contract column {target} is in the file and also mapped from {source}, so it would be "
                    "read twice; remove one from the mapping or the file")))
                continue
            headers[keys.index(_key(source))] = target
        renamed[name] = headers
    if not problems:
        for name, headers in renamed.items():
            tables[name].headers = headers
    return problems
