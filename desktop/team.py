"""Several officers on one database: noticing another officer's save, and answering a refused change.

``PlanWatcher`` polls the plans' versions (one small query every few
seconds, on a job) and reloads the window when the shown plan was saved by
someone else. ``ask_to_reload`` answers ``PlanChanged``: it shows who changed
the plan and offers to reload and re-apply the change; ``offer_save_as_new``
keeps a solve refused that way under a new name.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.context import AppContext
from scheduler.services.conflicts import PlanChanged

POLL_MS = 10_000


def plan_versions_job(ws) -> dict[str, int]:
    from scheduler.services import conflicts

    return conflicts.plan_versions(ws)


class PlanWatcher(QObject):
    """Reloads the window when another officer saves the shown plan (or adds or deletes one)."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        if not self.ctx.jobs.is_busy():  # a running job of ours may be saving: look next time
            self.ctx.jobs.run(plan_versions_job, name="check for changes", key="poll versions",
                              on_success=self._compare, on_failure=lambda _e: None)

    def _compare(self, versions: dict[str, int]) -> None:
        """Reloads when the database's plans differ from the shown snapshot's (never for our own saves: the
        window shows those as soon as they are made, and a running job of ours skips the poll)."""
        snapshot = self.ctx.state.snapshot
        shown = snapshot.plan
        changed = shown is not None and shown.version and versions.get(shown.name) != shown.version
        if changed or set(versions) != {p.name for p in snapshot.plans}:
            self.ctx.show_status("Another officer saved a change: the window shows it now.")
            self.ctx.state.reload()


def ask_to_reload(parent: QWidget, ctx: AppContext, error: PlanChanged, reapply: Callable[[], None]) -> None:
    """Shows the conflict; Yes reloads the plan and then makes the refused change again on top of it."""
    answer = QMessageBox.question(parent, "The plan was changed", str(error),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        ctx.show_status("Not changed. Reload (F5) to see the other officer's change.")
        return

    def loaded(_snapshot) -> None:
        ctx.state.changed.disconnect(loaded)
        reapply()

    ctx.state.changed.connect(loaded)
    ctx.state.reload(error.name)


def save_as_new_plan_job(ws, plan, name: str):
    from scheduler.services import conflicts

    return conflicts.save_as_new_plan(ws, plan, name)


def offer_save_as_new(parent: QWidget, ctx: AppContext, error: PlanChanged) -> bool:
    """A solve refused because its plan changed meanwhile: offers to keep the new plan under another name.
    Returns False when the error carries no plan to keep."""
    if error.unsaved is None:
        return False
    taken = {p.name for p in ctx.state.snapshot.plans}
    name = next(f"{error.name} ({n})" for n in range(2, 1000) if f"{error.name} ({n})" not in taken)
    answer = QMessageBox.question(parent, "The plan was changed during the solve",
                                  f"{error}\n\nKeep the plan you just made as a new plan called {name!r}?",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    if answer == QMessageBox.StandardButton.Yes:
        ctx.jobs.run(save_as_new_plan_job, error.unsaved, name, name="save as a new plan", serial=True,
                     on_success=lambda plan: (ctx.show_status(f"Kept the new plan as {plan.name!r}."),
                                              ctx.state.reload(plan.name)))
    else:
        ctx.show_status("The new plan was not kept.")
    return True
