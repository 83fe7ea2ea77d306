"""Table models over service results, checked with qtmodeltester; filtering 2,000+ rows stays quick."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.models.allocations import AllocationModel, allocation_rows
from desktop.models.plans import PlanListModel
from desktop.models.practices import PracticeModel, practice_rows
from desktop.models.problems import ProblemModel, RawTableModel
from desktop.models.table import SORT_ROLE, RowFilterProxy
from scheduler.demo import make_demo
from scheduler.domain import Placement, Plan, PlanSummary
from scheduler.exchange.results import Problem, RawTable


@pytest.fixture(scope="module")
def demo():
    data = make_demo(3, "small")
    pairs = data.student_blocks()
    placements = tuple(Placement(s.student_id, b.block_id, data.practices[i % 5].code, 10.0 + i % 40, i % 7 == 0)
                       for i, (s, b) in enumerate(pairs[:-3]))
    return data, Plan("Plan A", placements=placements)


def test_allocation_model(qtmodeltester, demo):
    data, plan = demo
    model = AllocationModel()
    model.set_rows(allocation_rows(data, plan))
    qtmodeltester.check(model)
    assert model.rowCount() == len(data.student_blocks())
    assert sum(1 for r in model.rows() if not r.placed) == 3


def test_practice_and_plan_models(qtmodeltester, demo):
    data, plan = demo
    practices = PracticeModel()
    practices.set_rows(practice_rows(data, plan))
    qtmodeltester.check(practices)
    plans = PlanListModel()
    plans.set_rows([PlanSummary("Plan A", "optimal", 80, 4, 1234.0, 1234.0, 0.0, 3.0, True, dt.datetime(2026, 9, 1))])
    qtmodeltester.check(plans)
    assert plans.index(0, 0).data() == "Plan A  (current)"


def test_problem_and_raw_table_models(qtmodeltester):
    problems = [Problem("students", 3, "year", "year must be 1 to 5"), Problem("students", None, None, "note", "warning")]
    model = ProblemModel()
    model.set_rows(problems)
    qtmodeltester.check(model)
    table = RawTable("students", ["student_id", "year"], [["1", "3"], ["2", "7"]], [2, 3])
    raw = RawTableModel(table, problems)
    qtmodeltester.check(raw)
    assert raw.index(1, 1).data() == "year: year must be 1 to 5" and raw.index(0, 1).data() == ""


def test_proxy_search_filters_and_numeric_sort(qtmodeltester, demo):
    data, plan = demo
    model = AllocationModel()
    model.set_rows(allocation_rows(data, plan))
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    someone = data.students[5]
    proxy.set_search(f"{someone.last_name.upper()} {someone.student_id}")
    assert proxy.rowCount() >= 1 and all(proxy.row_at(r).student.student_id == someone.student_id
                                         for r in range(proxy.rowCount()))
    proxy.set_search("")
    proxy.set_filter("unplaced", lambda r: not r.placed)
    assert proxy.rowCount() == 3
    proxy.set_filter("unplaced", None)
    proxy.sort(7)  # journey minutes
    minutes = [proxy.index(r, 7).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert minutes == sorted(minutes)


def test_filters_on_the_full_demo_set_keep_exactly_the_matching_rows(qtbot):
    """Speed of filtering is measured in benchmarks/, not here; this checks what is kept."""
    data = make_demo(1, "full")
    model = AllocationModel()
    model.set_rows(allocation_rows(data, None))
    assert model.rowCount() >= 2000
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter("year", lambda r: r.student.year == 3)
    year3 = sum(1 for s, b in data.student_blocks() if s.year == 3)
    assert proxy.rowCount() == year3
    proxy.set_filter("year", None)
    assert proxy.rowCount() == model.rowCount()


def test_the_window_counts_places_offered_as_the_quality_report_does(planned_db):
    from scheduler.reports.index import PlanIndex
    from scheduler.reports.quality import practice_use as report_use
    from scheduler.services import Workspace, documents
    from scheduler.services.figures import practice_use

    with Workspace.open(planned_db) as ws:
        loaded = documents.open_documents(ws)
    data, plan = loaded.index.data, loaded.index.plan
    shown = {u.code: (u.offered, u.used) for u in practice_use(data, plan) if u.offered or u.used}
    printed = {code: (offered, used) for code, offered, used in report_use(PlanIndex(data, plan))}
    assert shown == printed and shown
