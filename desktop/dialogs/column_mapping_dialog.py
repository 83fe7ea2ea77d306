"""The import wizard's mapping step: which column of another system's export is which contract column.

For every table of the file with columns the data format does not know, each
contract column gets a list of the file's columns to pick from (preset from
the mapping in use, else the column of the same name). The choice is checked
by ``scheduler.services.mappings.check_rows`` (a column picked twice is
refused, by name) and can be saved under a name for next year's import.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from desktop.widgets.screen_fit import fit_to_screen, scrolling_body
from scheduler.exchange.schema import TABLES
from scheduler.services import mappings

NOT_IN_FILE = "(not in the file)"


def tables_to_map(headers: dict[str, list[str]]) -> dict[str, list[str]]:
    """The tables (and their columns) that have a column the data format does not know."""
    return {name: [h for h in cols if h.strip()] for name, cols in headers.items()
            if name in TABLES and any(h.strip() and h.strip().lower() not in TABLES[name].headers for h in cols)}


class ColumnMappingDialog(QDialog):
    def __init__(self, headers: dict[str, list[str]], chosen: mappings.ColumnMapping | None, name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Match the columns")
        self.mapping: mappings.ColumnMapping = {}
        self.combos: dict[tuple[str, str], QComboBox] = {}
        layout, outer = scrolling_body(self)
        intro = QLabel("The file names some columns its own way. For each column of the data format, choose the "
                       "file's column that holds it. The file's other columns are ignored, except those already named as in "
                       "the data format, which are read as they are.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        chosen = chosen or {}
        for table, columns in tables_to_map(headers).items():
            box = QGroupBox(table)
            form = QFormLayout(box)
            by_target = {target: source for source, target in chosen.get(table, {}).items()}
            for contract in TABLES[table].headers:
                combo = QComboBox()
                combo.addItems([NOT_IN_FILE, *columns])
                combo.setAccessibleName(f"{table} {contract}: the file's column")
                preset = by_target.get(contract) or next((c for c in columns if c.strip().lower() == contract), None)
                if preset is not None and preset in columns:
                    combo.setCurrentIndex(columns.index(preset) + 1)
                required = contract in TABLES[table].required_columns
                form.addRow(f"{contract}{' *' if required else ''}", combo)
                self.combos[(table, contract)] = combo
            layout.addWidget(box)
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText("e.g. SITS (leave empty to use it this time only)")
        self.name_edit.setAccessibleName("Save the mapping for next year as")
        save = QFormLayout()
        save.addRow("&Save for next year as", self.name_edit)
        layout.addLayout(save)
        self.faults = QLabel("")
        self.faults.setWordWrap(True)
        layout.addWidget(self.faults)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        fit_to_screen(self, QSize(560, 640))

    def choose(self, table: str, contract: str, source: str) -> None:
        """Picks ``source`` (a column of the file, or ``NOT_IN_FILE``) for the contract column."""
        combo = self.combos[(table, contract)]
        combo.setCurrentIndex(combo.findText(source))

    def rows(self) -> list[list[str]]:
        return [[table, combo.currentText(), contract] for (table, contract), combo in self.combos.items()
                if combo.currentIndex() > 0 and combo.currentText().strip().lower() != contract]

    @property
    def name(self) -> str:
        return self.name_edit.text().strip()

    def accept(self) -> None:
        chosen = [[t, s, c] for (t, c), combo in self.combos.items() if combo.currentIndex() > 0
                  for s in [combo.currentText()]]
        try:
            mappings.check_rows(chosen)  # a column picked for two contract columns is named here
        except mappings.MappingRefused as exc:
            self.faults.setText("<b>Not yet:</b> " + "; ".join(p.message for p in exc.problems))
            return
        self.mapping = mappings.check_rows(self.rows()) if self.rows() else {}
        super().accept()
