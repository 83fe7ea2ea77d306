"""Checking a table one column at a time: the helpers every table's rules are written with.

``Columns`` holds the problems found so far and turns a column of raw cells
into parsed values in one tight loop, recording a located problem (table, row
as Excel shows it, column) for every bad cell. The travel table of a whole
school has about a million rows, so the usual case (every cell fine) is
checked in bulk.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Callable

import numpy as np

from scheduler.exchange import cells
from scheduler.exchange.cells import CellError, text
from scheduler.exchange.results import Problem, RawTable
from scheduler.exchange.schema import TableSpec

BIG = 1e300


class Table:
    """A raw table's cells by contract column, with the row numbers the user sees."""

    def __init__(self, raw: RawTable | None, spec: TableSpec, problems: "Problems") -> None:
        self.spec = spec
        self.name = spec.name
        self.rows: list[list[object]] = raw.rows if raw else []
        self.numbers: list[int] = raw.row_numbers if raw else []
        self.n = len(self.rows)
        self.index: dict[str, int] = {}
        self.present = raw is not None
        self.usable = True
        if raw is None:
            if spec.required:
                problems.add(self.name, None, None,
                             f"the table is missing; add a sheet (or a file {self.name}.csv) named {self.name} "
                             f"with the columns {', '.join(spec.headers)}")
                self.usable = False
            return
        width = len(raw.headers)
        if set(map(len, self.rows)) - {width}:  # a table built by hand rather than by the readers
            self.rows = [[*r[:width], *([""] * (width - len(r)))] for r in self.rows]
        known = set(spec.headers)
        unknown: list[str] = []
        for i, header in enumerate(raw.headers):
            key = header.strip().lower()
            if not key:
                continue
            if key in self.index:
                problems.add(self.name, raw.header_row, header,
                             f"the column {key} appears twice; keep only one")
                self.usable = False
            elif key in known:
                self.index[key] = i
            else:
                unknown.append(header.strip())
        if unknown:
            problems.add(self.name, raw.header_row, None,
                         f"unknown column(s) {', '.join(unknown)} ignored; the columns of {self.name} are "
                         f"{', '.join(spec.headers)}", "warning")
        lookalike = {re.sub(r"[\s\-.]+", "_", h.lower()).strip("_"): h for h in unknown}
        for column in spec.required_columns:
            if column not in self.index:
                near = lookalike.get(column)
                hint = f" (rename the column {near} to {column})" if near else ""
                problems.add(self.name, raw.header_row, column,
                             f"the required column {column} is missing; add it to the header row{hint}")
                self.usable = False

    def has(self, column: str) -> bool:
        return column in self.index

    def raw(self, column: str) -> list[object] | None:
        i = self.index.get(column)
        return None if i is None else list(map(itemgetter(i), self.rows))


class Problems:
    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, table: str, row: int | None, column: str | None, message: str, severity: str = "error") -> None:
        problem = Problem(table, row, column, message, "warning" if severity == "warning" else "error")
        (self.warnings if problem.severity == "warning" else self.errors).append(problem)


