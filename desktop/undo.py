"""Undoable plan edits: QUndoCommands that call the edit services, and their inverse, through jobs.

A command remembers exactly how the student-blocks it touches were before
(``AllocationState``), so undo restores them with ``restore_allocations`` and
redo repeats the original service call. Both are recorded in the plan's audit
trail by the services. The first ``redo`` (the one QUndoStack.push runs) does
nothing: the window made the change before pushing the command.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtGui import QUndoCommand

from desktop.jobs import JobRunner
from scheduler.domain import Plan
from scheduler.services import edits
from scheduler.services.edits import AllocationState


class PlanEditCommand(QUndoCommand):
    """Base: ``apply`` redoes the change, ``before`` is what undo puts back."""

    def __init__(self, text: str, jobs: JobRunner, plan_name: str, user: str, before: list[AllocationState],
                 on_plan: Callable[[Plan], None], on_failed: Callable[[BaseException], None]) -> None:
        super().__init__(text)
        self.jobs = jobs
        self.plan_name = plan_name
        self.user = user
        self.before = before
        self.on_plan = on_plan
        self.on_failed = on_failed
        """Called when an undo or redo could not be made; the stack no longer matches the plan then."""
        self._skip_next_redo = True

    def apply(self, ws) -> Plan:
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(self.apply, "redo")

    def undo(self) -> None:
        states = list(self.before)
        self._run(lambda ws: edits.restore_allocations(ws, self.plan_name, states, self.user, action="undo"), "undo")

    def _run(self, work: Callable[[Any], Plan], name: str) -> None:
        self.jobs.run(work, name=name, on_success=self.on_plan, on_failure=self.on_failed, serial=True)


class MoveCommand(PlanEditCommand):
    def __init__(self, *, student_id: str, block_id: str, practice_code: str, override: bool, **kw: Any) -> None:
        super().__init__(f"Move {student_id} to {practice_code}", **kw)
        self.student_id, self.block_id, self.practice_code, self.override = student_id, block_id, practice_code, override

    def apply(self, ws) -> Plan:
        return edits.move_student(ws, self.plan_name, self.student_id, self.block_id, self.practice_code, self.user,
                                  override=self.override)


class SwapCommand(PlanEditCommand):
    def __init__(self, *, block_id: str, student_a: str, student_b: str, override: bool, **kw: Any) -> None:
        super().__init__(f"Swap {student_a} and {student_b}", **kw)
        self.block_id, self.student_a, self.student_b, self.override = block_id, student_a, student_b, override

    def apply(self, ws) -> Plan:
        return edits.swap_students(ws, self.plan_name, self.block_id, self.student_a, self.student_b, self.user,
                                   override=self.override)


class LockCommand(PlanEditCommand):
    def __init__(self, *, student_id: str, block_id: str, locked: bool, **kw: Any) -> None:
        super().__init__(f"{'Lock' if locked else 'Unlock'} {student_id} in {block_id}", **kw)
        self.student_id, self.block_id, self.locked = student_id, block_id, locked

    def apply(self, ws) -> Plan:
        return edits.set_locked(ws, self.plan_name, self.student_id, self.block_id, self.locked, self.user)
