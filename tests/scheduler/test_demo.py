"""The demo data set: deterministic, valid under the contract, and shaped like a real school's year."""

from __future__ import annotations

import collections
import dataclasses
import unicodedata

import pytest

from scheduler.demo import make_demo
from scheduler.exchange import check, write_dataset_csv
from scheduler.settings import Settings
from scheduler.travel import travel_matrix


@pytest.fixture(scope="module")
def small():
    return make_demo(seed=1, scale="small")


def test_same_seed_same_data_other_seed_other_data(small):
    assert make_demo(seed=1, scale="small") == small
    assert make_demo(seed=2, scale="small") != small


def test_small_shape(small):
    assert 35 <= len(small.practices) <= 45
    assert collections.Counter(s.year for s in small.students) == {y: 12 for y in range(1, 6)}
    assert {b.year for b in small.blocks} == {1, 2, 3, 4, 5}
    kinds = collections.Counter(p.kind for p in small.pairs)
    assert kinds["together"] >= 2 and kinds["apart"] >= 1
    assert small.exclusions and small.history and small.preferences
    assert {s.group for s in small.students if s.year == 4} == {"A", "B"}
    assert 0 < len(small.travel) < len(small.students) * len(small.practices)


def test_small_is_valid_and_round_trips(tmp_path, small):
    write_dataset_csv(small, tmp_path / "demo")
    result = check(tmp_path / "demo")
    assert result.ok, [str(p) for p in result.errors]
    assert result.dataset == small
    assert not result.warnings, [str(p) for p in result.warnings]


def test_blocks_of_different_years_overlap_on_shared_days(small):
    def overlap(a, b):
        return a.start_date <= b.end_date and b.start_date <= a.end_date and a.weekdays & b.weekdays
    pairs = [(a.block_id, b.block_id) for a in small.blocks for b in small.blocks if a.year < b.year and overlap(a, b)]
    assert len(pairs) >= 3


def test_pairs_are_same_year_and_references_are_known(small):
    year = {s.student_id: s.year for s in small.students}
    codes = {p.code for p in small.practices}
    assert all(year[p.student_a] == year[p.student_b] and p.student_a != p.student_b for p in small.pairs)
    assert all(e.practice_code in codes and e.student_id in year for e in small.exclusions)
    assert all(h.student_id in year and year[h.student_id] >= 2 for h in small.history)
    assert all(1 <= p.rank <= 3 for p in small.preferences)
    excluded = {(e.student_id, e.practice_code) for e in small.exclusions}
    assert not any((p.student_id, p.practice_code) in excluded for p in small.preferences)


def test_history_is_one_practice_per_earlier_year(small):
    year = {s.student_id: s.year for s in small.students}
    seen = collections.Counter(h.student_id for h in small.history)
    assert all(seen[sid] == y - 1 for sid, y in year.items())
    latest = {h.academic_year for h in small.history if year[h.student_id] == 2}
    assert latest == {"2025/26"}


@pytest.mark.slow
def test_full_scale_counts_and_mixture():
    data = make_demo(seed=1, scale="full")
    assert len(data.practices) == 472
    medics = [s for s in data.students if s.programme == "medicine"]
    assert len(medics) == 2000
    assert collections.Counter(s.year for s in medics) == {y: 400 for y in range(1, 6)}
    assert len(data.travel) == len(data.students) * 472
    assert 2_700 <= sum(b.programme == "medicine" for _, b in data.student_blocks()) <= 2_900
    assert len({p.code for p in data.practices}) == 472
    modes = collections.Counter(s.travel_mode for s in data.students)
    assert modes["public"] > 1000 and modes["car"] and modes["bike"] and modes["walk"]
    assert 0.03 <= sum(s.needs_accessible for s in medics) / 2000 <= 0.08
    assert 0.15 <= sum(not p.accessible for p in data.practices) / 472 <= 0.35
    assert 0.10 <= sum(p.max_students_per_day is not None for p in data.practices) / 472 <= 0.30
    assert sum(not p.active for p in data.practices) >= 1
    assert sum(not p.public_transport for p in data.practices) >= 1
    scripts = {unicodedata.name(ch).split()[0] for s in data.students for ch in s.first_name + s.last_name if ch.isalpha()}
    assert {"LATIN", "CYRILLIC", "GREEK", "ARABIC", "CJK"} <= scripts
    sample = data.travel[::997]
    assert all(t.minutes >= 1 and float(t.minutes).is_integer() for t in sample)
    estimate = travel_matrix(dataclasses.replace(data, travel=()), Settings())
    ratios = [t.minutes / estimate.between(t.student_id, t.practice_code) for t in sample]
    assert all(0.8 <= r <= 1.3 for r in ratios)
    capacity = {b.block_id: sum(data.capacity(p, b.block_id) for p in data.practices if p.active and b.year in p.years)
                for b in data.blocks}
    attending = collections.Counter(b.block_id for _, b in data.student_blocks())
    assert all(capacity[b] > attending[b] for b in attending)


@pytest.mark.slow
def test_full_scale_is_valid_and_round_trips_through_csv(tmp_path):
    data = make_demo(seed=1, scale="full")
    write_dataset_csv(data, tmp_path / "demo")
    result = check(tmp_path / "demo")
    assert result.ok and not result.warnings, [str(p) for p in result.problems[:10]]
    assert result.dataset == data


def test_a_handful_of_students_cannot_be_placed_anywhere(small):
    matrix = travel_matrix(small, Settings())
    stuck = []
    for i, s in enumerate(small.students):
        limit = s.max_travel_minutes or Settings().default_max_travel_minutes
        reachable = [p for j, p in enumerate(small.practices)
                     if matrix.minutes[i, j] <= limit and (p.accessible or not s.needs_accessible)]
        if not reachable:
            stuck.append(s)
    assert 1 <= len(stuck) <= 6
    assert all(s.needs_accessible and s.travel_mode == "walk" for s in stuck)


@pytest.mark.slow
def test_a_small_nursing_cohort_shares_the_practices():
    data = make_demo(seed=1, scale="full")
    nurses = [s for s in data.students if s.programme == "nursing"]
    assert len(nurses) == 24 and {s.year for s in nurses} == {1}
    assert [b.block_id for b in data.blocks if b.programme == "nursing"] == ["N1-GP"]
    assert {b.block_id for s in nurses for b in data.blocks if b.attended_by(s)} == {"N1-GP"}
    medicine_only = [p for p in data.practices if p.programmes == frozenset({"medicine"})]
    assert 0 < len(medicine_only) < len(data.practices) // 2
    assert not any(s.programme != "medicine" for s in make_demo(seed=1, scale="small").students)
