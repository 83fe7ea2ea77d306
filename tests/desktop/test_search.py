"""Search ignores case and accents everywhere: students, practices, documents, the map and the move dialog."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.search import fold


@pytest.mark.parametrize("typed, name", [("wojcik", "Wójcik"), ("zielinski", "Zieliński"), ("WOJCIK", "wójcik"),
                                         ("lodz", "Łódź"), ("zoe", "Zoë"), ("strasse", "Straße")])
def test_fold_makes_typed_words_find_accented_names(typed, name):
    assert fold(typed) in fold(name)


def test_fold_keeps_other_scripts_searchable():
    assert fold("Жанна") == "жанна" and fold("陈") == "陈"


def _renamed(snapshot):
    """The snapshot with two students and a practice given accented names."""
    data = snapshot.dataset
    students = list(data.students)
    students[0] = dataclasses.replace(students[0], last_name="Wójcik")
    students[1] = dataclasses.replace(students[1], last_name="Zieliński")
    practices = list(data.practices)
    used = snapshot.plan.placements[0].practice_code
    at = next(i for i, p in enumerate(practices) if p.code == used)
    practices[at] = dataclasses.replace(practices[at], name="Łódź Road Surgery")
    return dataclasses.replace(snapshot, dataset=dataclasses.replace(data, students=tuple(students),
                                                                      practices=tuple(practices)))


def test_students_practices_and_documents_are_found_without_accents(make_window, planned_db):
    window = make_window(planned_db)
    window.state._loaded(_renamed(window.state.snapshot))
    students = window.state.snapshot.dataset.students
    page = window.students
    for typed, student in (("wojcik", students[0]), ("ZIELINSKI", students[1])):
        page.filters.search.setText(typed)
        page.filters.flush()
        shown = {page.proxy.row_at(r).student.student_id for r in range(page.proxy.rowCount())}
        assert shown == {student.student_id}
    window.show_page(window.pages.index(window.practices))
    window.practices.filters.search.setText("lodz road")
    window.practices.filters.flush()
    assert window.practices.proxy.rowCount() == 1
    window.show_page(window.pages.index(window.documents))
    documents = window.documents
    documents.tabs.setCurrentWidget(documents.student_list)
    documents.filters.search.setText("wojcik")
    documents.filters.flush()
    visible = [documents.student_list.item(i).text() for i in range(documents.student_list.count())
               if not documents.student_list.item(i).isHidden()]
    assert len(visible) == 1 and "Wójcik" in visible[0]


def test_the_move_dialog_finds_practices_without_accents(make_window, planned_db):
    from scheduler.services.edits import MoveOption

    window = make_window(planned_db)
    row = next(r for r in window.students.model.rows() if r.placed)
    dialog = window.open_move_dialog(row)
    dialog.set_options([MoveOption("P1", "Łódź Road Surgery", 12.0, 3, True, ""),
                        MoveOption("P2", "Zieliński Health Centre", 20.0, 1, True, ""),
                        MoveOption("P3", "Castle Street", 25.0, 1, True, "")])
    dialog.filters.search.setText("zielinski")
    dialog.filters.flush()
    assert [dialog.proxy.row_at(r).practice_code for r in range(dialog.proxy.rowCount())] == ["P2"]
    dialog.filters.search.setText("LODZ")
    dialog.filters.flush()
    assert [dialog.proxy.row_at(r).practice_code for r in range(dialog.proxy.rowCount())] == ["P1"]
    dialog.reject()
