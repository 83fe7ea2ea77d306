"""The school's settings: travel model, solver weights, office details, tariff.

Settings are a frozen dataclass with defaults a placement lead would find
fair; they are stored with the data set (and a copy with every plan) and turn
into and from a plain dict for storage, the CLI and the GUI.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

SOFT_TERMS: tuple[str, ...] = ("travel", "long_travel", "fairness", "balance", "preference", "variety",
                               "interprofessional", "quality")
"""The named soft aims of the plan, in the order they are reported."""

DEFAULT_WEIGHTS: dict[str, float] = {
    # per minute of one-way journey, per student-block
    "travel": 1.0,
    # per minute above the comfort threshold (counted again on top of travel)
    "long_travel": 2.0,
    # per minute of the longest journey in each year group
    "fairness": 5.0,
    # per student above a practice's fair share of its offered capacity
    "balance": 5.0,
    # per rank step away from first choice (unranked counts as one past the last rank)
    "preference": 2.0,
    # per placement at a practice the student has been to before
    "variety": 30.0,
    # per medical student-block placed with no day at its practice beside a learner of another programme
    "interprofessional": 0.0,
    # per student-block placed at a practice flagged for review (its evaluation score below quality_flag_below)
    "quality": 0.0,
}


MAX_WEIGHT = 1000.0
"""Weights above this would swamp every other aim (and overflow the solver's integer costs)."""


class BadSetting(ValueError):
    """A setting given by the user (CLI option, Settings page) that cannot be used; the message says why."""


@dataclass(frozen=True)
class TravelSettings:
    """Straight-line distance -> one-way minutes, per travel mode.

    minutes = access + distance_km * circuity(distance) / speed_kmh * 60
    where circuity falls from ``circuity_short`` (at 0 km) towards
    ``circuity_long`` over ``circuity_scale_km``.
    """

    speed_kmh: dict[str, float] = field(
        default_factory=lambda: {"car": 30.0, "public": 16.0, "bike": 14.0, "walk": 4.8}
    )
    access_minutes: dict[str, float] = field(
        default_factory=lambda: {"car": 5.0, "public": 10.0, "bike": 2.0, "walk": 0.0}
    )
    circuity_short: float = 1.6
    circuity_long: float = 1.3
    circuity_scale_km: float = 10.0


@dataclass(frozen=True)
class Settings:
    # where students without a known location are assumed to live (University of Manchester)
    base_latitude: float = 53.4668
    base_longitude: float = -2.2339
    default_max_travel_minutes: float = 60.0
    long_travel_threshold_minutes: float = 45.0
    travel: TravelSettings = field(default_factory=TravelSettings)
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    # solver
    time_limit_seconds: float = 60.0
    workers: int = 2
    seed: int = 1

    # documents
    academic_year: str = "2026/27"
    school_name: str = "School of Medical Sciences"
    office_contact: str = "GP Placements Office · gp.placements@example.ac.uk · 0161 000 0000"
    office_email: str = "gp.placements@example.ac.uk"
    """the sender of email drafts"""
    induction_notes: str = ("Please give each student a short induction on their first day: fire exits, "
                            "chaperone policy, who to ask for help, and the practice's confidentiality rules.")
    """printed in every placement letter to practices"""
    sessions_per_day: int = 2
    tariff_per_session: float = 75.0
    tariff_per_student_week: float = 0.0
    """paid on top of the sessions for each week a student is placed (0 = none)"""
    required_clearances: tuple[str, ...] = ("dbs", "occupational_health")
    """clearance kinds a student must hold, valid through a block's last day, when the data has clearances"""

    # students' evaluations
    evaluation_min_answers: int = 3
    """A practice's score is shown only where at least this many students answered (anonymity)."""
    quality_flag_below: float = 3.0
    """A practice whose mean score (all questions, 1-5) is below this is listed for review."""
    avoid_flagged_practices: bool = False
    """Hard: no student is placed at a practice flagged for review (``scheduler/rules/quality.py``)."""

    # data keeping
    backups_kept: int = 20
    """Automatic backups kept per database (before migrations, imports that replace, restores, and daily)."""
    retention_years: int = 6
    """Academic years a student's personal data is kept after their last placement year (``purge``)."""

    def with_weights(self, **weights: float) -> "Settings":
        unknown = set(weights) - set(SOFT_TERMS)
        if unknown:
            raise BadSetting(f"unknown weight(s): {', '.join(sorted(unknown))}; known: {', '.join(SOFT_TERMS)}")
        for name, value in weights.items():
            if not (math.isfinite(value) and 0 <= value <= MAX_WEIGHT):
                raise BadSetting(f"weight {name} must be a number from 0 to {MAX_WEIGHT:g} (got {value!r})")
        return dataclasses.replace(self, weights={**self.weights, **weights})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Settings":
        """Builds settings from a stored dict, ignoring unknown keys and keeping defaults for missing ones."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if isinstance(values.get("travel"), dict):
            travel_known = {f.name for f in dataclasses.fields(TravelSettings)}
            values["travel"] = TravelSettings(**{k: v for k, v in values["travel"].items() if k in travel_known})
        if isinstance(values.get("weights"), dict):
            values["weights"] = {**DEFAULT_WEIGHTS, **{k: float(v) for k, v in values["weights"].items() if k in SOFT_TERMS}}
        if isinstance(values.get("required_clearances"), (list, tuple)):
            values["required_clearances"] = tuple(str(kind) for kind in values["required_clearances"])
        return cls(**values)
