"""Generated data sets of the contract's shape over the real Greater Manchester GP sites, with knobs.

The demo data set (``scheduler.demo``) has one shape, with room to spare; the
engine must not be judged only on it. ``generate(Spec(...))`` builds a data
set from knobs: scale, number of practices, capacity scarcity (total places
as a fraction of the student-blocks that need them, per block), places per
practice per block, rooms per day, car drivers, students with reasonable
adjustments, ``together``/``apart`` pairs, rural spread, history depth and
preferences; for a region's shape (``benchmarks.region``), sites made near
the real ones, learners of other professions with their own blocks, and a
journey-planner travel table instead of coordinates only. The same spec
always gives the same data. Blocks, names, practice years and the
nearest-practice helper come from ``scheduler.demo``.

    python benchmarks/generate.py OUTDIR --preset scarce-1000 [--seed N]
    python benchmarks/generate.py --list

writes a CSV folder that ``gp-placements import OUTDIR`` reads.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import region  # noqa: E402
from scheduler import demo  # noqa: E402
from scheduler.domain import CapacityOverride, DataSet, Exclusion, HistoryEntry, Pair, Practice, Preference, Student  # noqa: E402
from scheduler.travel import distance_km  # noqa: E402


@dataclass(frozen=True)
class Spec:
    """The knobs of one generated data set (every share is a fraction of students or practices, 0..1)."""

    name: str = "custom"
    students: int = 500
    """Scale: learners of every profession; the medical students over the five years, split evenly (year 4 in
    two rotation groups)."""
    practices: int = 120
    """Sites used (at most 472 real ones, times 1 + ``sites_near``), drawn where the students live."""
    scarcity: float = 1.3
    """Total places in each block over the student-blocks needing one: 0.95 is "short by 5%", 1.3 ample."""
    places: tuple[int, int] = (1, 3)
    """Places per practice per block before scaling to ``scarcity`` (inclusive range)."""
    rooms: tuple[int, int] = (2, 4)
    """``max_students_per_day`` range for practices with a rooms limit (binds across overlapping years)."""
    rooms_share: float = 0.2
    """Share of practices with a rooms-per-day limit."""
    car_share: float = 0.08
    adjustments: float = 0.05
    """Share of students with reasonable adjustments: step-free access and/or a short travel limit."""
    together: float = 0.02
    """Share of students in ``together`` pairs (partners live close and travel alike)."""
    apart: float = 0.01
    """Share of students in ``apart`` pairs."""
    rural: float = 0.3
    """Share of students living at home anywhere in the region rather than near the university."""
    rural_km: float = 2.0
    """Scatter (standard deviation, km) of a home around the site it is drawn near."""
    history_depth: int = 4
    """Past years with a recorded placement (0..4): "same practice again" is then penalised."""
    preferences: float = 0.15
    """Share of students with 1-3 ranked preferences."""
    exclusions: float = 0.03
    inactive: float = 0.02
    seed: int = 1
    sites_near: int = 0
    """Sites made near each real one (``benchmarks.region``), to draw the practices from."""
    programmes: tuple[tuple[str, float, tuple[int, ...]], ...] = ()
    """Other professions: (programme, share of the learners, years), each with its own blocks
    (``benchmarks.region.BLOCKS``); medicine is the rest."""
    travel_table: bool = False
    """A journey-planner travel table for every learner and practice (the estimate times 0.85-1.25), as an office
    that has one; otherwise every journey is estimated from coordinates."""

    def __post_init__(self) -> None:
        sites = REAL_SITES * (1 + self.sites_near)
        if self.students < 10 or not 1 <= self.practices <= sites:
            raise ValueError(f"{self.name}: need at least 10 students and 1..{sites} practices")
        unknown = [p for p, *_ in self.programmes if p not in region.BLOCKS]
        if unknown or sum(share for _, share, _ in self.programmes) >= 1:
            raise ValueError(f"{self.name}: programmes must be among {sorted(region.BLOCKS)} and leave medical "
                             "students")
        if self.scarcity <= 0 or self.places[0] < 0 or self.places[1] < self.places[0]:
            raise ValueError(f"{self.name}: scarcity must be above 0 and places a (low, high) range")
        if self.rooms[0] < 1 or self.rooms[1] < self.rooms[0]:
            raise ValueError(f"{self.name}: rooms must be a (low, high) range from 1")


REAL_SITES = 472
"""Rows of /work/shared/data's Greater Manchester GP sites."""

