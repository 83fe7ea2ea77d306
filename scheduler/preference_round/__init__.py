"""The students' preferences round: a workbook per cohort listing only the practices each student may go to,
and reading the ranks back (``workbook`` writes, ``returns`` reads and checks)."""
