"""The rulebook: every hard rule and soft aim of the data contract, each written once.

``hard.py`` holds one function per hard rule of ``docs/data-format.md`` (with,
for the rules about one student at one practice, the vectorised form the
candidate pruning uses beside it) and the domain checker; ``ties.py`` the
rules that tie placements together, each with ``check`` and the rows every
solver model is built from; ``aims.py`` one cost function per soft aim;
``places.py`` places after overrides and consulting rooms; ``clearance.py``
approvals and clearances; ``tutors.py`` GP tutors in date; ``units.py`` the unit of cost (tenths). The solver,
the plan checker, the hand-edit service, reports and advice all ask here, so
a rule means the same thing everywhere.
"""

from scheduler.rules.hard import PLACEMENT_RULES, Break, Facts, placement_breaks, plan_breaks

__all__ = ["PLACEMENT_RULES", "Break", "Facts", "plan_breaks", "placement_breaks"]
