"""The rulebook: every hard rule and soft aim of the data contract, each written once.

``hard.py`` holds one function per hard rule of ``docs/data-format.md`` (with,
for the rules about one student at one practice, the vectorised form the
candidate pruning uses beside it); ``aims.py`` holds one cost function per
soft aim. The solver (pruning, costs, CP-SAT model, explanations), the plan
checker, the hand-edit service and the plan-file check all call these
functions, so a rule means the same thing everywhere.
"""

from scheduler.rules.hard import PLACEMENT_RULES, Break, Facts, placement_breaks, plan_breaks

__all__ = ["PLACEMENT_RULES", "Break", "Facts", "plan_breaks", "placement_breaks"]
