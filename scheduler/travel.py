"""One-way journey minutes between students and practices.

Estimated from straight-line (great-circle) distance times a circuity factor
that falls with distance, divided by the student's mode speed, plus a fixed
access time (walk to the stop, parking); all parameters in Settings. Rows of
the ``travel`` table always win over the estimate. Vectorised with numpy: the
full data set is 2,000 x 472 pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.domain import TRAVEL_MODES, DataSet, Practice, Student
from scheduler.settings import Settings, TravelSettings

EARTH_RADIUS_KM = 6371.0088


def normalise_postcode(postcode: str) -> str:
    """Postcodes match ignoring case and spaces: ``m13 9pl`` == ``M139PL``."""
    return "".join(postcode.split()).upper()


@dataclass(frozen=True)
class Locations:
    """Resolved coordinates (degrees) for students and practices, in data-set order."""

    student_lat: np.ndarray
    student_lon: np.ndarray
    student_fallback: np.ndarray
    """True where the student's home was unknown and the school's base location was used."""
    practice_lat: np.ndarray
    practice_lon: np.ndarray


def resolve_locations(data: DataSet, settings: Settings) -> Locations:
    lookup = {normalise_postcode(p.postcode): (p.latitude, p.longitude) for p in data.postcodes}

    def place(lat: float | None, lon: float | None, postcode: str) -> tuple[float, float] | None:
        if lat is not None and lon is not None:
            return lat, lon
        return lookup.get(normalise_postcode(postcode)) if postcode else None

    base = (settings.base_latitude, settings.base_longitude)
    s_coords, fallback = [], []
    for s in data.students:
        found = place(s.latitude, s.longitude, s.postcode)
        fallback.append(found is None)
        s_coords.append(found or base)
    p_coords = [place(p.latitude, p.longitude, p.postcode) or base for p in data.practices]
    s_arr = np.array(s_coords, dtype=float).reshape(-1, 2)
    p_arr = np.array(p_coords, dtype=float).reshape(-1, 2)
    return Locations(s_arr[:, 0], s_arr[:, 1], np.array(fallback, dtype=bool), p_arr[:, 0], p_arr[:, 1])


def distance_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance between every row point and every column point (haversine).

    In place on three learner-by-practice arrays rather than a new one per operation: the same figures, bit for
    bit, without a region's worth of temporary arrays (docs/engine.md, "At a region's scale")."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    half_dlat = p2 - p1
    half_dlat /= 2
    np.square(np.sin(half_dlat, out=half_dlat), out=half_dlat)
    half_dlon = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    half_dlon /= 2
    np.square(np.sin(half_dlon, out=half_dlon), out=half_dlon)
    a = np.cos(p1) * np.cos(p2)
    a *= half_dlon
    a += half_dlat
    np.clip(a, 0.0, 1.0, out=a)
    np.arcsin(np.sqrt(a, out=a), out=a)
    a *= 2 * EARTH_RADIUS_KM
    return a


def estimate_minutes(distance: np.ndarray, modes: np.ndarray, travel: TravelSettings) -> np.ndarray:
    """Minutes for each distance (rows = students) given each row's travel mode.

    access + distance * circuity / speed * 60, computed in place on one array (bit for bit the same)."""
    minutes = np.negative(distance)
    minutes /= travel.circuity_scale_km
    np.exp(minutes, out=minutes)
    minutes *= travel.circuity_short - travel.circuity_long
    minutes += travel.circuity_long  # the circuity
    speed = np.array([travel.speed_kmh[m] for m in modes], dtype=float)[:, None]
    access = np.array([travel.access_minutes[m] for m in modes], dtype=float)[:, None]
    minutes *= distance
    minutes /= speed
    minutes *= 60.0
    minutes += access
    return minutes


@dataclass(frozen=True)
class TravelMatrix:
    """``minutes[i, j]`` is the one-way journey of ``students[i]`` to ``practices[j]``."""

    students: tuple[Student, ...]
    practices: tuple[Practice, ...]
    minutes: np.ndarray
    locations: Locations

    def __post_init__(self) -> None:
        object.__setattr__(self, "_s_index", {s.student_id: i for i, s in enumerate(self.students)})
        object.__setattr__(self, "_p_index", {p.code: j for j, p in enumerate(self.practices)})

    def student_index(self, student_id: str) -> int:
        return self._s_index[student_id]  # type: ignore[attr-defined]

    def practice_index(self, practice_code: str) -> int:
        return self._p_index[practice_code]  # type: ignore[attr-defined]

    def between(self, student_id: str, practice_code: str) -> float:
        return float(self.minutes[self.student_index(student_id), self.practice_index(practice_code)])


def travel_matrix(data: DataSet, settings: Settings) -> TravelMatrix:
    """All student-to-practice minutes: estimates, then the ``travel`` table's rows on top."""
    locations = resolve_locations(data, settings)
    distance = distance_km(locations.student_lat, locations.student_lon,
                           locations.practice_lat, locations.practice_lon)
    modes = np.array([s.travel_mode if s.travel_mode in TRAVEL_MODES else "public" for s in data.students])
    minutes = estimate_minutes(distance, modes, settings.travel) if len(modes) else distance
    matrix = TravelMatrix(data.students, data.practices, minutes, locations)
    if data.travel:
        rows = np.fromiter((matrix.student_index(t.student_id) for t in data.travel), dtype=np.int64, count=len(data.travel))
        cols = np.fromiter((matrix.practice_index(t.practice_code) for t in data.travel), dtype=np.int64, count=len(data.travel))
        vals = np.fromiter((t.minutes for t in data.travel), dtype=float, count=len(data.travel))
        minutes[rows, cols] = vals
    return matrix
