"""A row of filters above a table: a search box, drop-down lists and check boxes, debounced."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

ALL = "All"


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, placeholder: str = "Search (Ctrl+F)", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Type words to find; every word must appear in the row")
        self.search.setAccessibleName("Search")
        self.search.setMinimumWidth(220)
        layout.addWidget(self.search, 2)
        self.combos: dict[str, QComboBox] = {}
        self.checks: dict[str, QCheckBox] = {}
        self._labels: dict[str, str] = {}
        self._layout = layout
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(self._timer.start)

    def add_combo(self, name: str, label: str, tooltip: str = "") -> QComboBox:
        caption = QLabel(label)
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setToolTip(tooltip or f"Show only rows of this {label.rstrip(':').lower()}")
        combo.setAccessibleName(label.rstrip(":"))
        caption.setBuddy(combo)
        combo.addItem(ALL)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._layout.addWidget(caption)
        self._layout.addWidget(combo)
        self.combos[name] = combo
        self._labels[name] = label.replace("&", "").rstrip(":").strip()
        return combo

    def add_check(self, name: str, label: str, tooltip: str = "") -> QCheckBox:
        check = QCheckBox(label)
        check.setToolTip(tooltip)
        check.toggled.connect(lambda _on: self.changed.emit())
        self._layout.addWidget(check)
        self.checks[name] = check
        return check

    def finish(self) -> None:
        self._layout.addStretch(1)

    def set_choices(self, name: str, values: list[str]) -> None:
        """Replaces a combo's values, keeping the current choice when it still exists."""
        combo = self.combos[name]
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL)
        combo.addItems(values)
        index = combo.findText(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if index < 0 and current != ALL:
            self.changed.emit()

    def choice(self, name: str) -> str | None:
        text = self.combos[name].currentText()
        return None if text in ("", ALL) else text

    def checked(self, name: str) -> bool:
        return self.checks[name].isChecked()

    def describe(self) -> str:
        """The filters in force, in words: "'Y5-G1', Year: 5, Unplaced only" ('' when none)."""
        parts = [f"'{self.search.text().strip()}'"] if self.search.text().strip() else []
        parts += [f"{self._labels[name]}: {self.choice(name)}" for name in self.combos if self.choice(name)]
        parts += [check.text().replace("&", "") for check in self.checks.values() if check.isChecked()]
        return ", ".join(parts)

    def flush(self) -> None:
        """Applies a pending search at once instead of after the typing pause."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()
