"""A realistic demo data set on the real Greater Manchester GP sites, the same for the same seed.

``full`` is a whole school: all 472 practices, 400 students in each of five
years, blocks that overlap across years (so rooms per day matter), pairs,
exclusions, history, preferences and a "journey planner" travel table for
every student and practice (944,000 rows). ``small`` is the same shape at
about 40 practices and 60 students, quick enough for tests. Capacity is
enough overall but tight near the university, and a few students are
genuinely unplaceable (step-free access, on foot, a short limit, far out).
In ``full``, a small nursing cohort shares the practices (and their consulting
rooms) with the medical students, and a few practices host medical students
only; it is made last, from its own random stream, so the medical data are
the same as without it (``small``, the tests' data set, has none).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from dataclasses import replace as _replace
from typing import Literal, cast

import numpy as np

from scheduler.domain import (
    Block,
    CapacityOverride,
    DataSet,
    Exclusion,
    HistoryEntry,
    Pair,
    PostcodeLocation,
    Practice,
    Preference,
    Student,
    TravelMode,
    TravelOverride,
    new_travel_override,
)
from scheduler.exchange.bulk import gc_paused
from scheduler.resources import resource_path
from scheduler.settings import Settings
from scheduler.travel import distance_km, travel_matrix

Scale = Literal["small", "full"]

STUDENTS_PER_YEAR = {"full": 400, "small": 12}
NURSING_STUDENTS = {"full": 24, "small": 0}
NURSING_BLOCK = Block("N1-GP", 1, dt.date(2026, 11, 2), dt.date(2027, 2, 26), "", "Nursing year 1 community days "
                      "(Mondays)", frozenset({0}), programme="nursing")
SMALL_PRACTICES = 40
UNIVERSITY = (53.4668, -2.2339)

# ODS-like code prefixes per borough (invented, in the style of the real P8xxxx codes)
AREA_PREFIX = {
    "Bolton": "P82", "Bury": "P83", "Manchester": "P84", "Oldham": "P85", "Rochdale": "P86",
    "Salford": "P87", "Stockport": "P88", "Tameside": "P89", "Trafford": "P91", "Wigan": "P92",
}

# where students rent in term time: (name, latitude, longitude, spread in degrees, postcode district, weight)
STUDENT_AREAS = (
    ("Fallowfield", 53.4430, -2.2200, 0.006, "M14", 0.34),
    ("Withington", 53.4335, -2.2290, 0.005, "M20", 0.20),
    ("Rusholme", 53.4545, -2.2240, 0.004, "M14", 0.16),
    ("City centre", 53.4790, -2.2420, 0.006, "M1", 0.20),
    ("Hulme", 53.4665, -2.2500, 0.004, "M15", 0.10),
)

PLANNED_YEAR_START = 2026  # the demo plans 2026/27, as the default settings do

EXCLUSION_REASONS = (
    "registered patient at this practice",
    "parent works at this practice",
    "sibling is a GP here",
    "previous employment at this practice",
    "family friend is the practice manager",
)

# (first names, last names, weight): a mixture like a UK medical school's intake
NAME_POOLS: tuple[tuple[tuple[str, ...], tuple[str, ...], float], ...] = (
    (("Oliver", "Amelia", "Jack", "Isla", "Harry", "Emily", "George", "Sophie", "Thomas", "Grace", "James",
      "Charlotte", "William", "Lucy", "Daniel", "Hannah"),
     ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
      "Thompson", "Evans", "Walker", "Hughes", "Roberts", "Green"), 0.36),
    (("Siobhán", "Aoife", "Seán", "Niamh", "Ciarán", "Órla", "Pádraig", "Saoirse"),
     ("Ó Briain", "Ní Dhomhnaill", "Murphy", "O'Sullivan", "Mac Giolla", "Kelly", "Ó Súilleabháin", "Byrne"), 0.05),
    (("Ayesha", "Muhammad", "Fatima", "Bilal", "Zainab", "Hamza", "Maryam", "Usman", "Hira", "Imran"),
     ("Khan", "Hussain", "Ahmed", "Iqbal", "Akhtar", "Malik", "Butt", "Raza", "Siddiqui", "Chaudhry"), 0.14),
    (("عائشہ", "عمران", "زینب", "حمزہ"), ("خان", "حسین", "ملک", "قریشی"), 0.02),
    (("محمد", "فاطمة", "أحمد", "ليلى", "يوسف", "نور"), ("العلي", "حداد", "منصور", "الخطيب", "سعيد"), 0.03),
    (("Omar", "Layla", "Yusuf", "Noor", "Karim", "Amira"), ("Al-Sayed", "Haddad", "Mansour", "Nasser", "Farouk"), 0.03),
    (("伟", "芳", "静", "磊", "婷", "浩"), ("陈", "王", "李", "张", "刘", "杨"), 0.03),
    (("Wei", "Jing", "Hao", "Xinyi", "Yifan", "Mei"), ("Chen", "Wang", "Li", "Zhang", "Liu", "Huang"), 0.04),
    (("Łukasz", "Agnieszka", "Wojciech", "Małgorzata", "Paweł", "Zofia", "Michał", "Katarzyna"),
     ("Wiśniewski", "Kowalska", "Wójcik", "Łukaszewicz", "Zieliński", "Szymańska", "Dąbrowski"), 0.04),
    (("Nguyễn Thị", "Trần Văn", "Phạm Ngọc", "Lê Minh", "Hoàng Thu"),
     ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi"), 0.02),
    (("Жанна", "Дмитрий", "Анастасия", "Сергей", "Ольга"), ("Иванова", "Смирнов", "Кузнецова", "Попов", "Жуков"), 0.02),
    (("Γιώργος", "Ελένη", "Δημήτρης", "Μαρία", "Νίκος"), ("Παπαδόπουλος", "Γεωργίου", "Οικονόμου", "Δημητρίου"), 0.02),
    (("Adébáyọ̀", "Olúwaseun", "Fọláṣadé", "Chidinma", "Ifeoma", "Tèmítọ́pẹ́", "Emeka", "Ngozi"),
     ("Ọlọ́fin", "Adéyẹmí", "Okonkwo", "Okafor", "Babátúndé", "Eze", "Ògúnlésì"), 0.06),
    (("Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram"), ("Patel", "Sharma", "Singh", "Gupta", "Mistry", "Desai"), 0.08),
    (("José", "Lucía", "Martín", "Sofía", "Çağla", "Emre", "Zoë", "Chloé", "Søren", "Björn"),
     ("Muñoz", "García", "Yılmaz", "Öztürk", "Müller", "Lefèvre", "Østergaard", "Åkesson"), 0.04),
    (("Rhys", "Cerys", "Gethin", "Siân", "Dafydd"), ("Llewelyn", "ap Rhys", "Pryce", "Vaughan"), 0.02),
)

TUTOR_FIRST = ("Sarah", "David", "Anjali", "Michael", "Rachel", "Tariq", "Helen", "Chukwuemeka", "Joanna",
               "Richard", "Nadia", "Peter", "Claire", "Sanjay", "Fiona", "Gareth", "Mei-Ling", "Kwame")
TUTOR_LAST = ("Ahmed", "Clarke", "Okoro", "Patel", "Doyle", "Harrison", "Nowak", "Rahman", "Fletcher",
              "Bhatt", "Mensah", "Lowe", "Kaur", "Whitworth", "Chowdhury", "Ramsbottom", "Greenhalgh")


def _blocks() -> tuple[Block, ...]:
    """2026/27: weekly days for years 1-2, full-time blocks for 3-5 that overlap them and each other."""
    d = dt.date
    mon_fri = frozenset(range(5))
    return (
        Block("Y1-GP", 1, d(2026, 10, 6), d(2027, 3, 23), "", "Year 1 GP day (Tuesdays)", frozenset({1})),
        Block("Y2-GP", 2, d(2026, 10, 8), d(2027, 3, 25), "", "Year 2 GP day (Thursdays)", frozenset({3})),
        Block("Y3-B1", 3, d(2027, 1, 11), d(2027, 2, 5), "", "Year 3 GP block 1", mon_fri),
        Block("Y3-B2", 3, d(2027, 4, 26), d(2027, 5, 14), "", "Year 3 GP block 2", mon_fri),
        Block("Y4-A", 4, d(2026, 11, 2), d(2026, 11, 20), "A", "Year 4 community block, group A", mon_fri),
        Block("Y4-B", 4, d(2027, 2, 22), d(2027, 3, 12), "B", "Year 4 community block, group B", mon_fri),
        Block("Y5-B1", 5, d(2026, 9, 14), d(2026, 10, 9), "", "Year 5 GP assistantship 1", mon_fri),
        Block("Y5-B2", 5, d(2027, 3, 1), d(2027, 3, 26), "", "Year 5 GP assistantship 2", mon_fri),
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = (lat2 - lat1) * 111.2
    dlon = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dlat, dlon)


def _sites() -> list[dict[str, str]]:
    with open(resource_path("data", "greater-manchester-gp-sites.csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _inward(rng: random.Random) -> str:
    return f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def _practices(rng: random.Random, scale: Scale) -> tuple[list[Practice], list[PostcodeLocation]]:
    sites = _sites()
    if scale == "small":
        by_distance = sorted(sites, key=lambda s: _km(*UNIVERSITY, float(s["latitude"]), float(s["longitude"])))
        near, far = by_distance[:120], by_distance[120:]
        sites = rng.sample(near, SMALL_PRACTICES - 8) + rng.sample(far, 8)
    counters: dict[str, int] = {}
    practices: list[Practice] = []
    postcodes: list[PostcodeLocation] = []
    for site in sites:
        prefix = AREA_PREFIX.get(site["area"], "P80")
        counters[prefix] = counters.get(prefix, 0) + 1
        code = f"{prefix}{counters[prefix]:03d}"
        lat, lon = float(site["latitude"]), float(site["longitude"])
        from_uni = _km(*UNIVERSITY, lat, lon)
        k = rng.choices((1, 2, 3, 4, 5), weights=(10, 25, 30, 20, 15))[0]
        years = frozenset(rng.sample((1, 2, 3, 4, 5), k))
        # urban practices near the university are bigger training practices
        capacity = rng.choices((1, 2, 3, 4), weights=(15, 30, 30, 25) if from_uni < 10 else (30, 35, 25, 10))[0]
        per_day = rng.randint(2, 4) if rng.random() < 0.20 else None
        outlying = from_uni > 16
        tutor = f"Dr {rng.choice(TUTOR_FIRST)} {rng.choice(TUTOR_LAST)}"
        located = rng.random() > 0.02
        if not located:  # a few sites known only by postcode: placed through the postcodes table
            postcodes.append(PostcodeLocation(site["postcode"], lat, lon))
        practices.append(Practice(
            code=code, name=site["name"], years=years, capacity=capacity, address=site["address"],
            postcode=site["postcode"], latitude=lat if located else None, longitude=lon if located else None,
            accessible=rng.random() < 0.75, public_transport=not (outlying and rng.random() < 0.25),
            max_students_per_day=per_day, active=rng.random() > 0.02, tutor=tutor,
            email=f"placements.{code.lower()}@gp.example.org",
        ))
    return practices, postcodes


def _name(rng: random.Random) -> tuple[str, str]:
    firsts, lasts, _ = rng.choices(NAME_POOLS, weights=[w for *_, w in NAME_POOLS])[0]
    return rng.choice(firsts), rng.choice(lasts)


def _students(rng: random.Random, scale: Scale, practices: list[Practice]) -> list[Student]:
    per_year = STUDENTS_PER_YEAR[scale]
    located = [p for p in practices if p.latitude is not None]
    numbers = rng.sample(range(10_100_000, 11_999_999), 5 * per_year)
    students: list[Student] = []
    areas = STUDENT_AREAS
    for n in range(5 * per_year):
        year = 1 + n // per_year
        first, last = _name(rng)
        if rng.random() < 0.70:
            _, lat0, lon0, spread, district, _ = rng.choices(areas, weights=[a[-1] for a in areas])[0]
            lat, lon = rng.gauss(lat0, spread), rng.gauss(lon0, spread * 1.6)
            mode = rng.choices(("public", "bike", "walk", "car"), weights=(66, 16, 12, 6))[0]
        else:  # living at home somewhere in the region
            home = rng.choice(located)
            assert home.latitude is not None and home.longitude is not None  # located: with coordinates
            lat, lon = rng.gauss(home.latitude, 0.012), rng.gauss(home.longitude, 0.02)
            district = home.postcode.split()[0] if home.postcode else "M1"
            mode = rng.choices(("public", "car", "bike"), weights=(60, 35, 5))[0]
        limit = float(rng.choice((30, 40, 45))) if rng.random() < 0.03 else None
        student_id = str(numbers[n])
        students.append(Student(
            student_id=student_id, first_name=first, last_name=last,
            email=f"student{student_id}@student.example.ac.uk", year=year,
            group=("A" if n % 2 == 0 else "B") if year == 4 else "",
            postcode=f"{district} {_inward(rng)}", latitude=round(lat, 6), longitude=round(lon, 6),
            travel_mode=cast(TravelMode, mode), max_travel_minutes=limit, needs_accessible=rng.random() < 0.05,
        ))
    return students


def _unplaceable(students: list[Student]) -> tuple[list[Student], set[str]]:
    """Three students no plan can place: step-free access on foot with a short limit, far from any surgery."""
    moors = ((53.6420, -2.0550), (53.5930, -1.9770), (53.4540, -1.9640))  # Pennine edge
    out = list(students)
    stuck: set[str] = set()
    for i, (lat, lon) in zip((len(out) // 5 * 2 + 3, len(out) // 5 * 3 + 5, len(out) - 7), moors):
        s = out[i]
        out[i] = Student(s.student_id, s.first_name, s.last_name, s.year, s.email, s.group, "OL3 7XX",
                         lat, lon, "walk", 20.0, True)
        stuck.add(s.student_id)
    return out, stuck


class _Nearest:
    """Practices in order of straight-line distance from each student (located practices only)."""

    def __init__(self, students: list[Student], practices: list[Practice]) -> None:
        self.practices = [p for p in practices if p.latitude is not None]
        lat = np.array([p.latitude for p in self.practices], dtype=float)
        lon = np.array([p.longitude for p in self.practices], dtype=float)
        s_lat = np.array([s.latitude for s in students], dtype=float)
        s_lon = np.array([s.longitude for s in students], dtype=float)
        order = np.argsort(distance_km(s_lat, s_lon, lat, lon), axis=1, kind="stable")[:, :60]
        self.order = {s.student_id: order[i].tolist() for i, s in enumerate(students)}

    def pick(self, student: Student, n: int, rng: random.Random, year: int | None = None) -> list[Practice]:
        """``n`` practices drawn from the ``3n`` nearest (that teach ``year``, if given)."""
        pool = [self.practices[j] for j in self.order[student.student_id]
                if year is None or year in self.practices[j].years][: n * 3]
        return rng.sample(pool, min(n, len(pool)))


def _relations(rng: random.Random, students: list[Student], practices: list[Practice], alone: set[str]) -> tuple[
        list[Pair], list[Exclusion], list[HistoryEntry], list[Preference]]:
    nearest = _Nearest(students, practices)
    by_year: dict[int, list[Student]] = {}
    for s in students:
        by_year.setdefault(s.year, []).append(s)
    pairs: list[Pair] = []
    used: set[int] = set()
    for year, group in sorted(by_year.items()):
        together = max(1, round(len(group) * 0.02 / 2))
        apart = max(1, round(len(group) * 0.005))
        for kind, count in (("together", together), ("apart", apart)):
            made = 0
            while made < count:
                a, b = rng.sample(group, 2)
                if id(a) in used or id(b) in used or (year == 4 and a.group != b.group) \
                        or a.student_id in alone or b.student_id in alone:
                    continue
                used.update((id(a), id(b)))
                pairs.append(Pair(a.student_id, b.student_id, kind))  # type: ignore[arg-type]
                made += 1
    exclusions: list[Exclusion] = []
    for s in rng.sample(students, max(2, round(len(students) * 0.03))):
        for p in nearest.pick(s, 1, rng):
            exclusions.append(Exclusion(s.student_id, p.code, rng.choice(EXCLUSION_REASONS)))
    history: list[HistoryEntry] = []
    for s in students:
        for past in range(1, s.year):
            picked = nearest.pick(s, 1, rng, past)
            if picked:
                start = PLANNED_YEAR_START - (s.year - past)
                history.append(HistoryEntry(s.student_id, picked[0].code, f"{start}/{(start + 1) % 100:02d}"))
    excluded = {(e.student_id, e.practice_code) for e in exclusions}
    preferences: list[Preference] = []
    for s in rng.sample(students, max(3, round(len(students) * 0.15))):
        wanted = [p for p in nearest.pick(s, rng.randint(1, 3), rng, s.year)
                  if (s.student_id, p.code) not in excluded]
        preferences.extend(Preference(s.student_id, p.code, rank) for rank, p in enumerate(wanted, start=1))
    return pairs, exclusions, history, preferences


def _car_share(students: list[Student], pairs: list[Pair]) -> list[Student]:
    """Partners of a ``together`` pair share a car: both drive, and the second lives near the first."""
    index = {s.student_id: i for i, s in enumerate(students)}
    out = list(students)
    for pair in pairs:
        if pair.kind != "together":
            continue
        a, b = out[index[pair.student_a]], out[index[pair.student_b]]
        out[index[pair.student_a]] = _with(a, travel_mode="car", needs_accessible=False, max_travel_minutes=None)
        out[index[pair.student_b]] = _with(b, travel_mode="car", needs_accessible=False, max_travel_minutes=None,
                                           latitude=round(a.latitude + 0.003, 6),  # type: ignore[operator]
                                           longitude=round(a.longitude - 0.004, 6), postcode=a.postcode)  # type: ignore[operator]
    return out


def _with(s: Student, **changes: object) -> Student:
    return _replace(s, **changes)  # type: ignore[arg-type]


def _capacities(rng: random.Random, practices: list[Practice], blocks: tuple[Block, ...]) -> list[CapacityOverride]:
    """A few practices closed for a block (tutor on leave) or taking more (a new trainer)."""
    out: list[CapacityOverride] = []
    for p in practices:
        for b in blocks:
            if b.year in p.years and rng.random() < 0.03:
                out.append(CapacityOverride(p.code, b.block_id, 0 if rng.random() < 0.5 else p.capacity + 2))
    return out




def _travel(data: DataSet, seed: int, scale: Scale) -> tuple[TravelOverride, ...]:
    """Journey-planner minutes: the estimate times a fixed noise factor (0.85-1.25), whole minutes."""
    estimate = travel_matrix(data, Settings()).minutes
    noise = np.random.default_rng(seed).uniform(0.85, 1.25, size=estimate.shape)
    minutes = np.maximum(1.0, np.rint(estimate * noise))
    s_ids = [s.student_id for s in data.students]
    p_codes = [p.code for p in data.practices]
    n_s, n_p = minutes.shape
    if scale == "full":
        rows = np.repeat(np.arange(n_s), n_p)
        cols = np.tile(np.arange(n_p), n_s)
    else:  # a partial table, as an office that asked the planner only about some journeys
        keep = np.random.default_rng(seed + 1).random(minutes.shape) < 0.3
        rows, cols = np.nonzero(keep)
    values = minutes[rows, cols].tolist()
    students = [s_ids[i] for i in rows.tolist()]
    codes = [p_codes[j] for j in cols.tolist()]
    return tuple(map(new_travel_override, students, codes, values))


def _nursing(seed: int, scale: Scale, practices: list[Practice], students: list[Student],
             taken: set[str]) -> tuple[list[Practice], list[Student]]:
    """Nursing students in year 1, living where the medical students do; a fifth of practices host medicine only."""
    rng = random.Random(seed + 7919)
    practices = [_replace(p, programmes=frozenset({"medicine"})) if rng.random() < 0.2 else p for p in practices]
    nurses = []
    numbers = iter(n for n in rng.sample(range(12_000_000, 12_999_999), 2 * NURSING_STUDENTS[scale])
                   if str(n) not in taken)
    for _ in range(NURSING_STUDENTS[scale]):
        _, lat0, lon0, spread, district, _ = rng.choices(STUDENT_AREAS, weights=[a[-1] for a in STUDENT_AREAS])[0]
        first, last = _name(rng)
        student_id = str(next(numbers))
        nurses.append(Student(
            student_id=student_id, first_name=first, last_name=last, year=1,
            email=f"student{student_id}@student.example.ac.uk", postcode=f"{district} {_inward(rng)}",
            latitude=round(rng.gauss(lat0, spread), 6), longitude=round(rng.gauss(lon0, spread * 1.6), 6),
            travel_mode=rng.choices(("public", "bike", "walk"), weights=(70, 20, 10))[0], programme="nursing"))
    return practices, students + nurses


def make_demo(seed: int = 1, scale: Scale = "full") -> DataSet:
    """The demo data set; the same seed and scale always give the same data."""
    if scale not in STUDENTS_PER_YEAR:
        raise ValueError(f"unknown scale {scale!r}; use 'small' or 'full'")
    rng = random.Random(seed)
    practices, postcodes = _practices(rng, scale)
    students = _students(rng, scale, practices)
    students, stuck = _unplaceable(students)
    blocks = _blocks()
    pairs, exclusions, history, preferences = _relations(rng, students, practices, stuck)
    students = _car_share(students, pairs)
    if NURSING_STUDENTS[scale]:
        practices, students = _nursing(seed, scale, practices, students, {s.student_id for s in students})
    data = DataSet(
        practices=tuple(practices), students=tuple(students),
        blocks=(*blocks, NURSING_BLOCK) if NURSING_STUDENTS[scale] else blocks,
        capacities=tuple(_capacities(rng, practices, blocks)), exclusions=tuple(exclusions),
        pairs=tuple(pairs), history=tuple(history), preferences=tuple(preferences),
        postcodes=tuple(postcodes),
    )
    with gc_paused():
        travel = _travel(data, seed, scale)
    return _replace(data, travel=travel)
