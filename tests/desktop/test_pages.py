"""The pages that show data: filters on Students and Practices, the block calendar, the map, Settings."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QGroupBox

from scheduler.services import Workspace, data


@pytest.fixture
def window(make_window, planned_db):
    return make_window(planned_db)


def shown_rows(page):
    return [page.proxy.row_at(r) for r in range(page.proxy.rowCount())]


def test_student_filters_year_group_block_practice_and_unplaced(window):
    page = window.students
    total = page.model.rowCount()
    page.filters.combos["year"].setCurrentText("4")
    rows = shown_rows(page)
    assert rows and all(r.student.year == 4 for r in rows)
    groups = sorted({r.student.group for r in rows if r.student.group})
    if groups:
        page.filters.combos["group"].setCurrentText(groups[0])
        in_group = shown_rows(page)
        assert in_group and all(r.student.group == groups[0] for r in in_group)
    page.filters.combos["group"].setCurrentIndex(0)
    page.filters.combos["year"].setCurrentIndex(0)
    block = window.state.snapshot.dataset.blocks[0].block_id
    page.filters.combos["block"].setCurrentText(block)
    in_block = shown_rows(page)
    assert in_block and all(r.block.block_id == block for r in in_block)
    page.filters.combos["block"].setCurrentIndex(0)
    code = next(r.practice.code for r in page.model.rows() if r.placed)
    page.filters.combos["practice"].setCurrentText(code)
    assert shown_rows(page) and all(r.practice.code == code for r in shown_rows(page))
    page.filters.combos["practice"].setCurrentIndex(0)
    page.filters.checks["unplaced"].setChecked(True)
    unplaced = len(window.state.snapshot.plan.unplaced)
    assert page.proxy.rowCount() == unplaced and all(not r.placed for r in shown_rows(page))
    assert page.count_label.text().startswith(f"{unplaced:,} of {total:,}")


def test_student_search_box(window):
    page = window.students
    someone = page.model.row_at(0).student
    page.filters.search.setText(someone.student_id)
    page.filters.flush()
    assert {r.student.student_id for r in shown_rows(page)} == {someone.student_id}
    page.select([(someone.student_id, page.proxy.row_at(0).block.block_id)])
    assert someone.student_id in page.details.toPlainText()


def test_practice_filters_and_details(window):
    page = window.practices
    page.filters.checks["active"].setChecked(True)
    assert all(r.practice.active for r in shown_rows(page))
    page.filters.checks["used"].setChecked(True)
    rows = shown_rows(page)
    assert rows and all(r.used > 0 for r in rows)
    page.filters.combos["year"].setCurrentText("5")
    year5 = shown_rows(page)
    assert year5 and all(5 in r.practice.years for r in year5)
    page.table.selectRow(0)
    assert shown_rows(page)[0].practice.name in page.details.toPlainText()


def test_block_calendar_shows_every_block_by_year(window):
    calendar = window.blocks.calendar
    blocks = window.state.snapshot.dataset.blocks
    assert len(calendar.blocks) == len(blocks)
    assert window.blocks.model.rowCount() == len(blocks)
    calendar.resize(calendar.sizeHint())
    calendar.grab()  # paints, which lays out the bars
    assert len(calendar._bars) == len(blocks)
    rect, block = calendar._bars[0]
    assert calendar.block_at(rect.center().x(), rect.center().y()) is block


def test_map_draws_journeys_and_filters_them(window):
    page = window.map
    plan = window.state.snapshot.plan
    practices, homes, lines = page.view.counts
    assert lines == len(plan.placements) and practices == len(window.state.snapshot.dataset.practices)
    page.filters.combos["year"].setCurrentText("3")
    year3 = {s.student_id for s in window.state.snapshot.dataset.students if s.year == 3}
    assert page.view.counts[2] == sum(1 for p in plan.placements if p.student_id in year3)
    page.filters.combos["year"].setCurrentIndex(0)
    code = plan.placements[0].practice_code
    page.filters.combos["practice"].setCurrentText(code)
    assert page.view.counts[0] == 1
    assert page.view.counts[2] == sum(1 for p in plan.placements if p.practice_code == code)
    assert "journeys" in page.count_label.text()


def test_settings_are_saved_to_the_database(window, planned_db):
    page = window.settings_page
    page.max_travel.setValue(75)
    page.school.setText("Medical School of Testing")
    page.speeds["bike"].setValue(18)
    page.save_button.click()
    with Workspace.open(planned_db) as ws:
        settings = data.load_settings(ws)
    assert settings.default_max_travel_minutes == 75
    assert settings.school_name == "Medical School of Testing"
    assert settings.travel.speed_kmh["bike"] == 18
    assert "saved" in page.status.text()
    page.defaults_button.click()
    assert page.max_travel.value() == 60


def test_the_evaluation_settings_are_saved_in_the_offices_words(window, planned_db):
    page = window.settings_page
    groups = {box.title(): box for box in page.findChildren(QGroupBox)}
    box = groups["Students' evaluations"]
    assert box.isAncestorOf(page.min_answers) and box.isAncestorOf(page.flag_below)
    assert box.isAncestorOf(page.avoid_flagged) and not page.avoid_flagged.isChecked()
    assert (page.min_answers.value(), page.flag_below.value()) == (3, 3.0)  # the defaults, from the database
    assert page.min_answers.minimum() == 2, "one student's answers are never shown as a practice's score"
    page.min_answers.setValue(5)
    page.flag_below.setValue(3.5)
    page.avoid_flagged.setChecked(True)
    page.save_button.click()
    with Workspace.open(planned_db) as ws:
        settings = data.load_settings(ws)
    assert (settings.evaluation_min_answers, settings.quality_flag_below) == (5, 3.5)
    assert settings.avoid_flagged_practices
    page.defaults_button.click()
    assert (page.min_answers.value(), page.flag_below.value()) == (3, 3.0)
    page.revert_button.click()
    assert (page.min_answers.value(), page.flag_below.value()) == (5, 3.5)


SOLVER_JARGON = ("worker", "seed", "solver", "tariff", "threshold", "default", "access", "mip", "objective")


def test_settings_speak_the_offices_words_with_the_search_options_under_advanced(window):
    from PySide6.QtWidgets import QFormLayout, QGroupBox

    page = window.settings_page
    groups = {box.title(): box for box in page.findChildren(QGroupBox)}
    advanced = next(box for title, box in groups.items() if title.startswith("Advanced"))
    for option in (page.time_limit, page.workers, page.seed):
        assert advanced.isAncestorOf(option)
    for title, box in groups.items():
        form = box.layout()
        assert isinstance(form, QFormLayout)
        labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(form.rowCount())]
        words = [item.widget().text().replace("&", "") for item in labels if item is not None]
        assert words, title
        if box is not advanced:
            for text in [title, *words]:
                assert not any(jargon in text.lower() for jargon in SOLVER_JARGON), text
    assert "Longest search for a plan:" in [form_text.replace("&", "") for form_text in
                                           (advanced.layout().labelForField(w).text() for w in (page.time_limit,))]
    assert "processor cores" in page.workers.toolTip() and "random seed" in page.seed.toolTip()


def test_overview_lists_what_needs_attention(window):
    texts = [window.overview.warnings.item(i).text() for i in range(window.overview.warnings.count())]
    plan = window.state.snapshot.plan
    assert len(plan.unplaced) == 5 and not any(p.travel_minutes > 45 for p in plan.placements)
    assert texts == ["5 student-blocks are unplaced in Plan A: see the Plan page's Unplaced tab for the reasons and "
                     "to find them a practice."]


def test_words_agree_with_their_numbers():
    from desktop.text import closeness, is_are, plural

    assert plural(1, "journey") == "1 journey" and plural(1_200, "journey") == "1,200 journeys"
    assert is_are(1, "practice") == "1 practice is" and is_are(3, "practice") == "3 practices are"
    assert closeness(0.0) == "the best possible" and closeness(0.003) == "within 0.3% of the best possible"
    # a stop before the count was proven: what more could be placed comes first
    assert closeness(None, 2_525, 2_674) == "up to 149 more student-blocks could be placed"
    assert closeness(0.01, 10, 11) == "up to 1 more student-block could be placed"
    assert closeness(0.003, 2_674, 2_674) == "within 0.3% of the best possible"


def test_an_empty_map_keeps_its_message_in_view(window):
    view = window.map.view
    view.show_map([], [], [])
    scene = view.scene()
    assert view.counts == (0, 0, 0) and len(scene.items()) == 1
    assert scene.sceneRect().contains(scene.items()[0].sceneBoundingRect())


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_the_students_context_menu_is_freed_when_closed(window, qtbot):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QMenu

    page = window.students
    page._context_menu(QPoint(0, 0))
    menus = page.findChildren(QMenu)
    assert len(menus) == 1 and menus[0].testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    with qtbot.waitSignal(menus[0].destroyed, timeout=2000):
        menus[0].close()


def test_the_map_names_towns_says_whose_markers_are_and_picks_a_practice_on_click(window, qtbot):
    from PySide6.QtCore import Qt

    from scheduler.services.figures import town_centres

    page = window.map
    window.show_page(window.pages.index(page))
    window.resize(1280, 660)
    snapshot = window.state.snapshot
    towns = town_centres(snapshot.dataset.practices, snapshot.practice_locations)
    assert towns and set(page.view.towns) <= {t[0] for t in towns} and page.view.towns
    homes = [m for m in page.view._labels if not m[2]]
    student = snapshot.dataset.students[0]
    assert any(student.full_name in text and "min" in text for _, text, _ in homes)
    point, text, code = next(m for m in page.view._labels if m[2])
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.mapFromScene(point))
    assert page.filters.choice("practice") == code and page.view.counts[0] == 1


def test_town_centres_come_from_the_practices_addresses():
    from scheduler.domain import Practice
    from scheduler.services.figures import town_centres

    practices = [Practice(f"P{i}", "x", frozenset({1}), address=f"{i} High Street, Bolton") for i in range(3)]
    practices.append(Practice("Q", "y", frozenset({1}), address="1 Mill Lane, Farnworth, Bolton, BL4 7AA"))
    practices.append(Practice("R", "z", frozenset({1}), address="2 Road, Wigan"))
    locations = {p.code: (53.5 + i / 100, -2.4) for i, p in enumerate(practices)}
    assert town_centres(practices, locations) == [("Bolton", 53.515, -2.4)]


def test_practices_and_map_pick_the_same_practice(window):
    page = window.practices
    page.table.selectRow(2)
    code = page.selected_code()
    page.map_button.click()
    assert window.current_page() is window.map and window.map.filters.choice("practice") == code
    other = window.state.snapshot.dataset.practices[5].code
    window.map.view.practice_clicked.emit(other)
    assert page.selected_code() == other
