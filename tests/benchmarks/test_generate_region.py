"""The generator's regional shapes: made sites near the real ones, other professions, a travel table; old presets kept."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter

import pytest

from benchmarks import region
from benchmarks.generate import PRESETS, REAL_SITES, Spec, generate
from benchmarks.rules import Rules
from scheduler import demo
from scheduler.settings import Settings

BEFORE_REGION = {
    "tiny": "f9ccf4a177284771",
    "small-ample": "d34292f7a0822fea",
    "small-scarce": "341e03c63bed0fb6",
    "pairs-600": "44ac822c8c313077",
    "rooms-600": "c02b53cf89e22ce7",
    "scarce-800-rural": "e4209a04cd10c9c1",
    "scarce-1000": "4eb79c0571ab6080",
    "scarce-1000-adjust": "888cf53fedf5cb00",
    "ample-1000": "05c543db3102c1c0",
    "prefs-1200": "893ddc835f079099",
    "tight-1500": "165bc871ea6d4861",
    "ample-2000": "cfb07a8b750806c9",
    "scarce-2000-rooms": "6eeb5f025618dc35",
}
"""The data of each preset as generated before the regional knobs existed (sha256 of its repr, first 16 digits)."""

MIXED = Spec("mixed", students=600, practices=300, sites_near=2, scarcity=0.92, rooms_share=0.5, together=0.1,
             programmes=(("nursing", 0.2, (1, 2, 3)), ("pharmacy", 0.1, (3, 4))), seed=3)


@pytest.mark.parametrize("name", sorted(BEFORE_REGION))
def test_the_suites_presets_give_the_same_data_as_before_the_regional_knobs(name):
    assert hashlib.sha256(repr(generate(PRESETS[name])).encode()).hexdigest()[:16] == BEFORE_REGION[name]


def test_made_sites_are_near_their_real_site_and_every_code_is_new():
    real = demo._sites()
    sites = region.sites_near(real, 2)
    assert len(sites) == 3 * REAL_SITES and sites[:REAL_SITES] == real
    for k in (1, 2):
        made = sites[k * REAL_SITES:(k + 1) * REAL_SITES]
        km = [demo._km(float(r["latitude"]), float(r["longitude"]), float(m["latitude"]), float(m["longitude"]))
              for r, m in zip(real, made)]
        assert 0.45 < min(km) and max(km) < 3.05
        assert all(m["postcode"] == r["postcode"] and m["area"] == r["area"] for r, m in zip(real, made))
    data = generate(dataclasses.replace(MIXED, practices=3 * REAL_SITES))
    assert len({p.code for p in data.practices}) == 3 * REAL_SITES


def test_other_professions_have_their_own_blocks_and_share_the_rooms_with_medicine():
    data = generate(MIXED)
    assert data == generate(MIXED)
    cohorts = Counter((s.programme, s.year) for s in data.students)
    assert cohorts == {("medicine", y): 84 for y in range(1, 6)} | {
        ("nursing", 1): 40, ("nursing", 2): 40, ("nursing", 3): 40, ("pharmacy", 3): 30, ("pharmacy", 4): 30}
    for block in data.blocks:
        attending = [s for s in data.students if block.attended_by(s)]
        assert attending and {s.programme for s in attending} == {block.programme}
        places = sum(data.capacity(p, block.block_id) for p in data.practices
                     if p.active and block.year in p.years and p.hosts(block.programme))
        assert places == round(0.92 * len(attending))  # 8% short in every block, whatever the profession
    assert 0 < sum(p.programmes == {"medicine"} for p in data.practices) < len(data.practices)
    rules = Rules(data, Settings())
    programmes_on_a_day = [{b.programme for b in data.blocks if b.block_id in day} for day in rules.day_sets]
    assert any({"medicine", "nursing"} <= p for p in programmes_on_a_day)
    assert any({"medicine", "pharmacy"} <= p for p in programmes_on_a_day)
    by_id = {s.student_id: s for s in data.students}
    assert all(by_id[p.student_a].programme == by_id[p.student_b].programme for p in data.pairs)
    assert len(by_id) == len(data.students)


def test_coordinates_only_or_a_whole_travel_table():
    spec = dataclasses.replace(PRESETS["tiny"], travel_table=True)
    data = generate(spec)
    assert not generate(PRESETS["tiny"]).travel
    assert len(data.travel) == len(data.students) * len(data.practices)
    assert dataclasses.replace(data, travel=()) == generate(PRESETS["tiny"])


def test_the_regional_preset_has_a_regions_shape():
    spec = PRESETS["regional"]
    assert (spec.students, spec.practices, spec.sites_near, spec.travel_table) == (10_000, 1416, 2, False)
    assert {name for name, *_ in spec.programmes} == {"nursing", "pharmacy"}


def test_a_spec_asking_for_more_sites_than_exist_or_no_medics_is_refused():
    with pytest.raises(ValueError, match="1..472 practices"):
        Spec(practices=473)
    Spec(practices=944, sites_near=1)
    with pytest.raises(ValueError, match="programmes"):
        Spec(programmes=(("nursing", 0.6, (1,)), ("pharmacy", 0.5, (3,))))
    with pytest.raises(ValueError, match="programmes"):
        Spec(programmes=(("dentistry", 0.1, (1,)),))
