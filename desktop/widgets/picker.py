"""Student and practice pickers that find a name ignoring case and accents, on any part of it.

Qt's own combo-box completer matches a typed string as it is ("Siob" finds
Siobhán, "siobhan" does not). Here the completer shows the combo's items
through a proxy that folds both sides (``desktop.search``), so every word
typed must appear somewhere in the item: "siobhan", "SIOBHÁN", "han sul" and
a student number all find "Siobhán Ó Súilleabháin (…)". Picking an item sets
the combo's current item (Qt maps the proxy row back to the combo's model).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from desktop.models.filter_change import rows_refiltered
from desktop.search import matches, search_words


class FoldedMatches(QSortFilterProxyModel):
    """The items whose text holds every typed word, ignoring case and accents."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        with rows_refiltered(self):
            self._words = search_words(text)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        text = self.sourceModel().index(source_row, 0, source_parent).data(Qt.ItemDataRole.DisplayRole) or ""
        return matches(self._words, text)


def make_picker(combo: QComboBox) -> QCompleter:
    """Makes ``combo`` editable, finding its items by any part of their text, ignoring case and accents."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    found = FoldedMatches(combo)
    found.setSourceModel(combo.model())
    completer = QCompleter(found, combo)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)  # the proxy does the filtering
    combo.setCompleter(completer)

    def typed(text: str) -> None:
        found.set_text(text)
        if text.strip():
            completer.complete()

    combo.lineEdit().textEdited.connect(typed)
    return completer
