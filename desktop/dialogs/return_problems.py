"""The problems table of a returned-workbooks dialog: file, sheet, row, column (with its heading) and problem."""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.models.table import Column
from scheduler.returned_workbooks import FileProblem


def problem_columns(headings: Sequence[str]) -> list[Column[FileProblem]]:
    """The columns for problems in workbooks whose columns A, B, … are headed ``headings``."""

    def cell(problem: FileProblem) -> tuple[str, str]:
        """(row, column) of the problem's cell, the column with its heading (``G (rank)``)."""
        found = re.fullmatch(r"([A-Z]+)(\d+)", problem.cell)
        if not found:
            return "", problem.cell
        letters, row = found.groups()
        position = ord(letters) - ord("A") if len(letters) == 1 else -1
        heading = f" ({headings[position]})" if 0 <= position < len(headings) else ""
        return row, letters + heading

    return [
        Column("File", lambda p: p.file),
        Column("Sheet", lambda p: p.sheet),
        Column("Row", lambda p: cell(p)[0], lambda p: int(cell(p)[0] or 0), numeric=True),
        Column("Column", lambda p: cell(p)[1]),
        Column("Problem", lambda p: p.message),
    ]
