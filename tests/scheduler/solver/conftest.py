"""Fixtures for the solver tests; the data factories live in ``solver_factories``."""

from __future__ import annotations

import pytest
from solver_factories import travel_only


@pytest.fixture
def settings():
    return travel_only()
