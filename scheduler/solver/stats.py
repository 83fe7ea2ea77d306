"""The figures of one solve, written by the steps into one typed record and returned as ``SolveResult.stats``.

Each field is a count or the seconds a step spent; a field never written is left
out of ``as_dict`` (the step did not run), so the dictionary says which ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class SmallMip:
    """One soft-aims MIP over each unit's few arcs of smallest reduced cost (``steps.search.SmallMips``)."""

    seconds: float
    arcs: int
    arcs_needed: int
    """Arcs a better plan may use, of which the MIP took ``arcs``."""


@dataclass
class Stats:
    candidates: int | None = None
    mixed_student_blocks: int | None = None
    """With learners of several programmes: medical student-blocks with a day beside another programme's."""
    medical_student_blocks: int | None = None
    mixed_lp_most: float | None = None
    """The most ``mixed_student_blocks`` the LP allows with as many placed (only with the aim weighed)."""
    seconds_mixed_lp: float | None = None
    student_blocks: int | None = None
    units: int | None = None
    seconds_candidates: float | None = None
    seconds_flow: float | None = None
    seconds_repair: float | None = None
    seconds_count_lp: float | None = None
    seconds_count_support: float | None = None
    """Both small count MIPs together."""
    seconds_count_mip: float | None = None
    seconds_floors: float | None = None
    seconds_lp: float | None = None
    lp_columns: int | None = None
    lp_rounds: int | None = None
    seconds_round_mip: float | None = None
    seconds_mip_near_lp: float | None = None
    units_free_near_lp: int | None = None
    proof_beside_search: bool | None = None
    seconds_mip: float | None = None
    """The proving MIP."""
    variables: int | None = None
    arcs_kept: int | None = None
    lns_rounds: int | None = None
    lns_better: int | None = None
    seconds_cpsat: float | None = None
    rounds: int | None = None
    """CP-SAT models solved (the fallback grows its model while it must)."""
    seconds: float | None = None
    small_mips: dict[int, SmallMip] = field(default_factory=dict)
    """By arcs per unit."""

    def add_seconds(self, name: str, seconds: float) -> None:
        """Adds to a seconds field that several runs of a step share."""
        setattr(self, name, (getattr(self, name) or 0.0) + seconds)

    def as_dict(self) -> dict[str, float]:
        out = {f.name: float(getattr(self, f.name)) for f in fields(self)
               if f.name != "small_mips" and getattr(self, f.name) is not None}
        for per_unit, mip in self.small_mips.items():
            out[f"seconds_mip_{per_unit}"] = mip.seconds
            out[f"arcs_mip_{per_unit}"] = float(mip.arcs)
            out[f"arcs_needed_{per_unit}"] = float(mip.arcs_needed)
        return out
