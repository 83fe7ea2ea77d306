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
    "tiny": "fa637c1a80b06676",
    "small-ample": "d0cd83ea768ebd84",
    "small-scarce": "5bcd0c4e81001e81",
    "pairs-600": "1697afcc27da869f",
    "rooms-600": "3ab2752c66c5a476",
    "scarce-800-rural": "9c19cbab58b9e1f7",
    "scarce-1000": "124c6f8f602e5408",
    "scarce-1000-adjust": "bf4583d9b98fc6fc",
    "ample-1000": "c3aa2ece89e3252b",
    "prefs-1200": "a268be4c4ff08e6f",
    "tight-1500": "2eefe828ed08bb68",
    "ample-2000": "166d60e69e145366",
    "scarce-2000-rooms": "24ec234e0265f5be",
}
"""The data of each preset as generated before the regional knobs existed (``_digest``; the same on main before
they came in, b3fae30)."""

MIXED = Spec("mixed", students=600, practices=300, sites_near=2, scarcity=0.92, rooms_share=0.5, together=0.1,
             programmes=(("nursing", 0.2, (1, 2, 3)), ("pharmacy", 0.1, (3, 4))), seed=3)


@pytest.mark.parametrize("name", sorted(BEFORE_REGION))
def test_the_suites_presets_give_the_same_data_as_before_the_regional_knobs(name):
    assert _digest(generate(PRESETS[name])) == BEFORE_REGION[name]


def _digest(data) -> str:
    """sha256 of the data set's non-empty tables (first 16 digits): a table added to the contract later, and left
    empty by the generator, does not change it."""
    tables = [(f.name, getattr(data, f.name)) for f in dataclasses.fields(data) if getattr(data, f.name)]
    return hashlib.sha256(repr(tables).encode()).hexdigest()[:16]


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
