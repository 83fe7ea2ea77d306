"""The archive of closed years: marking the next year started names a year that was closed, or says so."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from scheduler.services import Workspace
from scheduler.store import year_rows
from scheduler.store.errors import StoreError
from scheduler.store.models import ArchivedYearRow


def test_marking_a_year_never_closed_as_followed_is_refused_and_changes_nothing(db_url):
    with Workspace.open(db_url) as ws:
        with ws.session() as s, pytest.raises(StoreError, match="2031/32 is not in the archive"):
            year_rows.mark_next_year_started(s, "2031/32", dt.datetime(2031, 9, 1))
        with ws.session() as s:
            assert s.execute(select(func.count()).select_from(ArchivedYearRow)).scalar_one() == 0
