"""Fixtures for the exchange tests."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from exchange_helpers import Tables, minimal_tables, write_csv_tables

from scheduler.demo import make_demo
from scheduler.domain import DataSet


@pytest.fixture
def tables() -> Tables:
    return minimal_tables()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(tables: Tables, bom: bool = False, name: str = "data") -> Path:
        return write_csv_tables(tmp_path / name, tables, bom)
    return write


@pytest.fixture(scope="session")
def small_demo() -> DataSet:
    return make_demo(seed=3, scale="small")
