"""Who has replied to a round, who is awaiting a reply and who is to chase: a search and a "Show:" filter, the table
of those asked with where each stands (coloured), and a line of counts under it. The Offers, Preferences and
Evaluations pages each show one for their round."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.models.table import Column, RowFilterProxy, RowTableModel
from desktop.pages.base import make_table_view
from desktop.text import plural
from desktop.widgets.filter_bar import FilterBar

TO_CHASE, AWAITING, REPLIED, NOT_SENT = "to chase", "awaiting reply", "replied", "not sent"
STANDING_COLOURS = {TO_CHASE: "#b3261e", REPLIED: "#1b6e20"}

Row = TypeVar("Row")


def when(moment: dt.datetime | None) -> str:
    return f"{moment:%d %b %Y %H:%M}" if moment else ""


def standing_column(standing: Callable[[Row], str], tooltip: str) -> Column[Row]:
    """The "Reply" column: where the row stands, red when to chase and green once replied."""
    return Column("Reply", standing, colour=lambda r: STANDING_COLOURS.get(standing(r)), tooltip=tooltip)


def date_columns() -> list[Column]:
    """"Reply by", "Sent" and "Replied", of rows with ``reply_by``, ``sent`` and ``replied``; sorted by date."""
    return [
        Column("Reply by", lambda r: f"{r.reply_by:%d %b %Y}" if r.reply_by else "",
               lambda r: r.reply_by.isoformat() if r.reply_by else ""),
        Column("Sent", lambda r: when(r.sent), lambda r: r.sent.isoformat() if r.sent else ""),
        Column("Replied", lambda r: when(r.replied), lambda r: r.replied.isoformat() if r.replied else ""),
    ]


class ReplyStatus(QWidget, Generic[Row]):
    """``filters``, ``table`` (over ``proxy`` over ``model``) and ``count_label``; ``standing`` says where a row
    stands (one of ``choices``), ``noun`` what a row is ("practice", "student")."""

    def __init__(self, columns: Sequence[Column[Row]], standing: Callable[[Row], str], *, noun: str, title: str,
                 choices: Sequence[str] = (TO_CHASE, AWAITING, REPLIED, NOT_SENT), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.standing = standing
        self.noun = noun
        self.filters = FilterBar(f"Search {noun}s… (Ctrl+F)")
        self.filters.add_combo("reply", "Show:", f"Show only {noun}s who replied, or those to chase")
        self.filters.set_choices("reply", list(choices))
        self.filters.finish()
        self.filters.changed.connect(self.apply_filters)
        self.model: RowTableModel[Row] = RowTableModel(list(columns), self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(title)
        self.table.setModel(self.proxy)
        self.count_label = QLabel("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def set_rows(self, rows: list[Row]) -> None:
        self.model.set_rows(rows)
        self.apply_filters()

    def apply_filters(self) -> None:
        reply = self.filters.choice("reply")
        self.proxy.set_search(self.filters.search.text())
        self.proxy.set_filter("reply", (lambda r: self.standing(r) == reply) if reply else None)
        rows = self.model.rows()
        counts = Counter(self.standing(r) for r in rows)
        self.count_label.setText(f"{counts[REPLIED]:,} of {plural(len(rows), self.noun)} replied · "
                                 f"{counts[AWAITING]:,} awaiting a reply · {counts[TO_CHASE]:,} to chase")

    def focus_search(self) -> bool:
        self.filters.search.setFocus()
        self.filters.search.selectAll()
        return True

