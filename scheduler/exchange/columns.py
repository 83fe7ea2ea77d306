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

from scheduler.exchange import cells, text_rules
from scheduler.exchange.cells import CellError, text
from scheduler.exchange.results import Problem, RawTable
from scheduler.exchange.schema import TableSpec

BIG = 1e300
ID_COLUMNS = frozenset({"student_id", "practice_code", "block_id", "student_a", "student_b"})
"""Columns holding ids that other tables refer to: read the same way in every table."""
_DECIMAL_ID = re.compile(r"\d+\.0+")


_PLAIN_CHARACTERS = re.compile(r"[0-9.+\-]*")


def _plain_numbers(values: list[object]) -> bool:
    """True when every cell is an Excel number or text of ASCII digits, sign and point only (``float`` took each,
    so each is a plain decimal); one pass over the joined column."""
    kinds = set(map(type, values))
    if bool in kinds:
        return False
    if str not in kinds:
        return True
    texts = values if kinds == {str} else [v for v in values if type(v) is str]
    return _PLAIN_CHARACTERS.fullmatch("".join(texts)) is not None  # type: ignore[arg-type]


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


SHOWN_PER_COLUMN = 50
"""Problems kept one by one per table, column and severity; the rest are counted in one summary line."""


class Problems:
    """The problems found, at most ``SHOWN_PER_COLUMN`` per table and column, then a count.

    A million bad travel rows must give a readable answer (and not a million objects): the first
    problems show what is wrong, ``finish`` adds "and 999,950 more like this" for the rest.
    """

    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self._seen: dict[tuple[str, str | None, str], int] = {}

    def add(self, table: str, row: int | None, column: str | None, message: str, severity: str = "error") -> None:
        severity = "warning" if severity == "warning" else "error"
        key = (table, column, severity)
        seen = self._seen.get(key, 0)
        self._seen[key] = seen + 1
        if seen >= SHOWN_PER_COLUMN:
            return
        problem = Problem(table, row, column, message, severity)  # type: ignore[arg-type]
        (self.warnings if severity == "warning" else self.errors).append(problem)

    def finish(self) -> None:
        """Adds a summary line for every table and column that had more problems than were kept."""
        for (table, column, severity), seen in self._seen.items():
            if seen > SHOWN_PER_COLUMN:
                hidden = seen - SHOWN_PER_COLUMN
                summary = Problem(table, None, column, f"and {hidden:,} more like this", severity,  # type: ignore[arg-type]
                                  more=hidden)
                (self.warnings if severity == "warning" else self.errors).append(summary)
        self._seen = {key: min(seen, SHOWN_PER_COLUMN) for key, seen in self._seen.items()}


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
        if column in ID_COLUMNS:
            self._whole_number_ids(t, column, out)
        if not text_rules.all_fine(out, column):
            for i, s in enumerate(out):
                fault = text_rules.fault(s, column)
                if fault:
                    self.err(t, i, column, fault)
        if required and "" in out:
            for i in [i for i, s in enumerate(out) if not s]:
                self.err(t, i, column, f"{column} is empty; every {what or 'row'} needs one")
        return out

    def _whole_number_ids(self, t: Table, column: str, ids: list[str]) -> None:
        """``123456.0`` (a number a program wrote as a decimal) -> ``123456``, the same in every table."""
        if not any("." in v for v in ids):
            return
        changed = [i for i, v in enumerate(ids) if _DECIMAL_ID.fullmatch(v)]
        for i in changed:
            ids[i] = ids[i].split(".", 1)[0]
        if changed:
            example = t.numbers[changed[0]]
            self.p.add(t.name, None, column, (
                f"{len(changed):,} {column}(s) were written as decimals (ending .0), e.g. in row {example}; "
                "they were read as whole numbers. A program stored the ids as numbers: "
                "format the column as Text to keep them as typed"), "warning")

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
        try:  # the usual case, checked in bulk: every cell a plain number in range
            floats = list(map(float, values))  # type: ignore[arg-type]
            in_range = np.array(floats, dtype=float)
            if ((in_range >= lo) & (in_range <= hi)).all() and _plain_numbers(values):
                return floats  # type: ignore[return-value]
        except (TypeError, ValueError):
            pass
        out: list[float | None] = [None] * t.n
        for i, v in enumerate(values):
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
                self.err(t, i, column, f"{column} is below {lo:g}; {hint}")
            else:
                self.err(t, i, column, f"{column} is outside {lo:,g} to {hi:,g}; {hint}")
        return out

    def unique(self, t: Table, column: str, ids: list[str], what: str) -> dict[str, int]:
        first: dict[str, int] = {}
        for i, key in enumerate(ids):
            if not key:
                continue
            seen = first.setdefault(key, i)
            if seen != i:
                self.err(t, i, column, f"this {column} appears twice (also row {t.numbers[seen]}); "
                         f"each {what} must be listed once")
        return first

    def refs(self, t: Table, column: str, ids: list[str], known: dict[str, int] | None, target: str,
             target_column: str) -> list[bool]:
        """True per row where the reference is known (or cannot be checked)."""
        if known is None or all(map(known.__contains__, ids)):
            return [True] * t.n
        ok = [(s in known) for s in ids]
        folded: dict[str, str] | None = None
        unpadded: dict[str, str] = {}
        for i in [i for i, good in enumerate(ok) if not good]:
            if ids[i]:
                if folded is None:
                    folded = {k.casefold(): k for k in known}
                    unpadded = {k.lstrip("0"): k for k in known if k[:1] == "0" or k.isdigit()}
                near = folded.get(ids[i].casefold())
                hint = f" (one in {target} differs from it only in capitals)" if near else ""
                padded = unpadded.get(ids[i].lstrip("0")) if ids[i].isdigit() else None
                if padded is not None and padded != ids[i]:
                    where = t.name if len(padded) > len(ids[i]) else target
                    hint = (f" (looks like Excel turned the id into a number and dropped its leading zero in "
                            f"{where}: format the {target_column} column as Text in both tables and type the "
                            f"ids again)")
                self.err(t, i, column,
                         f"the {column} is not a {target_column} in {target}{hint}; "
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
            elif (la := lat[i]) is not None and (lo := lon[i]) is not None and -10 < la < 5 and 49 < lo < 61:
                self.err(t, i, "latitude", f"latitude {la:g} and longitude {lo:g} look swapped; "
                         "latitude is the one near 53 in Manchester", "warning")
        return lat, lon

    def given(self, t: Table, column: str, i: int) -> bool:
        j = t.index.get(column)
        return j is not None and not cells.is_empty(t.rows[i][j])

