"""Travel estimates: distances, mode speeds, overrides from the travel table, postcode lookup, fallback."""

from __future__ import annotations

import numpy as np
import pytest

from scheduler.domain import DataSet, PostcodeLocation, Practice, Student, TravelOverride
from scheduler.settings import Settings
from scheduler.travel import distance_km, normalise_postcode, travel_matrix

MANCHESTER = (53.4808, -2.2426)
LIVERPOOL = (53.4084, -2.9916)


def student(sid: str, lat=None, lon=None, mode="public", postcode="") -> Student:
    return Student(sid, "A", "B", 3, latitude=lat, longitude=lon, travel_mode=mode, postcode=postcode)


def practice(code: str, lat=None, lon=None, postcode="") -> Practice:
    return Practice(code, code, frozenset({3}), 1, latitude=lat, longitude=lon, postcode=postcode)


def test_great_circle_distance_manchester_to_liverpool():
    d = distance_km(np.array([MANCHESTER[0]]), np.array([MANCHESTER[1]]),
                    np.array([LIVERPOOL[0]]), np.array([LIVERPOOL[1]]))
    assert d.shape == (1, 1)
    assert d[0, 0] == pytest.approx(50.0, abs=1.5)
    same = distance_km(np.array([53.0]), np.array([-2.0]), np.array([53.0]), np.array([-2.0]))
    assert same[0, 0] == pytest.approx(0.0, abs=1e-9)


def test_minutes_grow_with_distance_and_depend_on_mode():
    near, far = practice("NEAR", 53.4700, -2.2300), practice("FAR", 53.5500, -2.1000)
    modes = ("car", "public", "bike", "walk")
    data = DataSet(practices=(near, far), students=tuple(student(m, 53.4668, -2.2339, m) for m in modes))
    m = travel_matrix(data, Settings()).minutes
    assert (m[:, 1] > m[:, 0]).all()
    by_mode = dict(zip(modes, m[:, 1]))
    assert by_mode["car"] < by_mode["public"] < by_mode["walk"]
    assert by_mode["bike"] < by_mode["walk"]
    settings = Settings()
    assert m[0, 0] >= settings.travel.access_minutes["car"]


def test_override_rows_win_over_the_estimate():
    data = DataSet(practices=(practice("P1", *MANCHESTER), practice("P2", *LIVERPOOL)),
                   students=(student("S1", *MANCHESTER), student("S2", *LIVERPOOL)),
                   travel=(TravelOverride("S1", "P2", 7.0),))
    matrix = travel_matrix(data, Settings())
    assert matrix.between("S1", "P2") == 7.0
    assert matrix.between("S2", "P1") > 60


def test_postcodes_place_students_and_practices_without_coordinates():
    data = DataSet(practices=(practice("P1", postcode="M13 9PL"),),
                   students=(student("S1", postcode="m139pl"), student("S2", *LIVERPOOL)),
                   postcodes=(PostcodeLocation("M13 9PL", 53.4668, -2.2339),))
    matrix = travel_matrix(data, Settings())
    assert matrix.locations.practice_lat[0] == pytest.approx(53.4668)
    assert not matrix.locations.student_fallback.any()
    assert matrix.between("S1", "P1") < matrix.between("S2", "P1")


def test_unknown_home_falls_back_to_the_school_base():
    settings = Settings()
    data = DataSet(practices=(practice("P1", 53.5, -2.2),), students=(student("S1", postcode="ZZ9 9ZZ"), student("S2")))
    matrix = travel_matrix(data, settings)
    assert matrix.locations.student_fallback.tolist() == [True, True]
    assert matrix.locations.student_lat[0] == settings.base_latitude
    assert matrix.locations.student_lon[1] == settings.base_longitude


def test_normalise_postcode():
    assert normalise_postcode(" m13  9pl ") == "M139PL"
    assert normalise_postcode("M139PL") == normalise_postcode("m13 9pl")


@pytest.mark.slow
def test_full_demo_matrix_is_complete_and_positive():
    from scheduler.demo import make_demo

    data = make_demo(seed=1, scale="full")
    matrix = travel_matrix(DataSet(practices=data.practices, students=data.students, postcodes=data.postcodes), Settings())
    assert matrix.minutes.shape == (len(data.students), 472) and len(data.students) >= 2000
    assert np.isfinite(matrix.minutes).all() and (matrix.minutes > 0).all()
