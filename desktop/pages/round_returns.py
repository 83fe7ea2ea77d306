"""Reading a round's returned workbooks from its page (Offers, Preferences, Evaluations): the files are checked in a
background job, a dialog shows what they would change, and only its Save imports them, in a second job."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.errors import plain_message
from desktop.folders import last_folder, remember
from desktop.pages.base import Page


def ask_returned_workbooks(page: Page, title: str) -> list[str]:
    """The returned workbooks the officer picks (none when they cancel)."""
    paths, _ = QFileDialog.getOpenFileNames(page, title, last_folder(page.ctx.settings), "Excel workbooks (*.xlsx)")
    return paths


def read_returns(page: Page, paths: list[str], what: str, *, check: Callable[..., Any],
                 dialog: Callable[[Any, Page], QDialog], save: Callable[..., Any],
                 saved: Callable[[Any, Any], None], save_name: str = "", save_checked: bool = False,
                 in_process: bool = False) -> None:
    """Runs ``check(paths)`` (job "read ``what``"), shows ``dialog(checked, page)`` as ``page.returns_dialog``; when
    it is accepted runs ``save(paths)``, or ``save(paths, checked)`` with ``save_checked`` (job ``save_name``, else
    "import ``what``"), then ``saved(result, checked)``; a failed save is shown as an error."""
    if not paths:
        return
    paths = list(paths)
    remember(page.ctx.settings, paths[0])

    def import_them(checked) -> None:
        page.ctx.jobs.run(save, paths, *((checked,) if save_checked else ()), name=save_name or f"import {what}",
                          on_success=lambda result: saved(result, checked),
                          on_failure=lambda e: page.ctx.show_error(plain_message(e)), in_process=in_process)

    def show(checked) -> None:
        box = dialog(checked, page)
        box.accepted.connect(lambda: import_them(checked))
        box.finished.connect(box.deleteLater)
        page.returns_dialog = box
        box.open()

    page.ctx.jobs.run(check, paths, name=f"read {what}", on_success=show, in_process=in_process)
