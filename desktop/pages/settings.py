"""Settings, in the office's words: journeys, what documents print, and (under Advanced) the plan search's options."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from desktop.operations import save_settings
from desktop.pages.base import Page, page_layout
from desktop.state import Snapshot
from scheduler.settings import Settings, TravelSettings

MODES = ("car", "public", "bike", "walk")
MODE_WORDS = {"car": "by car", "public": "by bus or train", "bike": "by bike", "walk": "on foot"}


def _spin(low: float, high: float, suffix: str = "", decimals: int = 0, tooltip: str = "") -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setToolTip(tooltip)
    return spin


class SettingsPage(Page):
    title = "Settings"
    tooltip = ("Travel limits, how long to search for a plan, the details printed on documents, and how "
               "students' evaluations are shown")

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Settings", "These settings are kept in the database, so everyone using it "
                                                 "works with the same rules.")
        grid = QGridLayout()
        travel = QGroupBox("Journeys")
        form = QFormLayout(travel)
        self.max_travel = _spin(5, 300, " min", tooltip="No student is placed further than this, one way, unless "
                                                         "their own row in the students' file gives another limit")
        self.threshold = _spin(5, 300, " min", tooltip="Plans try harder to avoid journeys longer than this")
        self.base_lat = _spin(-90, 90, decimals=5, tooltip="Journeys of a student whose postcode is not known are "
                                                           "worked out from the school (its latitude)")
        self.base_lon = _spin(-180, 180, decimals=5, tooltip="Journeys of a student whose postcode is not known are "
                                                             "worked out from the school (its longitude)")
        form.addRow("&Longest journey for a student:", self.max_travel)
        form.addRow("&Count a journey as long after:", self.threshold)
        school = QHBoxLayout()
        school.addWidget(self.base_lat)
        school.addWidget(self.base_lon)
        form.addRow("School's latitude, longitude:", school)
        self.speeds: dict[str, QDoubleSpinBox] = {}
        self.access: dict[str, QDoubleSpinBox] = {}
        for mode in MODES:
            speed = _spin(1, 200, " km/h", 1, f"Average speed from door to door {MODE_WORDS[mode]}")
            access = _spin(0, 60, " min", 0, f"Minutes added to every journey {MODE_WORDS[mode]} "
                                             "(walking to the stop, parking)")
            row = QHBoxLayout()
            row.addWidget(speed)
            row.addWidget(QLabel("plus"))
            row.addWidget(access)
            self.speeds[mode], self.access[mode] = speed, access
            form.addRow(f"Journeys {MODE_WORDS[mode]}:", row)
        grid.addWidget(travel, 0, 0, 2, 1)

        office = QGroupBox("Printed on documents")
        office_form = QFormLayout(office)
        self.school = QLineEdit()
        self.school.setToolTip("The medical school's name, at the top of every document")
        self.year = QLineEdit()
        self.year.setToolTip("Printed on every document, e.g. 2026/27")
        self.contact = QLineEdit()
        self.contact.setToolTip("Who practices and students write to: printed at the foot of every document")
        self.sessions = QSpinBox()
        self.sessions.setRange(1, 4)
        self.sessions.setToolTip("Teaching sessions in a placement day (morning, afternoon…), for the payments")
        self.tariff = _spin(0, 10_000, "", 2, "What a practice is paid for each student for each session")
        self.tariff.setPrefix("£ ")
        for text, edit in (("Sc&hool name:", self.school), ("Office c&ontact:", self.contact)):
            label = QLabel(text)  # above its field, which takes the group's whole width for a long name
            label.setBuddy(edit)
            office_form.addRow(label)
            office_form.addRow(edit)
        office_form.addRow("&Academic year:", self.year)
        office_form.addRow("Teaching sessions a day:", self.sessions)
        office_form.addRow("Payment per student per session:", self.tariff)
        grid.addWidget(office, 0, 1)

        evaluations = QGroupBox("Students' evaluations")
        evaluations_form = QFormLayout(evaluations)
        self.min_answers = QSpinBox()
        self.min_answers.setRange(2, 50)
        self.min_answers.setSuffix(" students")
        self.min_answers.setToolTip("A practice's scores are shown (on its report and the Practices page) only once "
                                    "this many students answered, so that nobody can tell one student's answers")
        self.flag_below = _spin(1, 5, " out of 5", 1, "A practice whose students' mean score, over all questions, "
                                                      "is below this is flagged for review")
        evaluations_form.addRow("Show a practice's scores fro&m:", self.min_answers)
        evaluations_form.addRow("Flag a practice for revie&w below:", self.flag_below)
        self.avoid_flagged = QCheckBox("Place nobod&y at a practice flagged for review")
        self.avoid_flagged.setToolTip("A hard rule for new plans and hand edits; without it, the plan's quality "
                                      "weight (0 by default) only steers students away from flagged practices")
        evaluations_form.addRow(self.avoid_flagged)
        grid.addWidget(evaluations, 2, 0)

        solver = QGroupBox("Advanced: how the computer searches for a plan")
        solver.setToolTip("Leave these as they are unless support asks you to change them")
        solver_form = QFormLayout(solver)
        self.time_limit = QSpinBox()
        self.time_limit.setRange(1, 3600)
        self.time_limit.setSuffix(" s")
        self.time_limit.setToolTip("The longest a plan search runs before keeping the best plan found")
        self.workers = QSpinBox()
        self.workers.setRange(1, 64)
        self.workers.setToolTip("How many of the computer's processor cores the search may use at once (workers)")
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.seed.setToolTip("The same number and the same data give the same plan (the random seed)")
        solver_form.addRow("Longest s&earch for a plan:", self.time_limit)
        solver_form.addRow("&Processor cores to use:", self.workers)
        solver_form.addRow("Search start &number:", self.seed)
        grid.addWidget(solver, 1, 1, 2, 1)
        grid.setColumnStretch(1, 1)  # the journeys take what they need; names and contact get the rest
        layout.addLayout(grid)

        buttons = QHBoxLayout()
        self.status = QLabel("")
        self.save_button = QPushButton("&Save settings")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("&Undo unsaved changes")
        self.revert_button.clicked.connect(lambda: self.show_settings(self.ctx.state.snapshot.settings))
        self.defaults_button = QPushButton("Use the &defaults")
        self.defaults_button.setToolTip("Fill in the program's defaults (press Save to keep them)")
        self.defaults_button.clicked.connect(lambda: self.show_settings(Settings()))
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.defaults_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._settings_shown: Settings | None = None

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Refills the form only when the saved settings changed, so an edit to a plan keeps what was typed."""
        if snapshot.settings != self._settings_shown:
            self._settings_shown = snapshot.settings
            self.show_settings(snapshot.settings)

    def show_settings(self, s: Settings) -> None:
        self.max_travel.setValue(s.default_max_travel_minutes)
        self.threshold.setValue(s.long_travel_threshold_minutes)
        self.base_lat.setValue(s.base_latitude)
        self.base_lon.setValue(s.base_longitude)
        for mode in MODES:
            self.speeds[mode].setValue(s.travel.speed_kmh.get(mode, 10.0))
            self.access[mode].setValue(s.travel.access_minutes.get(mode, 0.0))
        self.time_limit.setValue(int(round(s.time_limit_seconds)))
        self.workers.setValue(s.workers)
        self.seed.setValue(s.seed)
        self.school.setText(s.school_name)
        self.year.setText(s.academic_year)
        self.contact.setText(s.office_contact)
        for edit in (self.school, self.year, self.contact):
            edit.setCursorPosition(0)  # a long contact shows its beginning, not its end
        self.sessions.setValue(s.sessions_per_day)
        self.tariff.setValue(s.tariff_per_session)
        self.min_answers.setValue(s.evaluation_min_answers)
        self.flag_below.setValue(s.quality_flag_below)
        self.avoid_flagged.setChecked(s.avoid_flagged_practices)

    def edited_settings(self) -> Settings:
        base = self.ctx.state.snapshot.settings
        travel = dataclasses.replace(
            base.travel,
            speed_kmh={**base.travel.speed_kmh, **{m: s.value() for m, s in self.speeds.items()}},
            access_minutes={**base.travel.access_minutes, **{m: s.value() for m, s in self.access.items()}},
        )
        assert isinstance(travel, TravelSettings)
        return dataclasses.replace(
            base,
            default_max_travel_minutes=self.max_travel.value(),
            long_travel_threshold_minutes=self.threshold.value(),
            base_latitude=self.base_lat.value(),
            base_longitude=self.base_lon.value(),
            travel=travel,
            time_limit_seconds=float(self.time_limit.value()),
            workers=self.workers.value(),
            seed=self.seed.value(),
            school_name=self.school.text().strip(),
            academic_year=self.year.text().strip(),
            office_contact=self.contact.text().strip(),
            sessions_per_day=self.sessions.value(),
            tariff_per_session=self.tariff.value(),
            evaluation_min_answers=self.min_answers.value(),
            quality_flag_below=self.flag_below.value(),
            avoid_flagged_practices=self.avoid_flagged.isChecked(),
        )

    def save(self) -> None:
        settings = self.edited_settings()
        self.status.setText("Saving…")
        self.ctx.jobs.run(save_settings, settings, name="save settings",
                          on_success=self._saved, on_failure=self._failed)

    def _saved(self, _settings: Settings) -> None:
        self.status.setText("Settings saved. New plans use them; existing plans keep theirs.")
        self.ctx.state.reload()

    def _failed(self, error: BaseException) -> None:
        from desktop.errors import plain_message

        self.status.setText("")
        self.ctx.show_error(plain_message(error))

