"""The next year's students list as a records system would give it (imported as ``year_helpers``): year 5 gone,
everyone else a year up (year 4 groups given, year 5 groups cleared), two repeating, one changing programme,
and a new year 1."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from scheduler.domain import DataSet, Student


@dataclasses.dataclass(frozen=True)
class NextYear:
    students: tuple[Student, ...]
    repeaters: tuple[str, ...]
    changer: str
    leavers: tuple[str, ...]
    new: tuple[str, ...]


def next_year_students(data: DataSet, new_students: int = 5) -> NextYear:
    """Repeaters: two year-3 students in no pair; the changer: a year-2 student in no pair, into nursing."""
    paired = {sid for p in data.pairs for sid in (p.student_a, p.student_b)}
    free = [s for s in data.students if s.student_id not in paired and s.programme == "medicine"]
    repeaters = tuple(s.student_id for s in free if s.year == 3)[:2]
    changer = next(s.student_id for s in free if s.year == 2)
    out, n = [], 0
    for s in data.students:
        if s.year == 5:
            continue
        if s.student_id in repeaters:
            out.append(s)
            continue
        year = s.year + 1
        group = ("A" if n % 2 == 0 else "B") if year == 4 else ""
        n += year == 4
        programme = "nursing" if s.student_id == changer else s.programme
        out.append(dataclasses.replace(s, year=year, group=group, programme=programme))
    template = next(s for s in data.students if s.year == 1)
    new = tuple(f"NEW{i:04d}" for i in range(new_students))
    out += [dataclasses.replace(template, student_id=sid, first_name="Nova", last_name=f"Student {i}",
                                email=f"nova{i}@example.ac.uk") for i, sid in enumerate(new)]
    leavers = tuple(s.student_id for s in data.students if s.year == 5)
    return NextYear(tuple(out), repeaters, changer, leavers, new)


def write_students_csv(students, path: Path) -> Path:
    """One ``students.csv`` in the contract's form, as the records system's export would be."""
    from scheduler.exchange import write_dataset_csv

    with tempfile.TemporaryDirectory() as tmp:
        write_dataset_csv(DataSet(students=tuple(students)), tmp)
        shutil.copyfile(Path(tmp) / "students.csv", path)
    return path
