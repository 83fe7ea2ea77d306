"""A table as the officer sees it, ready to save: the columns shown, the rows the filters leave, and a note.

Export (Excel or CSV) writes exactly what the view shows, in its order, with a
first line that states the filter ("Students, filtered: 'Y5-G1', 100 of 1,400");
the officer may instead choose every row, which the note then says. The cells
come from the table model: numbers stay numbers, the rest is the text shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QTableView

from desktop.models.table import RowTableModel
from desktop.widgets.filter_bar import FilterBar
from scheduler.services.spreadsheets import Sheet


@dataclass
class ShownTable:
    title: str
    """What the rows are, as the officer would say it: "Students", "Unplaced student-blocks"."""
    view: QTableView
    filters: FilterBar | None = None
    more_filters: str = ""
    """Filters the page applies outside its filter bar, in words (the audit trail's dates)."""
    all_known: bool = True
    """False when the model holds only the rows the filters let through (read so from the database)."""

    def _models(self) -> tuple[QAbstractItemModel, QAbstractItemModel]:
        shown = self.view.model()
        source = shown.sourceModel() if isinstance(shown, QSortFilterProxyModel) else shown
        return shown, source

    def counts(self) -> tuple[int, int]:
        """(rows shown, rows in all)."""
        shown, source = self._models()
        return shown.rowCount(), source.rowCount()

    @property
    def filter_words(self) -> str:
        bar = self.filters.describe() if self.filters is not None else ""
        return ", ".join(part for part in (bar, self.more_filters) if part)

    @property
    def filtered(self) -> bool:
        shown, total = self.counts()
        return shown != total or bool(self.filter_words)

    @property
    def offers_all(self) -> bool:
        """Whether "all rows" is a choice: the table is filtered and holds the rows filtered out."""
        return self.all_known and self.filtered

    def note(self, all_rows: bool = False) -> str:
        shown, total = self.counts()
        if not self.filtered:
            return f"{self.title}, all {total:,} rows"
        words = self.filter_words or "the table's filters"
        if all_rows:
            return f"{self.title}, all {total:,} rows (not filtered by {words}, which shows {shown:,})"
        if not self.all_known:
            return f"{self.title}, filtered: {words}, {shown:,} rows"
        return f"{self.title}, filtered: {words}, {shown:,} of {total:,}"

    def sheet(self, all_rows: bool = False) -> Sheet:
        shown, source = self._models()
        model = source if all_rows else shown
        header = self.view.horizontalHeader()
        columns = [header.logicalIndex(v) for v in range(header.count())
                   if not header.isSectionHidden(header.logicalIndex(v))]
        rows = [[model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "" for c in columns]
                for r in range(model.rowCount())]
        titles = [str(source.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
        # a numeric column of whole numbers ("1,234") is written as numbers, so that Excel can sort and sum it
        whole = [_is_numeric(source, c) and all(_whole_number(row[i]) is not None or row[i] == "" for row in rows)
                 and any(row[i] != "" for row in rows) for i, c in enumerate(columns)]
        cells = [[_whole_number(value) if is_number and value != "" else value for value, is_number in zip(row, whole)]
                 for row in rows]
        kinds = ["number" if is_number else "text" for is_number in whole]
        return Sheet(self.title, list(zip(titles, kinds)), cells, note=self.note(all_rows))


def _is_numeric(model: QAbstractItemModel, column: int) -> bool:
    return isinstance(model, RowTableModel) and model.columns[column].numeric


WHOLE_NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)")


def _whole_number(text: str) -> int | None:
    return int(text.replace(",", "")) if WHOLE_NUMBER.fullmatch(text) else None
