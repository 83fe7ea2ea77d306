"""Undoable plan edits: QUndoCommands that make a change through its edit service, and undo it, through jobs.

Each hand edit calls its service in one place: the command's ``redo``. The
window pushes the command and ``QUndoStack.push`` runs that first ``redo``,
which is the edit itself; later redos repeat it. A command remembers exactly
how the student-blocks it touches were before (``AllocationState``), so undo
restores them with ``restore_allocations``. Both are recorded in the plan's
audit trail by the services. ``made`` tells a refused first edit (which the
window takes off the stack) from a failed undo or redo.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtGui import QUndoCommand

from desktop.jobs import JobRunner
from scheduler.domain import Plan
from scheduler.services import edits
from scheduler.services.edits import AllocationState


class PlanEditCommand(QUndoCommand):
    """Base: ``apply`` makes the change, ``before`` is what undo puts back."""

    def __init__(self, text: str, jobs: JobRunner, plan_name: str, user: str, before: list[AllocationState],
                 on_plan: Callable[[Plan, "PlanEditCommand"], None],
                 on_failed: Callable[[BaseException, "PlanEditCommand"], None],
                 shown_version: Callable[[], int | None] = lambda: None) -> None:
        super().__init__(text)
        self.jobs = jobs
        self.plan_name = plan_name
        self.user = user
        self.before = before
        self.on_plan = on_plan
        self.on_failed = on_failed
        """Called when the change, an undo or a redo could not be made."""
        self.shown_version = shown_version
        """The version of the plan the officer sees: a save over a newer one (another officer's) is refused."""
        self.made = False
        """True once the change has been made (the first redo succeeded)."""
        self.last_run = ""
        """What ran last: "edit" (the change itself), "undo" or "redo"."""

    def apply(self, ws, expected_version: int | None) -> Plan:
        raise NotImplementedError

    def redo(self) -> None:
        version = self.shown_version()
        self._run(lambda ws: self.apply(ws, version), "redo" if self.made else "edit")

    def undo(self) -> None:
        states, version = list(self.before), self.shown_version()
        self._run(lambda ws: edits.restore_allocations(ws, self.plan_name, states, self.user, action="undo",
                                                       expected_version=version), "undo")

    def _run(self, work: Callable[[Any], Plan], name: str) -> None:
        self.last_run = name

        def done(plan: Plan) -> None:
            self.made = True
            self.on_plan(plan, self)

        self.jobs.run(work, name=name, on_success=done, on_failure=lambda e: self.on_failed(e, self), serial=True)


class MoveCommand(PlanEditCommand):
    def __init__(self, *, student_id: str, block_id: str, practice_code: str, override: bool, reason: str = "",
                 text: str = "", **kw: Any) -> None:
        super().__init__(text or f"move {student_id} to {practice_code}", **kw)
        self.student_id, self.block_id, self.practice_code = student_id, block_id, practice_code
        self.override, self.reason = override, reason

    def apply(self, ws, expected_version: int | None) -> Plan:
        return edits.move_student(ws, self.plan_name, self.student_id, self.block_id, self.practice_code, self.user,
                                  override=self.override, reason=self.reason, expected_version=expected_version)


class SwapCommand(PlanEditCommand):
    def __init__(self, *, block_id: str, student_a: str, student_b: str, override: bool, reason: str = "",
                 text: str = "", **kw: Any) -> None:
        super().__init__(text or f"swap {student_a} and {student_b}", **kw)
        self.block_id, self.student_a, self.student_b = block_id, student_a, student_b
        self.override, self.reason = override, reason

    def apply(self, ws, expected_version: int | None) -> Plan:
        return edits.swap_students(ws, self.plan_name, self.block_id, self.student_a, self.student_b, self.user,
                                   override=self.override, reason=self.reason, expected_version=expected_version)


class LockCommand(PlanEditCommand):
    def __init__(self, *, student_id: str, block_id: str, locked: bool, reason: str = "", text: str = "",
                 **kw: Any) -> None:
        super().__init__(text or f"{'lock' if locked else 'unlock'} {student_id} in {block_id}", **kw)
        self.student_id, self.block_id, self.locked, self.reason = student_id, block_id, locked, reason

    def apply(self, ws, expected_version: int | None) -> Plan:
        return edits.set_locked(ws, self.plan_name, self.student_id, self.block_id, self.locked, self.user,
                                reason=self.reason, expected_version=expected_version)
