"""File > Back up… and File > Restore…: choosing the file, confirming, and running the backup services as jobs;
the daily backup at the first start of a day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.context import AppContext


def backup_job(ws, path: str):
    from scheduler.services import backups

    return backups.backup(ws, path)


def daily_backup_job(ws):
    from scheduler.services import backups

    return backups.daily_backup(ws)


def restore_job(ws, path: str, force: bool):
    """The restore report, or the refusal's message (str) when the database is newer than the backup."""
    from scheduler.services import backups

    try:
        return backups.restore(ws, path, force=force)
    except backups.RestoreRefused as exc:
        if force:
            raise
        return str(exc)


class BackupActions:
    """The two actions' flows for the main window."""

    def __init__(self, parent: QWidget, ctx: AppContext) -> None:
        self.parent = parent
        self.ctx = ctx

    def back_up(self) -> None:
        name = f"placements-backup-{dt.date.today():%Y-%m-%d}.sqlite"
        path, _ = QFileDialog.getSaveFileName(self.parent, "Back up the database", name, "Backups (*.sqlite)")
        if path:
            self.ctx.jobs.run(backup_job, path, name="back up", serial=True,
                              on_success=lambda p: self.ctx.show_status(f"Backed up to {p}"))

    def restore(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Restore a backup", "", "Backups (*.sqlite *.db);;All files (*)")
        if not path:
            return
        answer = QMessageBox.question(
            self.parent, "Restore a backup",
            f"Replace the students, practices, blocks, plans and settings in the database with those in\n{path}?\n\n"
            "The database as it is now is backed up first, and the audit trail is kept.")
        if answer == QMessageBox.StandardButton.Yes:
            self._run_restore(path, force=False)

    def _run_restore(self, path: str, force: bool) -> None:
        self.ctx.jobs.run(restore_job, path, force, name="restore", serial=True,
                          on_success=lambda result: self._restored(path, result))

    def _restored(self, path: str, result) -> None:
        if isinstance(result, str):
            answer = QMessageBox.warning(
                self.parent, "Restore a backup", f"The backup is older than the database: {result}.\n\n"
                "Restore it anyway?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self._run_restore(path, force=True)
            return
        self.ctx.show_status(f"Restored {result.source}; the database as it was is in {result.safety_backup}")
        self.ctx.state.reload()
