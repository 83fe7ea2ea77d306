"""Personal data never reaches an error message or a log through SQLAlchemy: statement parameters are hidden."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.exc import IntegrityError

from scheduler.domain import Student
from scheduler.store import repository as repo


def test_a_failed_write_does_not_show_the_students_details(db, dataset):
    duplicate = Student("1001", "Zofia", "Wróblewska", 1, email="zofia@example.ac.uk")
    broken = dataclasses.replace(dataset, students=dataset.students + (duplicate,))
    with pytest.raises(IntegrityError) as failed:
        with db.session() as s:
            repo.replace_dataset(s, broken)
    text = str(failed.value)
    assert "hide_parameters=True" in text
    assert "Zofia" not in text and "zofia@example.ac.uk" not in text
