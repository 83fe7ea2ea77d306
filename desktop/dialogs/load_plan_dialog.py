"""Plan > Load plan from file…: a placements.csv (or .xlsx) edited by hand, checked before anything is saved.

The file is checked off the GUI thread (``scheduler.services.plan_files``);
the dialog lists every break of a hard rule (file row, student, block,
practice, rule) and the student-blocks the file leaves out, then loads it as a
new plan when it is clean, or with the breaks recorded as overrides when the
officer ticks that box.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.widgets.screen_fit import fit_to_screen, scrolling_body


def check_job(ws, path: str):
    from scheduler.services.plan_files import check_plan_file

    return check_plan_file(ws, path)


def import_job(ws, path: str, name: str, user: str, accept_overrides: bool):
    from scheduler.services.plan_files import import_plan_file

    return import_plan_file(ws, path, name, user=user, accept_overrides=accept_overrides)


def findings_text(check) -> str:
    lines = [str(p) for p in check.errors] + [str(b) for b in check.breaks]
    if check.unplaced:
        lines.append(f"{len(check.unplaced)} student-block(s) of the data are not in the file and will be unplaced:")
        lines += [f"  student {u.student_id} in {u.block_id}: {u.reason}" for u in check.unplaced]
    return "\n".join(lines)


class LoadPlanDialog(QDialog):
    """Shows what the check found; Load is possible when the file is clean or the breaks are accepted."""

    def __init__(self, check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.setWindowTitle("Load plan from file")
        if check.errors:
            headline = f"{check.path.name} cannot be read:"
        elif check.breaks:
            headline = f"{check.path.name} breaks {len(check.breaks)} hard rule(s); nothing is saved unless you accept them:"
        else:
            headline = f"{check.path.name}: {len(check.placements):,} placements keep every hard rule."
        self.headline = QLabel(headline)
        self.headline.setWordWrap(True)
        self.findings = QPlainTextEdit(findings_text(check))
        self.findings.setReadOnly(True)
        self.name = QLineEdit(f"Imported {check.path.stem}")
        self.accept_overrides = QCheckBox("Load it anyway and record each break as an override under my name")
        self.accept_overrides.setVisible(bool(check.breaks) and not check.errors)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.load_button = self.buttons.addButton("&Load as a new plan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.accept_overrides.toggled.connect(self._update)
        layout, outer = scrolling_body(self)
        for widget in (self.headline, self.findings, QLabel("Plan name:"), self.name, self.accept_overrides):
            layout.addWidget(widget)
        outer.addWidget(self.buttons)
        fit_to_screen(self, QSize(760, 460))
        self._update()

    def _update(self) -> None:
        clean = not self.check.errors and not self.check.breaks
        self.load_button.setEnabled(clean or (not self.check.errors and self.accept_overrides.isChecked()))


def open_load_plan(window) -> None:
    """Asks for the file, checks it, shows the findings and loads it if the officer says so."""
    path, _ = QFileDialog.getOpenFileName(window, "Load plan from file", "",
                                          "Plan files (*.csv *.xlsx);;All files (*)")
    if path:
        window.jobs.run(check_job, path, name="check plan file", key="check plan file",
                        on_success=lambda check: show_findings(window, check))


def show_findings(window, check) -> LoadPlanDialog:
    dialog = LoadPlanDialog(check, window)

    def load() -> None:
        window.jobs.run(import_job, str(check.path), dialog.name.text().strip() or None, window.state.user,
                        dialog.accept_overrides.isChecked(), name="load plan file",
                        on_success=lambda plan: window.state.reload(plan.name))

    dialog.accepted.connect(load)
    dialog.open()
    return dialog
