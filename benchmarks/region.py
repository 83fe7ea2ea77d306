"""A region's shapes for ``benchmarks.generate``: more sites near the real ones, and learners of other professions.

A training hub or a region's placement team places several professions at
once across more surgeries than one school's list. Two knobs of ``Spec``
give that shape:

- ``sites_near``: each real Greater Manchester site and that many sites made
  0.5-3 km from it (the same made sites for every spec, so a practice code
  means the same place in every generated set);
- ``programmes``: learners of other professions beside medicine, each with
  its own blocks (``BLOCKS``), sharing the practices' rooms per day with the
  medical students on the dates their blocks overlap.

Both draw from their own random streams, so a spec without them is the
same data as before they existed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random

from scheduler.domain import Block, Practice

_d = dt.date
_MON_FRI = frozenset(range(5))
BLOCKS: dict[str, tuple[Block, ...]] = {
    "nursing": (
        Block("N1-GP", 1, _d(2026, 11, 2), _d(2027, 2, 26), "", "Nursing year 1 community days (Mondays)",
              frozenset({0}), programme="nursing"),
        Block("N2-GP", 2, _d(2027, 1, 18), _d(2027, 2, 12), "", "Nursing year 2 community block", _MON_FRI,
              programme="nursing"),
        Block("N3-GP", 3, _d(2027, 4, 19), _d(2027, 5, 28), "", "Nursing year 3 community block", _MON_FRI,
              programme="nursing"),
    ),
    "pharmacy": (
        Block("PH3-GP", 3, _d(2026, 11, 9), _d(2026, 11, 20), "", "Pharmacy year 3 practice block", _MON_FRI,
              programme="pharmacy"),
        Block("PH4-GP", 4, _d(2027, 3, 1), _d(2027, 3, 19), "", "Pharmacy year 4 practice block", _MON_FRI,
              programme="pharmacy"),
    ),
}
"""Each profession's blocks: one block in each year it has learners, part of that year, overlapping medicine's."""

MEDICINE_ONLY = 0.2
"""Share of practices that host medical students only when other professions are generated."""


def sites_near(sites: list[dict[str, str]], per_site: int) -> list[dict[str, str]]:
    """The real sites, then ``per_site`` made sites near each (same area and postcode district)."""
    made = []
    for k in range(per_site):
        rng = random.Random(2800 + k)
        for site in sites:
            km, bearing = rng.uniform(0.5, 3.0), rng.uniform(0.0, 2 * math.pi)
            lat = float(site["latitude"]) + km * math.cos(bearing) / 111.2
            lon = float(site["longitude"]) + km * math.sin(bearing) / (111.2 * math.cos(math.radians(lat)))
            made.append({**site, "name": f"{site['name']} (branch {k + 1})",
                         "address": f"Branch surgery {k + 1}, {site['address']}",
                         "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", "cqc_id": ""})
    return sites + made


def blocks_of(programmes: tuple[tuple[str, float, tuple[int, ...]], ...]) -> tuple[Block, ...]:
    """The blocks of the other professions' years."""
    return tuple(b for name, _, years in programmes for b in BLOCKS[name] if b.year in years)


def hosts(rng: random.Random, practices: list[Practice]) -> list[Practice]:
    """A share of practices host medical students only; the rest every profession."""
    return [dataclasses.replace(p, programmes=frozenset({"medicine"})) if rng.random() < MEDICINE_ONLY else p
            for p in practices]
