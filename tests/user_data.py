"""The per-user data folder during a test, on Linux and on Windows alike.

The app keeps unsaved plans, backups and the default database where
platformdirs says: ``$XDG_DATA_HOME/GP Placements`` on Linux,
``%LOCALAPPDATA%\\GP Placements\\GP Placements`` on Windows (application
author, then name). ``user_data_env`` points both at a test's own folder;
``app_folder`` is where the app's folder then is.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "GP Placements"


def user_data_env(folder: str | Path) -> dict[str, str]:
    """Environment variables that put the per-user data folder in ``folder`` (platformdirs' override on Windows)."""
    return {"XDG_DATA_HOME": str(folder), "WIN_PD_OVERRIDE_LOCAL_APPDATA": str(folder)}


def use_user_data_folder(monkeypatch, folder: str | Path) -> None:
    """Points the per-user data folder at ``folder`` for this test."""
    for key, value in user_data_env(folder).items():
        monkeypatch.setenv(key, value)


def app_folder(folder: str | Path) -> Path:
    """The app's own folder inside a per-user data folder set by ``user_data_env``."""
    return Path(folder, APP_NAME, APP_NAME) if os.name == "nt" else Path(folder, APP_NAME)
