"""Property tests: random bad cells in otherwise valid tables never crash the importer.

Whatever is put in a cell, ``check`` returns (never raises); a cell that breaks
a rule gives an error naming its table and row, and no data set.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from exchange_helpers import Tables, minimal_tables, write_csv_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.exchange import check, validate
from scheduler.exchange.results import RawTable


def full_tables() -> Tables:
    tables = minimal_tables()
    tables.update({
        "capacity": [["practice_code", "block_id", "capacity"], ["P84001", "Y3-B1", "1"]],
        "exclusions": [["student_id", "practice_code", "reason"], ["1001", "P84002", "registered there"]],
        "pairs": [["student_a", "student_b", "kind"], ["1001", "1002", "together"]],
        "history": [["student_id", "practice_code", "academic_year"], ["1001", "P84001", "2025/26"]],
        "preferences": [["student_id", "practice_code", "rank"], ["1002", "P84001", "1"]],
        "travel": [["student_id", "practice_code", "minutes"], ["1003", "P84001", "17"]],
        "postcodes": [["postcode", "latitude", "longitude"], ["M14 5NX", "53.45", "-2.22"]],
    })
    return tables


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzXQ", min_size=1, max_size=8)
NOT_A_NUMBER = WORD.filter(lambda w: w.lower() not in {"nan", "inf", "infinity", "e"})

_not_year = st.one_of(st.integers().filter(lambda n: not 1 <= n <= 5).map(str), NOT_A_NUMBER)
_unknown_ref = WORD.map(lambda w: "ZZ" + w)
_not_date = st.one_of(
    WORD,
    st.builds(lambda d, m, y: f"{d:02d}/{m:02d}/{y}", st.integers(32, 99), st.integers(1, 12), st.integers(2000, 2099)),
    st.builds(lambda d, y: f"{d}/02/{y}", st.integers(30, 31), st.integers(2000, 2099)),
    st.builds(lambda m, y: f"{y}-{m:02d}-01", st.integers(13, 99), st.integers(2000, 2099)),
)
_not_bool = WORD.filter(lambda w: w.lower() not in {"yes", "y", "no", "n", "true", "false"})
_negative = st.one_of(st.integers(max_value=-1).map(str), st.floats(max_value=-0.001, allow_nan=False).map(repr), NOT_A_NUMBER)
_bad_latitude = st.one_of(st.floats(min_value=90.001, max_value=1e9).map(repr),
                          st.floats(max_value=-90.001, min_value=-1e9).map(repr), NOT_A_NUMBER)
_bad_longitude = st.one_of(st.floats(min_value=180.001, max_value=1e9).map(repr),
                           st.floats(max_value=-180.001, min_value=-1e9).map(repr), NOT_A_NUMBER)
_DAY_WORDS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_not_days = WORD.filter(lambda w: w.lower() not in _DAY_WORDS)

# (table, column) -> values that break the contract there
BAD: dict[tuple[str, str], st.SearchStrategy[str]] = {
    ("practices", "practice_code"): st.just(""),
    ("practices", "name"): st.just(" "),
    ("practices", "latitude"): _bad_latitude,
    ("practices", "longitude"): _bad_longitude,
    ("practices", "years"): st.one_of(st.integers(6, 99).map(str), NOT_A_NUMBER),
    ("practices", "capacity"): _negative,
    ("practices", "accessible"): _not_bool,
    ("students", "student_id"): st.just(""),
    ("students", "year"): _not_year,
    ("students", "latitude"): _bad_latitude,
    ("students", "travel_mode"): WORD.filter(lambda w: w.lower() not in {"car", "public", "bike", "walk"}),
    ("blocks", "start_date"): _not_date,
    ("blocks", "end_date"): _not_date,
    ("blocks", "year"): _not_year,
    ("blocks", "weekdays"): _not_days,
    ("capacity", "practice_code"): _unknown_ref,
    ("capacity", "block_id"): _unknown_ref,
    ("capacity", "capacity"): _negative,
    ("exclusions", "student_id"): _unknown_ref,
    ("pairs", "student_b"): st.one_of(_unknown_ref, st.just("1003"), st.just("1001")),
    ("pairs", "kind"): WORD.filter(lambda w: w.lower() not in {"together", "apart"}),
    ("history", "practice_code"): _unknown_ref,
    ("preferences", "rank"): st.one_of(st.integers(max_value=0).map(str), NOT_A_NUMBER),
    ("travel", "minutes"): _negative,
    ("travel", "student_id"): _unknown_ref,
    ("postcodes", "latitude"): _bad_latitude,
}

ANY_CELL = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.floats().map(repr),
    st.sampled_from(["", " ", "\ufeff", "=SUM(A1)", '"', "1,2", "31/02/2027", "Mon-", "-", "nan", "1e309"]),
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _raw(tables: Tables) -> dict[str, RawTable]:
    return {name: RawTable(name, [str(h) for h in rows[0]], [list(r) for r in rows[1:]],
                           list(range(2, len(rows) + 1))) for name, rows in tables.items()}


def test_the_base_tables_are_valid():
    result = validate(_raw(full_tables()))
    assert result.ok, [str(p) for p in result.errors]


@FAST
@given(data=st.data())
def test_a_bad_cell_is_reported_with_table_and_row(data):
    table, column = data.draw(st.sampled_from(sorted(BAD)))
    value = data.draw(BAD[(table, column)])
    tables = full_tables()
    row = data.draw(st.integers(1, len(tables[table]) - 1))
    tables[table][row][tables[table][0].index(column)] = value
    with tempfile.TemporaryDirectory() as tmp:
        result = check(write_csv_tables(Path(tmp) / "d", tables))
    assert result.dataset is None and not result.ok
    assert any(p.table == table and p.row == row + 1 for p in result.errors), (value, [str(p) for p in result.errors])


@FAST
@given(data=st.data())
def test_any_cell_anywhere_never_raises(data):
    tables = full_tables()
    for _ in range(data.draw(st.integers(1, 4))):
        table = data.draw(st.sampled_from(sorted(tables)))
        rows = tables[table]
        row = data.draw(st.integers(0, len(rows) - 1))  # the header row too
        column = data.draw(st.integers(0, len(rows[0]) - 1))
        rows[row][column] = data.draw(ANY_CELL)
    result = validate(_raw(tables))
    if result.errors:
        assert result.dataset is None
    for problem in result.errors:
        assert problem.table in tables
        assert problem.row is None or 1 <= problem.row <= len(tables[problem.table])
        assert problem.message and str(problem)
    assert isinstance(result.ok, bool)


@settings(max_examples=25, deadline=None)
@given(content=st.binary(max_size=200))
def test_random_bytes_as_a_csv_file_never_raise(content):
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_csv_tables(Path(tmp) / "d", minimal_tables())
        (folder / "students.csv").write_bytes(content)
        result = check(folder)
    assert result.dataset is None or not result.errors


@settings(max_examples=10, deadline=None)
@given(content=st.binary(max_size=300))
def test_random_bytes_as_a_workbook_never_raise(content):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.xlsx"
        path.write_bytes(b"PK\x03\x04" + content)
        result = check(path)
    assert result.dataset is None and result.errors


NATIVE_CELL = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(), st.datetimes(), st.text(max_size=20).map(lambda t: "".join(c for c in t if c.isprintable())),
)


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_native_excel_cells_anywhere_never_raise(data):
    from exchange_helpers import write_xlsx_tables

    tables = full_tables()
    for _ in range(data.draw(st.integers(1, 4))):
        table = data.draw(st.sampled_from(sorted(tables)))
        rows = tables[table]
        row = data.draw(st.integers(1, len(rows) - 1))
        rows[row][data.draw(st.integers(0, len(rows[0]) - 1))] = data.draw(NATIVE_CELL)
    with tempfile.TemporaryDirectory() as tmp:
        result = check(write_xlsx_tables(Path(tmp) / "d.xlsx", tables))
    if result.errors:
        assert result.dataset is None
    assert all(p.table in tables and (p.row is None or p.row >= 2) for p in result.errors)