PRESETS: dict[str, Spec] = {s.name: s for s in (
    Spec("tiny", students=40, practices=12, scarcity=1.2),
    Spec("small-ample", students=150, practices=50, scarcity=1.4, seed=2),
    Spec("small-scarce", students=200, practices=50, scarcity=1.05, rooms_share=0.4, together=0.06, seed=3),
    Spec("pairs-600", students=600, practices=150, scarcity=1.15, together=0.12, apart=0.06, seed=4),
    Spec("rooms-600", students=600, practices=140, scarcity=1.1, rooms_share=0.7, rooms=(1, 3), seed=5),
    Spec("scarce-800-rural", students=800, practices=180, scarcity=0.99, rural=0.6, rural_km=4.0,
         car_share=0.3, seed=6),
    Spec("scarce-1000", students=1000, practices=200, scarcity=1.02, rooms_share=0.5, seed=7),
    Spec("scarce-1000-adjust", students=1000, practices=220, scarcity=0.98, adjustments=0.2,
         together=0.06, seed=8),
    Spec("ample-1000", students=1000, practices=300, scarcity=1.3, seed=9),
    Spec("prefs-1200", students=1200, practices=300, scarcity=1.2, preferences=0.6, history_depth=4,
         rooms_share=0.3, seed=10),
    Spec("tight-1500", students=1500, practices=350, scarcity=1.03, rooms_share=0.4, together=0.06,
         apart=0.03, seed=11),
    Spec("ample-2000", students=2000, practices=472, scarcity=1.3, seed=12),
    Spec("scarce-2000-rooms", students=2000, practices=420, scarcity=1.0, rooms_share=0.6,
         together=0.04, rural=0.4, seed=13),
    Spec("regional", students=10_000, practices=1416, sites_near=2, scarcity=1.2, rooms_share=0.3,
         programmes=(("nursing", 0.2, (1, 2, 3)), ("pharmacy", 0.1, (3, 4))), seed=28),
)}


def generate(spec: Spec) -> DataSet:
    """The data set of a spec; the same spec always gives the same data."""
    rng = random.Random(spec.seed)
    sites = region.sites_near(demo._sites(), spec.sites_near)
    codes = _site_codes(sites)
    blocks = demo._blocks() + region.blocks_of(spec.programmes)
    homes = _homes(rng, spec, sites)
    chosen = _choose_sites(rng, spec, sites, homes)
    practices = [_practice(rng, sites[i], codes[i]) for i in chosen]
    medics = spec.students - sum(_counts(spec).values())
    students = _students(rng, spec, homes[:medics])
    if spec.programmes:
        others = random.Random(spec.seed + 7919)  # its own stream: medicine's data stay those of the spec without
        practices = region.hosts(others, practices)
        students += _other_learners(others, spec, homes[medics:], {s.student_id for s in students})
    pairs = _pairs(rng, spec, students)
    students = _partners_alike(students, pairs)
    practices, capacities = _capacities(rng, spec, practices, students, blocks)
    nearest = demo._Nearest(students, practices)
    exclusions, history, preferences = _relations(rng, spec, students, nearest)
    data = DataSet(
        practices=tuple(practices), students=tuple(students), blocks=blocks, capacities=tuple(capacities),
        exclusions=tuple(exclusions), pairs=tuple(pairs), history=tuple(history), preferences=tuple(preferences),
    )
    return dataclasses.replace(data, travel=demo._travel(data, spec.seed, "full")) if spec.travel_table else data


