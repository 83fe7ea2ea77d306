"""The allocation engine: domain objects in, a plan out (no database, no Qt). docs/engine.md tells its story.

``engine.solve`` builds the problem and runs ``engine.STEPS``; ``check_plan``
checks a plan against the hard rules; ``explain_unplaced`` says why a
student-block has no practice. This module imports none of them until asked
(PEP 562): the HiGHS worker processes import ``scheduler.solver.highs_run``,
which must not pull in OR-Tools and the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scheduler.solver.check import check_plan
    from scheduler.solver.engine import explain_unplaced, solve
    from scheduler.solver.result import Move, SolveResult

__all__ = ["solve", "check_plan", "explain_unplaced", "SolveResult", "Move"]


def __getattr__(name: str) -> Any:
    # plain import statements, so that PyInstaller's analysis of the frozen app sees these modules
    if name in ("solve", "explain_unplaced"):
        from scheduler.solver import engine

        return getattr(engine, name)
    if name == "check_plan":
        from scheduler.solver import check

        return check.check_plan
    if name in ("SolveResult", "Move"):
        from scheduler.solver import result

        return getattr(result, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
