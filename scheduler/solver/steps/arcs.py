"""Which arcs a restricted model takes: each unit's few of smallest reduced cost, and those a better plan may use."""

from __future__ import annotations

import numpy as np

from scheduler.solver.bound import Relaxation
from scheduler.solver.problem import Problem
from scheduler.solver.state import State

START_ARCS_PER_UNIT = 6
"""Each unit's arcs of smallest flow reduced cost among the soft-aims LP's first columns."""


def flow_score(relaxation: Relaxation, n_arcs: int) -> np.ndarray:
    """Each arc's reduced cost in the flow relaxation (0 where the flow has none)."""
    score = np.zeros(n_arcs)
    for year in relaxation.years:
        score[year.arcs] = np.minimum(year.rc_inf, year.rc_star)
    return score


def cheapest_arcs(problem: Problem, score: np.ndarray, per_unit: int) -> np.ndarray:
    """Each unit's ``per_unit`` arcs of smallest ``score``."""
    order = np.lexsort((score, problem.arc_unit))
    rank = np.arange(len(order)) - problem.arc_ptr[problem.arc_unit[order]]
    return np.asarray(order[rank < per_unit])


def cheapest_mask(problem: Problem, score: np.ndarray, per_unit: int) -> np.ndarray:
    """``cheapest_arcs`` as a mask over all arcs."""
    mask = np.zeros(len(problem.arc_unit), dtype=bool)
    mask[cheapest_arcs(problem, score, per_unit)] = True
    return mask


def start_arcs(problem: Problem, relaxation: Relaxation, unit_arc: np.ndarray,
               per_unit: int = START_ARCS_PER_UNIT) -> np.ndarray:
    """The first LP columns: each unit's arcs of smallest flow reduced cost, the incumbent and the flow's."""
    chosen = cheapest_arcs(problem, flow_score(relaxation, len(problem.arc_unit)), per_unit)
    return np.unique(np.concatenate([chosen, unit_arc[unit_arc >= 0], np.nonzero(relaxation.unit_arc_flow > 0)[0]]))


def arc_score(state: State) -> np.ndarray:
    """The reduced costs restricted models rank arcs by: the soft-aims LP's, else the flow's."""
    score = state.evidence.lp_score
    return score if score is not None else flow_score(state.relaxation, len(state.problem.arc_unit))


def needed_arcs(state: State) -> np.ndarray:
    """The arcs a plan better than the incumbent may use (exact fixing by the LP's reduced costs, when the LP was
    solved to the end; every arc otherwise), with the incumbent's."""
    reduced, lower, upper = state.evidence.lp_reduced, state.proven.lower, state.best.upper
    if reduced is None or lower is None:
        return np.ones(len(state.problem.arc_unit), dtype=bool)
    return state.with_plan_arcs(reduced <= upper - lower + 1e-6 * max(1.0, abs(upper)))


def flow_floors(state: State) -> dict[int, int] | None:
    """Each year's bottleneck journey in the flow relaxation: a floor on its longest journey, but only for plans
    placing the flow's count."""
    if not state.at_flow_count:
        return None
    return {year.year: int(year.t_bottleneck) for year in state.relaxation.years}


def mip_floors(state: State) -> dict[int, int] | None:
    """The floors the soft-aims MIPs are given: the proven ones (``Floors``), else the flow's."""
    floors = state.evidence.year_floors
    return floors if floors is not None else flow_floors(state)
