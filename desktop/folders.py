"""File dialogs open in the last folder the officer used (for any file), not at the root of their home folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "paths/last"


def last_folder(settings: QSettings) -> str:
    folder = str(settings.value(KEY, "") or "")
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember(settings: QSettings, path: str) -> None:
    """Remembers the folder of a chosen file (or the chosen folder itself)."""
    chosen = Path(path)
    settings.setValue(KEY, str(chosen if chosen.is_dir() else chosen.parent))


def in_last_folder(settings: QSettings, file_name: str) -> str:
    return str(Path(last_folder(settings)) / file_name)