def _counts(spec: Spec) -> dict[str, int]:
    """Learners of each other profession."""
    return {name: round(share * spec.students) for name, share, _ in spec.programmes}


def _site_codes(sites: list[dict[str, str]]) -> list[str]:
    """An ODS-like code per site, the same for a site in every generated set."""
    counters: dict[str, int] = {}
    codes = []
    for site in sites:
        prefix = demo.AREA_PREFIX.get(site["area"], "P80")
        counters[prefix] = counters.get(prefix, 0) + 1
        codes.append(f"{prefix}{counters[prefix]:03d}")
    return codes


def _homes(rng: random.Random, spec: Spec, sites: list[dict[str, str]]) -> list[tuple[float, float, str, bool]]:
    """(latitude, longitude, postcode district, rural) per student: term-time areas or a home in the region."""
    out = []
    areas = demo.STUDENT_AREAS
    for _ in range(spec.students):
        if rng.random() >= spec.rural:
            _, lat0, lon0, spread, district, _ = rng.choices(areas, weights=[a[-1] for a in areas])[0]
            out.append((rng.gauss(lat0, spread), rng.gauss(lon0, spread * 1.6), district, False))
        else:
            site = rng.choice(sites)
            km = spec.rural_km
            lat = rng.gauss(float(site["latitude"]), km / 111.2)
            lon = rng.gauss(float(site["longitude"]), km / (111.2 * math.cos(math.radians(53.5))))
            out.append((lat, lon, site["postcode"].split()[0], True))
    return out


def _choose_sites(rng: random.Random, spec: Spec, sites: list[dict[str, str]],
                  homes: list[tuple[float, float, str, bool]]) -> list[int]:
    """``spec.practices`` sites, drawn in proportion to the students living within about 8 km (plus a floor)."""
    lat = np.array([float(s["latitude"]) for s in sites])
    lon = np.array([float(s["longitude"]) for s in sites])
    h_lat = np.array([h[0] for h in homes])
    h_lon = np.array([h[1] for h in homes])
    near = (distance_km(lat, lon, h_lat, h_lon) < 8.0).sum(axis=1).astype(float)
    weights = near + 0.02 * max(1.0, float(near.mean()))
    # weighted sampling without replacement (Efraimidis-Spirakis keys), reproducible with the seed
    keys = [rng.random() ** (1.0 / w) for w in weights]
    chosen = sorted(range(len(sites)), key=lambda i: -keys[i])[: spec.practices]
    return sorted(chosen)


def _practice(rng: random.Random, site: dict[str, str], code: str) -> Practice:
    lat, lon = float(site["latitude"]), float(site["longitude"])
    k = rng.choices((1, 2, 3, 4, 5), weights=(10, 25, 30, 20, 15))[0]
    outlying = demo._km(*demo.UNIVERSITY, lat, lon) > 16
    return Practice(
        code=code, name=site["name"], years=frozenset(rng.sample((1, 2, 3, 4, 5), k)), capacity=0,
        address=site["address"], postcode=site["postcode"], latitude=lat, longitude=lon,
        accessible=rng.random() < 0.75, public_transport=not (outlying and rng.random() < 0.25),
        tutor=f"Dr {rng.choice(demo.TUTOR_FIRST)} {rng.choice(demo.TUTOR_LAST)}",
        email=f"placements.{code.lower()}@gp.example.org",
    )


