"""The min-cost flow core: units -> (practice, block) places -> sink.

A transportation network solved exactly with OR-Tools' ``SimpleMinCostFlow``.
Every unit (a student-block, or a ``together`` group moving as one) supplies
its size; it may flow to any of its candidate places at the arc's cost, or to
the sink directly at a cost ``unplaced`` that dominates every soft cost, so
the optimum places as many as possible first. A place drains to the sink
through two parallel arcs: up to its fair share at no cost, the rest at the
balance cost (convex, hence exact). ``potentials`` returns node potentials of
an optimal flow (shortest paths in the residual graph) for reduced costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow


@dataclass
class FlowResult:
    flow: np.ndarray
    """Flow on each unit -> place arc."""
    unplaced: np.ndarray
    """Flow of each unit straight to the sink (students not placed)."""
    cost: int
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    costs: np.ndarray
    all_flow: np.ndarray
    n_nodes: int


class FlowError(RuntimeError):
    pass


def solve(sizes: np.ndarray, arc_unit: np.ndarray, arc_place: np.ndarray, arc_cost: np.ndarray,
          place_cap: np.ndarray, place_soft: np.ndarray, over_cost: int, unplaced_cost: np.ndarray) -> FlowResult:
    """Min-cost flow placing every unit's size; per-unit-of-flow costs, integers."""
    n_units, n_places = len(sizes), len(place_cap)
    sink = n_units + n_places
    soft = np.minimum(place_soft, place_cap)
    tails = np.concatenate([arc_unit, np.arange(n_units), n_units + np.arange(n_places), n_units + np.arange(n_places)])
    heads = np.concatenate([n_units + arc_place, np.full(n_units, sink), np.full(n_places, sink), np.full(n_places, sink)])
    caps = np.concatenate([sizes[arc_unit], sizes, soft, place_cap - soft])
    costs = np.concatenate([arc_cost, unplaced_cost, np.zeros(n_places, dtype=np.int64),
                            np.full(n_places, over_cost, dtype=np.int64)])
    tails, heads = tails.astype(np.int32), heads.astype(np.int32)
    caps, costs = caps.astype(np.int64), costs.astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.concatenate([sizes, np.zeros(n_places, dtype=np.int64), [-int(sizes.sum())]]).astype(np.int64)
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise FlowError(f"min-cost flow failed with status {status}")
    flows = smcf.flows(np.arange(len(tails), dtype=np.int32))
    n_arcs = len(arc_unit)
    return FlowResult(flow=flows[:n_arcs], unplaced=flows[n_arcs:n_arcs + n_units], cost=int(smcf.optimal_cost()),
                      tails=tails, heads=heads, caps=caps, costs=costs, all_flow=flows, n_nodes=sink + 1)


def potentials(result: FlowResult, max_rounds: int = 100_000) -> np.ndarray:
    """Node potentials with reduced cost >= 0 on every residual arc (vectorised Bellman-Ford)."""
    fwd = result.all_flow < result.caps
    bwd = result.all_flow > 0
    u = np.concatenate([result.tails[fwd], result.heads[bwd]]).astype(np.int64)
    v = np.concatenate([result.heads[fwd], result.tails[bwd]]).astype(np.int64)
    c = np.concatenate([result.costs[fwd], -result.costs[bwd]]).astype(np.int64)
    dist = np.zeros(result.n_nodes, dtype=np.int64)
    for _ in range(max_rounds):
        cand = dist[u] + c
        better = cand < dist[v]
        if not better.any():
            return dist
        new = dist.copy()
        np.minimum.at(new, v[better], cand[better])
        dist = new
    raise FlowError("potentials did not converge")


def reduced_costs(result: FlowResult, pi: np.ndarray, n_arcs: int) -> np.ndarray:
    """Reduced cost of each unit -> place arc (per unit of flow)."""
    t, h = result.tails[:n_arcs], result.heads[:n_arcs]
    return np.asarray(result.costs[:n_arcs] + pi[t] - pi[h])
