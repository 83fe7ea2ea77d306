"""The practice timetables' mixed days add up to the engine's own figure: the medical placements that a
timetable marks as having a mixed day are the plan's ``mixed_student_blocks``, on sets of medicine and nursing."""

from __future__ import annotations

import pytest
from scarce_data import scarce, settings

from scheduler.reports.index import PlanIndex
from scheduler.reports.shared_days import mixed_placements
from scheduler.solver import solve


@pytest.mark.parametrize("weight", [0.0, 20.0])
def test_the_timetables_mixed_placements_are_the_engines_mixed_student_blocks(weight):
    data = scarce(90, 14, seed=2, nursing=0.4, pairs=0.0)
    result = solve(data, settings(time_limit=5.0, interprofessional=weight))
    index = PlanIndex(data, result.plan)
    per_practice = [mixed_placements(index, code) for code in index.practices_with_students()]
    mixed, medical = sum(m for m, _ in per_practice), sum(n for _, n in per_practice)
    assert (mixed, medical) == (result.stats["mixed_student_blocks"], result.stats["medical_student_blocks"])
    assert 0 < mixed < medical  # some mixed, some not: the figure tells them apart
