"""Errors the store raises for misuse or an unusable database, each with a message fit for a user."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error raised by ``scheduler.store``."""


class DatabaseUnavailable(StoreError):
    """The database could not be opened, created or migrated."""


class PlanNotFound(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"there is no plan called {name!r}")
        self.name = name


class PlanNameTaken(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"a plan called {name!r} already exists")
        self.name = name