def _students(rng: random.Random, spec: Spec, homes: list[tuple[float, float, str, bool]]) -> list[Student]:
    """The medical students, one per home, the five years split evenly."""
    per_year = len(homes) // 5
    numbers = rng.sample(range(20_100_000, 21_999_999), len(homes))
    out = []
    for n, home in enumerate(homes):
        year = min(5, 1 + n // max(1, per_year))
        out.append(_learner(rng, spec, home, str(numbers[n]), year, ("A" if n % 2 == 0 else "B") if year == 4 else ""))
    return out


def _other_learners(rng: random.Random, spec: Spec, homes: list[tuple[float, float, str, bool]],
                    taken: set[str]) -> list[Student]:
    """Learners of the other professions, each profession's years split evenly, ids apart from the medics'."""
    numbers = (n for n in rng.sample(range(22_000_000, 23_999_999), len(homes) + len(taken)) if str(n) not in taken)
    out: list[Student] = []
    remaining = iter(homes)
    for (name, _, years), count in zip(spec.programmes, _counts(spec).values()):
        for n in range(count):
            out.append(_learner(rng, spec, next(remaining), str(next(numbers)), years[n * len(years) // count],
                                "", programme=name))
    return out


def _learner(rng: random.Random, spec: Spec, home: tuple[float, float, str, bool], sid: str, year: int, group: str,
             programme: str = "medicine") -> Student:
    lat, lon, district, rural = home
    first, last = demo._name(rng)
    if rng.random() < spec.car_share:
        mode = "car"
    elif rural:
        mode = rng.choices(("public", "bike"), weights=(90, 10))[0]
    else:
        mode = rng.choices(("public", "bike", "walk"), weights=(70, 17, 13))[0]
    adjusted = rng.random() < spec.adjustments
    step_free = adjusted and rng.random() < 0.5
    limit = float(rng.choice((30, 40, 45))) if adjusted and (not step_free or rng.random() < 0.3) else None
    return Student(
        student_id=sid, first_name=first, last_name=last, email=f"student{sid}@student.example.ac.uk",
        year=year, group=group, postcode=f"{district} {demo._inward(rng)}", latitude=round(lat, 6),
        longitude=round(lon, 6), travel_mode=mode, max_travel_minutes=limit, needs_accessible=step_free,
        programme=programme,
    )


def _pairs(rng: random.Random, spec: Spec, students: list[Student]) -> list[Pair]:
    """Disjoint pairs within a profession's year (and rotation group): ``together`` first, then ``apart``."""
    by_cohort: dict[tuple[str, int, str], list[Student]] = {}
    for s in students:
        by_cohort.setdefault((s.programme, s.year, s.group), []).append(s)
    pairs: list[Pair] = []
    for kind, share in (("together", spec.together), ("apart", spec.apart)):
        for cohort in sorted(by_cohort):
            pool = by_cohort[cohort]
            used = {p.student_a for p in pairs} | {p.student_b for p in pairs}
            free = [s for s in pool if s.student_id not in used]
            rng.shuffle(free)
            for i in range(min(round(len(pool) * share / 2), len(free) // 2)):
                a, b = free[2 * i], free[2 * i + 1]
                pairs.append(Pair(a.student_id, b.student_id, kind))  # type: ignore[arg-type]
    return pairs


def _partners_alike(students: list[Student], pairs: list[Pair]) -> list[Student]:
    """``together`` partners share a journey: the second lives near the first and travels the same way."""
    index = {s.student_id: i for i, s in enumerate(students)}
    out = list(students)
    for pair in pairs:
        if pair.kind == "together":
            a, b = out[index[pair.student_a]], out[index[pair.student_b]]
            out[index[pair.student_b]] = dataclasses.replace(
                b, travel_mode=a.travel_mode, postcode=a.postcode,
                latitude=round(a.latitude + 0.003, 6), longitude=round(a.longitude - 0.004, 6))  # type: ignore[operator]
    return out


def _capacities(rng: random.Random, spec: Spec, practices: list[Practice], students: list[Student],
                blocks) -> tuple[list[Practice], list[CapacityOverride]]:
    """Places per practice and block, drawn from the range then scaled to ``scarcity`` block by block.

    A practice's ``capacity`` is its drawn number; a block where scaling changed it gets a
    ``capacity`` override row. Some practices are inactive, some have a rooms-per-day limit.
    """
    lo, hi = spec.places
    base = [rng.randint(lo, hi) for _ in practices]
    inactive = {j for j in range(len(practices)) if rng.random() < spec.inactive}
    overrides: list[CapacityOverride] = []
    for block in blocks:
        demand = sum(1 for s in students if block.attended_by(s))
        teach = [j for j, p in enumerate(practices)
                 if block.year in p.years and p.hosts(block.programme) and j not in inactive]
        if not demand or not teach:
            continue
        places = {j: base[j] for j in teach}
        diff = round(spec.scarcity * demand) - sum(places.values())
        while diff > 0:
            roomy = [j for j in teach if places[j] < hi] or teach
            places[rng.choice(roomy)] += 1
            diff -= 1
        while diff < 0:
            full = [j for j in teach if places[j] > lo] or [j for j in teach if places[j] > 0]
            if not full:
                break
            places[rng.choice(full)] -= 1
            diff += 1
        overrides += [CapacityOverride(practices[j].code, block.block_id, n) for j, n in places.items() if n != base[j]]
    out = []
    for j, p in enumerate(practices):
        rooms = rng.randint(*spec.rooms) if rng.random() < spec.rooms_share else None
        out.append(dataclasses.replace(p, capacity=base[j], max_students_per_day=rooms, active=j not in inactive))
    return out, overrides


def _relations(rng: random.Random, spec: Spec, students: list[Student], nearest) -> tuple[
        list[Exclusion], list[HistoryEntry], list[Preference]]:
    exclusions = []
    for s in rng.sample(students, round(len(students) * spec.exclusions)):
        for p in nearest.pick(s, 1, rng):
            exclusions.append(Exclusion(s.student_id, p.code, rng.choice(demo.EXCLUSION_REASONS)))
    history = []
    for s in students:
        for past in range(max(1, s.year - spec.history_depth), s.year):
            for p in nearest.pick(s, 1, rng, past):
                start = demo.PLANNED_YEAR_START - (s.year - past)
                history.append(HistoryEntry(s.student_id, p.code, f"{start}/{(start + 1) % 100:02d}"))
    excluded = {(e.student_id, e.practice_code) for e in exclusions}
    preferences = []
    for s in rng.sample(students, round(len(students) * spec.preferences)):
        wanted = [p for p in nearest.pick(s, rng.randint(1, 3), rng, s.year) if (s.student_id, p.code) not in excluded]
        preferences += [Preference(s.student_id, p.code, rank) for rank, p in enumerate(wanted, start=1)]
    return exclusions, history, preferences


def describe(data: DataSet) -> str:
    """One line: sizes and the nominal places per student-block."""
    need = len(data.student_blocks())
    places = sum(data.capacity(p, b.block_id) for b in data.blocks for p in data.practices
                 if p.active and b.year in p.years and p.hosts(b.programme))
    return (f"{len(data.students)} students, {len(data.practices)} practices, {need} student-blocks, "
            f"{places} places ({places / max(1, need):.2f} per student-block), {len(data.pairs)} pairs, "
            f"{sum(1 for p in data.practices if p.max_students_per_day is not None)} with a rooms limit")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", nargs="?", help="folder for the CSV files")
    ap.add_argument("--preset", default="small-scarce", choices=sorted(PRESETS))
    ap.add_argument("--seed", type=int, help="override the preset's seed")
    ap.add_argument("--list", action="store_true", help="list the presets and stop")
    args = ap.parse_args(argv)
    if args.list or not args.outdir:
        for spec in PRESETS.values():
            print(spec)
        return 0
    from scheduler.exchange import write_dataset_csv

    spec = PRESETS[args.preset]
    if args.seed is not None:
        spec = dataclasses.replace(spec, seed=args.seed)
    data = generate(spec)
    write_dataset_csv(data, args.outdir)
    print(f"{args.outdir}: {spec.name} (seed {spec.seed}): {describe(data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
