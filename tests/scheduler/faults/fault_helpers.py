"""Helpers of the fault-injection suite: counts in a database, a hash of a file or folder, a second plan."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from scheduler.services import Workspace, data
from scheduler.store import repository


def counts(db: Path) -> dict[str, int]:
    with Workspace.open(db) as ws:
        return data.counts(ws)


def digest(path: Path) -> str:
    """One hash of a file, or of every file under a folder with its relative name."""
    h = hashlib.sha256()
    if path.is_file():
        h.update(path.read_bytes())
        return h.hexdigest()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        h.update(file.relative_to(path).as_posix().encode())
        h.update(file.read_bytes())
    return h.hexdigest()


def make_smaller_plan(db, name: str = "Smaller") -> None:
    """A second plan with half the placements of the current one, made current."""
    with Workspace.open(db) as ws, ws.session() as s:
        plan = repository.load_plan(s)
        repository.save_plan(s, dataclasses.replace(plan, name=name, placements=plan.placements[::2], version=0,
                                                    is_current=True))


def files(folder) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def run_first_during(monkeypatch, owner, name: str, change) -> None:
    """``owner.name`` (a step a long job takes after it has read what it works from) runs ``change()`` once,
    first: another officer's change, made while the job is under way, deterministically."""
    original = getattr(owner, name)
    done = []

    def change_then_run(*args, **kwargs):
        if not done:
            done.append(True)
            change()
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, change_then_run)


def add_leavers(db: Path, n: int) -> list[str]:
    """``n`` students of a programme no block teaches, placed only in 2022/23: leavers a purge anonymises."""
    import dataclasses

    from scheduler.domain import HistoryEntry, Student

    with Workspace.open(db) as ws, ws.session() as s:
        stored = repository.load_dataset(s)
        leavers = tuple(Student(f"L{i:04d}", "Lee", f"Ver{i}", 5, email=f"l{i}@example.ac.uk",
                                programme="physician associate") for i in range(n))
        repository.replace_dataset(s, dataclasses.replace(
            stored, students=stored.students + leavers,
            history=stored.history + tuple(HistoryEntry(st.student_id, stored.practices[0].code, "2022/23")
                                           for st in leavers)))
    return [st.student_id for st in leavers]
