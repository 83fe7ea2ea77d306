"""Starts the window: logging, the QApplication with the app's style sheet, the main window, the event loop."""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType

from desktop.logs import APP_NAME, set_up_logging

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from scheduler.resources import resource_path

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    style = resource_path("style", "app.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    for icon in (resource_path("icons", "app.png"), resource_path("icons", "app.ico")):
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
            break
    return app


def _install_excepthook(window) -> None:
    """An unexpected error in a Qt callback is logged (without its message) and shown in plain English."""
    from desktop.errors import log_exception, plain_message

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log_exception("the window", error.with_traceback(tb))
        try:
            window.show_error(plain_message(error))
        except Exception:  # noqa: BLE001 - the window itself may be what failed
            pass

    sys.excepthook = hook


def run_gui(db: str | None = None, argv: list[str] | None = None) -> int:
    """Opens the main window on the database (path, URL, or None for the default) and runs until it closes."""
    started = time.perf_counter()
    set_up_logging()
    app = make_application(argv)
    from desktop.main_window import MainWindow

    window = MainWindow(db)
    _install_excepthook(window)
    window.show()
    log.info("window shown after %.2f s", time.perf_counter() - started)
    return app.exec()
