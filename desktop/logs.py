"""The desktop log file in the user log folder (platformdirs), rotated, without personal data."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from platformdirs import user_log_dir

from scheduler.private_files import open_private, private_folder

APP_NAME = "GP Placement Scheduler"


def log_file_path() -> Path:
    return Path(user_log_dir(APP_NAME, appauthor=False)) / "gp-placements.log"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the first and each after a rotation) is readable only by its user."""

    def _open(self):
        return open_private(self.baseFilename, self.mode if "a" in self.mode else "a", encoding=self.encoding,
                            errors=self.errors)


def set_up_logging() -> Path | None:
    """Sends warnings and errors (and the start-up line) to a rotating file; returns its path."""
    path = log_file_path()
    try:
        private_folder(path.parent)
        handler: logging.Handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
