"""Work that runs in another process (a solve): plain functions without Qt, importable by the child process.

CP-SAT and numpy hold Python's global lock for long stretches while a model
of the full data set is built (measured: up to 0.4 s at a time), which would
freeze the window if the solve ran on a thread of the window's process. The
job helper runs these functions in a separate process instead.
"""

from __future__ import annotations


def solve_plan(ws, name: str, settings, min_change: bool, task=None):
    """Saves the weights as the new defaults, then solves and saves the plan."""
    from scheduler.services import data, plans

    data.save_settings(ws, settings)
    return plans.solve(ws, name, settings=settings, task=task, min_change=min_change)
