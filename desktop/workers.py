"""Work that runs in another process (a solve): plain functions without Qt, importable by the child process.

CP-SAT and numpy hold Python's global lock for long stretches while a model
of the full data set is built (measured: up to 0.4 s at a time), and so does
writing a million travel rows on import (up to 0.57 s); on a thread of the
window's process either would freeze the window. The job helper runs these
functions in a separate process instead, and they return small results.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def solve_plan(ws, name: str, settings, min_change: bool, replace: bool = False, locks_from: str | None = None,
               task=None):
    """Saves the weights as the new defaults, then solves and saves the plan (see ``plans.solve``)."""
    from scheduler.services import data, plans

    data.save_settings(ws, settings)
    return plans.solve(ws, name, settings=settings, task=task, min_change=min_change, replace=replace,
                       locks_from=locks_from)


@dataclass
class ImportCheck:
    """What the import wizard shows: the problems, the size of each table, and its first rows.

    A full data set holds about a million travel rows; the window previews the
    first ``PREVIEW_ROWS`` of each table and every row with a problem, so the
    check stays small enough to pass between processes and to show at once.
    """

    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    tables: dict = field(default_factory=dict)
    table_rows: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    readable: bool = True

    @property
    def ok(self) -> bool:
        return self.readable and not self.errors

    @property
    def problems(self) -> list:
        return [*self.errors, *self.warnings]


PREVIEW_ROWS = 300


def _summarise(result) -> ImportCheck:
    from scheduler.exchange.results import RawTable

    problem_rows: dict[str, set[int]] = {}
    for problem in result.problems:
        if problem.row is not None:
            problem_rows.setdefault(problem.table, set()).add(problem.row)
    tables, sizes = {}, {}
    for name, table in result.tables.items():
        wanted = problem_rows.get(name, set())
        keep = [i for i, number in enumerate(table.row_numbers) if i < PREVIEW_ROWS or number in wanted]
        tables[name] = RawTable(name, list(table.headers), [table.rows[i] for i in keep],
                                [table.row_numbers[i] for i in keep])
        sizes[name] = len(table.rows)
    data = result.dataset
    counts = {} if data is None else {"students": len(data.students), "practices": len(data.practices),
                                      "blocks": len(data.blocks)}
    return ImportCheck(list(result.errors), list(result.warnings), tables, sizes, counts, data is not None)


def check_for_preview(path: str) -> ImportCheck:
    """Reads and checks a folder or workbook; nothing is written."""
    from scheduler.services import data

    return _summarise(data.check_data(path))


def import_for_window(ws, path: str, replace: bool) -> ImportCheck:
    """Imports all or nothing (the services check again) and says what came in."""
    from scheduler.services import data

    return _summarise(data.import_data(ws, path, replace=replace))


def load_demo(ws, scale: str, seed: int = 1) -> ImportCheck:
    """Writes the demo tables to a temporary folder and imports them into an empty database."""
    import tempfile

    from scheduler.services import data

    with tempfile.TemporaryDirectory(prefix="gp-demo-") as folder:
        data.write_demo(folder, seed=seed, scale=scale)
        return _summarise(data.import_data(ws, folder, replace=False))
