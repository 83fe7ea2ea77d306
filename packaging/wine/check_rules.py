"""Checks a database's current plan against benchmarks/rules.py, the contract's hard rules written apart from
the solver: for the plan the Windows program made in packaging/wine/smoke.sh.

    python packaging/wine/check_rules.py DATABASE.db

Prints one line per broken rule and exits 1, or one summary line and exits 0. Open a copy: opening
migrates a database of an older schema.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.rules import Rules, check_plan  # noqa: E402
from scheduler.services import data as data_service  # noqa: E402
from scheduler.services import plans  # noqa: E402
from scheduler.services.workspace import Workspace  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    with Workspace.open(argv[0]) as ws:
        data, settings, plan = data_service.load_dataset(ws), data_service.load_settings(ws), plans.load_plan(ws)
    broken = check_plan(Rules(data, settings), plan)
    for problem in broken:
        print(problem)
    if broken:
        return 1
    print(f"rules: plan {plan.name!r} keeps every hard rule of benchmarks/rules.py "
          f"({len(plan.placements)} placements, {len(plan.unplaced)} unplaced)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
