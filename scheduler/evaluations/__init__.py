"""The students' evaluations round: a workbook per student to rate each of their placements, and reading the returns.

``layout`` fixes where things stand in the workbook, ``workbook`` writes it
(protected except the answer cells), ``returns`` reads returned workbooks and
checks every answer cell, and ``quality`` turns the answers into each
practice's figures, shown only where enough students answered.
"""
