"""The capacity-offers round: a workbook per practice to confirm its places, and reading the returns.

``workbook`` writes the protected workbook a practice fills in; ``returns``
reads returned workbooks back, checks every answer cell and turns them into
changes to capacities, students per day and tutors.
"""