class Columns:
    """Column helpers over the tables of one check; ``p`` collects every problem."""

    def __init__(self) -> None:
        self.p = Problems()

    def err(self, t: Table, i: int, column: str | None, message: str, severity: str = "error") -> None:
        self.p.add(t.name, t.numbers[i], column, message, severity)

    def texts(self, t: Table, column: str, required: bool = False, what: str = "") -> list[str]:
        values = t.raw(column)
        if values is None:
            return [""] * t.n
        try:
            out = list(map(str.strip, values))  # type: ignore[arg-type]  # all text, as from CSV
        except TypeError:
            out = [v.strip() if type(v) is str else text(v) for v in values]
        if required and "" in out:
            for i in [i for i, s in enumerate(out) if not s]:
                self.err(t, i, column, f"{column} is empty; every {what or 'row'} needs one")
        return out

    def parse(self, t: Table, column: str, parser: Callable[[object], object], default: object = None,
              required: bool = False, what: str = "") -> list:
        """Parsed values per row: ``default`` for an empty cell, ``None`` where the cell is bad."""
        values = t.raw(column)
        if values is None:
            return [default] * t.n
        out: list = []
        append = out.append
        for i, v in enumerate(values):
            if v is None or v == "" or (type(v) is str and not v.strip()):
                if required:
                    self.err(t, i, column, f"{column} is empty; every {what or 'row'} needs one")
                    append(None)
                else:
                    append(default)
                continue
            try:
                append(parser(v))
            except CellError as exc:
                self.err(t, i, column, str(exc))
                append(None)
        return out

    def numbers(self, t: Table, column: str, lo: float, hi: float, hint: str, required: bool = False,
                what: str = "") -> list[float | None]:
        """Numbers in ``lo..hi``; a tight loop, since the travel table has a row per student and practice."""
        values = t.raw(column)
        if values is None:
            return [None] * t.n
        try:  # the usual case, checked in bulk: every cell a number in range
            floats = list(map(float, values))  # type: ignore[arg-type]
            in_range = np.array(floats, dtype=float)
            if ((in_range >= lo) & (in_range <= hi)).all() and bool not in set(map(type, values)):
                return floats  # type: ignore[return-value]
        except (TypeError, ValueError):
            pass
        out: list[float | None] = [None] * t.n
        bad: list[int] = []
        for i, v in enumerate(values):
            try:
                f = float(v)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                bad.append(i)
                continue
            if lo <= f <= hi and type(v) is not bool:
                out[i] = f
            else:
                bad.append(i)
        for i in bad:
            v = values[i]
            if cells.is_empty(v):
                if required:
                    self.err(t, i, column, f"{column} is empty; every {what or 'row'} needs one")
                continue
            try:
                f = cells.number(v)
            except CellError as exc:
                self.err(t, i, column, f"{exc}; {hint}")
                continue
            if lo <= f <= hi:
                out[i] = f
            elif hi >= BIG:
                self.err(t, i, column, f"{column} {cells.shown(v)} is below {lo:g}; {hint}")
            else:
                self.err(t, i, column, f"{column} {cells.shown(v)} is outside {lo:g} to {hi:g}; {hint}")
        return out

    def unique(self, t: Table, column: str, ids: list[str], what: str) -> dict[str, int]:
        first: dict[str, int] = {}
        for i, key in enumerate(ids):
            if not key:
                continue
            seen = first.setdefault(key, i)
            if seen != i:
                self.err(t, i, column, f"{key} appears twice (also row {t.numbers[seen]}); each {what} must be listed once")
        return first

    def refs(self, t: Table, column: str, ids: list[str], known: dict[str, int] | None, target: str,
             target_column: str) -> list[bool]:
        """True per row where the reference is known (or cannot be checked)."""
        if known is None or all(map(known.__contains__, ids)):
            return [True] * t.n
        ok = [(s in known) for s in ids]
        folded: dict[str, str] | None = None
        for i in [i for i, good in enumerate(ok) if not good]:
            if ids[i]:
                if folded is None:
                    folded = {k.casefold(): k for k in known}
                near = folded.get(ids[i].casefold())
                hint = f" (did you mean {near}?)" if near else ""
                self.err(t, i, column,
                         f"{cells.shown(ids[i])} is not a {target_column} in {target}{hint}; "
                         f"add it to {target} or correct the {column}")
        return ok

    def duplicates(self, t: Table, keys: list[tuple], columns: str, what: str, severity: str = "error") -> set[int]:
        """Row indexes that repeat an earlier row's key (keys with an empty part are skipped)."""
        if len(set(keys)) == len(keys):
            return set()
        first: dict[tuple, int] = {}
        repeats: set[int] = set()
        for i, key in enumerate(keys):
            if not all(key):
                continue
            seen = first.setdefault(key, i)
            if seen != i:
                repeats.add(i)
                self.err(t, i, None, f"{what} is listed twice (also row {t.numbers[seen]}); "
                         f"keep one row per {columns}", severity)
        return repeats

    def coordinates(self, t: Table, required: bool = False) -> tuple[list[float | None], list[float | None]]:
        lat = self.numbers(t, "latitude", -90.0, 90.0, "latitude is degrees north, from -90 to 90 (Manchester is about 53.5)",
                           required=required)
        lon = self.numbers(t, "longitude", -180.0, 180.0, "longitude is degrees east, from -180 to 180 (Manchester is about -2.2)",
                           required=required)
        for i in range(t.n):
            has_lat, has_lon = self.given(t, "latitude", i), self.given(t, "longitude", i)
            if has_lat != has_lon and not required:
                given, missing = ("latitude", "longitude") if has_lat else ("longitude", "latitude")
                self.err(t, i, missing, f"{given} is given but {missing} is empty; give both or neither")
                lat[i] = lon[i] = None
            elif lat[i] is not None and lon[i] is not None and -10 < lat[i] < 5 and 49 < lon[i] < 61:
                self.err(t, i, "latitude", f"latitude {lat[i]:g} and longitude {lon[i]:g} look swapped; "
                         "latitude is the one near 53 in Manchester", "warning")
        return lat, lon

    def given(self, t: Table, column: str, i: int) -> bool:
        j = t.index.get(column)
        return j is not None and not cells.is_empty(t.rows[i][j])

