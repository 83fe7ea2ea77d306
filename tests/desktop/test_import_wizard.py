"""The import wizard: preview, problems, and nothing written until the officer confirms."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTableView, QWizard

from scheduler.services import Workspace, data


def counts(db: str) -> dict[str, int]:
    with Workspace.open(db) as ws:
        return data.counts(ws)


def write_faulty(folder: Path, good: Path) -> Path:
    folder.mkdir()
    for name in ("practices.csv", "blocks.csv"):
        (folder / name).write_bytes((good / name).read_bytes())
    lines = (good / "students.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    year = header.index("year")
    bad = lines[1].split(",")
    bad[year] = "7"
    (folder / "students.csv").write_text("\n".join([lines[0], ",".join(bad), *lines[2:]]) + "\n", encoding="utf-8")
    return folder


def test_happy_path_previews_then_imports_on_confirm(make_window, empty_db, demo_folder, qtbot):
    window = make_window(empty_db)
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    assert not wizard.source.isComplete()
    wizard.source.path_edit.setText(str(demo_folder))
    assert wizard.source.isComplete()
    wizard.next()
    assert wizard.check.isComplete()
    tabs = [wizard.check.tabs.tabText(i) for i in range(wizard.check.tabs.count())]
    assert any(t.startswith("students (60") for t in tabs) and any(t.startswith("practices") for t in tabs)
    assert counts(empty_db)["students"] == 0  # only checked so far
    wizard.next()
    assert "Nothing has been written yet" in wizard.confirm.text.text()
    assert counts(empty_db)["students"] == 0
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert counts(empty_db)["students"] == 60
    assert window.state.snapshot.counts["students"] == 60
    assert window.students.model.rowCount() > 0


def test_data_with_errors_is_refused_and_only_problem_rows_can_be_shown(make_window, empty_db, demo_folder, tmp_path, qtbot):
    window = make_window(empty_db)
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    wizard.source.path_edit.setText(str(write_faulty(tmp_path / "faulty", demo_folder)))
    wizard.next()
    check = wizard.check
    assert not check.isComplete()
    assert "must be fixed" in check.summary.text()
    assert check.tabs.tabText(0).startswith("Problems")
    students_tab = next(i for i in range(check.tabs.count()) if check.tabs.tabText(i).startswith("students"))
    view: QTableView = check.tabs.widget(students_tab)
    assert view.model().rowCount() == 60
    check.only_problems.setChecked(True)
    assert view.model().rowCount() == 1
    assert "year" in view.model().index(0, 1).data()
    wizard.next()  # refused: the page is not complete
    assert wizard.currentPage() is check
    assert counts(empty_db)["students"] == 0


def test_replacing_existing_data_needs_the_box_ticked(make_window, data_db, demo_folder, qtbot):
    window = make_window(data_db)
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    wizard.source.path_edit.setText(str(demo_folder))
    assert wizard.source.replace_check.isVisibleTo(wizard)
    assert not wizard.source.isComplete()
    wizard.source.replace_check.setChecked(True)
    assert wizard.source.isComplete()


def test_cancel_waits_while_the_import_writes(make_window, empty_db, demo_folder, qtbot, monkeypatch):
    import threading

    from desktop.operations import import_for_window

    may_write = threading.Event()

    def held_import(ws, path, replace, mapping=None):
        may_write.wait(timeout=10)
        return import_for_window(ws, path, replace, mapping)

    monkeypatch.setattr("desktop.dialogs.import_wizard.import_for_window", held_import)
    window = make_window(empty_db, synchronous=False)
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    wizard.source.path_edit.setText(str(demo_folder))
    wizard.next()
    qtbot.waitUntil(wizard.check.isComplete, timeout=15_000)
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    wizard.reject()
    assert wizard.isVisible() and wizard.own_jobs.running()
    may_write.set()
    qtbot.waitUntil(lambda: window.state.snapshot.counts["students"] == 60, timeout=15_000)
    assert not wizard.isVisible() and counts(empty_db)["students"] == 60


def test_replacing_by_a_much_smaller_data_set_asks_first_showing_both_counts(make_window, data_db, demo_folder,
                                                                             tmp_path, qtbot):
    smaller = tmp_path / "smaller"
    smaller.mkdir()
    for file in demo_folder.iterdir():
        (smaller / file.name).write_bytes(file.read_bytes())
    lines = (demo_folder / "students.csv").read_text(encoding="utf-8-sig").splitlines()
    (smaller / "students.csv").write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")
    for name in ("exclusions", "pairs", "history", "preferences", "travel"):
        (smaller / f"{name}.csv").unlink()
    window = make_window(data_db)
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    wizard.source.path_edit.setText(str(smaller))
    wizard.source.replace_check.setChecked(True)
    wizard.next()
    assert wizard.check.isComplete(), wizard.check.summary.text()
    wizard.next()
    confirm = wizard.confirm
    assert confirm.shrink_check.isVisibleTo(wizard)
    assert "students: 60 now, 10 after" in confirm.shrink_note.text()
    assert not confirm.isComplete()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert counts(data_db)["students"] == 60  # not asked yet: nothing written
    confirm.shrink_check.setChecked(True)
    assert confirm.isComplete()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert counts(data_db)["students"] == 10


def test_replacing_by_a_data_set_of_the_same_size_does_not_ask(make_window, data_db, demo_folder, qtbot):
    window = make_window(data_db)
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    wizard.source.path_edit.setText(str(demo_folder))
    wizard.source.replace_check.setChecked(True)
    wizard.next()
    wizard.next()
    assert not wizard.confirm.shrink_check.isVisibleTo(wizard) and wizard.confirm.isComplete()


def test_a_flood_of_problems_is_shown_capped_and_counted_in_full(make_window, empty_db, demo_folder, tmp_path,
                                                                  qtbot):
    folder = tmp_path / "flood"
    folder.mkdir()
    for file in demo_folder.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    rows = ["student_id,practice_code,minutes"] + [f"X{i},Y{i},n/a" for i in range(200)]
    (folder / "travel.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    window = make_window(empty_db)
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    wizard.source.path_edit.setText(str(folder))
    wizard.next()
    assert "600 error(s) must be fixed" in wizard.check.summary.text()
    problems_tab = wizard.check.tabs.tabText(0)
    assert problems_tab.startswith("Problems (") and int(problems_tab.split("(")[1].split(")")[0]) <= 160


def test_the_mapping_step_matches_another_systems_columns_and_saves_them_for_next_year(make_window, empty_db,
                                                                                        demo_folder, tmp_path, qtbot):
    from mapping_helpers import SITS, as_sits

    from scheduler.services import mappings

    sits = tmp_path / "sits"
    sits.mkdir()
    for file in demo_folder.iterdir():
        (sits / file.name).write_bytes(file.read_bytes())
    as_sits(sits / "students.csv")
    window = make_window(empty_db)
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    wizard.source.path_edit.setText(str(sits))
    wizard.next()
    check = wizard.check
    assert not check.isComplete()  # the contract's student columns are missing
    dialog = check.open_mapping_dialog()
    qtbot.addWidget(dialog)
    assert {table for table, _ in dialog.combos} == {"students"}
    assert dialog.combos[("students", "postcode")].currentText() == "postcode"  # its own name, preset
    dialog.choose("students", "student_id", "STU_CODE")
    dialog.choose("students", "first_name", "STU_CODE")  # the same column twice: refused, by name
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "STU_CODE of students is mapped twice" in dialog.faults.text()
    for contract, source in SITS.items():
        dialog.choose("students", contract, source)
    dialog.name_edit.setText("SITS")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert check.isComplete(), [str(p) for p in check.result.errors]
    assert any("SPR_CODE, Nationality ignored" in str(w) for w in check.result.warnings)
    assert check.mapping_choice.currentText() == "SITS"
    with Workspace.open(empty_db) as ws:
        assert mappings.load_mapping(ws, "SITS") == {"students": {v: k for k, v in SITS.items()}}
        assert data.counts(ws)["students"] == 0  # saved the mapping only, nothing imported yet
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert counts(empty_db)["students"] == 60
    again = window.open_import_wizard()  # next year: the saved mapping is offered
    qtbot.addWidget(again)
    again.source.replace_check.setChecked(True)
    again.source.path_edit.setText(str(sits))
    again.next()
    assert not again.check.isComplete()
    again.check.mapping_choice.setCurrentIndex(1)
    again.check.mapping_choice.activated.emit(1)
    assert again.check.mapping_choice.currentText() == "SITS" and again.check.isComplete()
