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


class DataChanged(StoreError):
    """A plan made from an older version of the data set: an import replaced the data while it was made."""

    def __init__(self, name: str, changed_at: object = None) -> None:
        when = f" at {changed_at:%H:%M on %d/%m/%Y}" if hasattr(changed_at, "strftime") else ""
        super().__init__(f"the plan {name!r} was made from data that has since been replaced (an import{when}), "
                         "so it may place students at practices the new data closes or no longer lists")
        self.name = name


class DatabaseLocked(StoreError):
    """Another program or officer holds the database's write lock for longer than we waited."""


class DatabaseFull(StoreError):
    """The disk holding the database (or its journal) is full."""


class DatabaseReadOnly(StoreError):
    """The database file, or its folder, cannot be written."""


class DatabaseDamaged(StoreError):
    """The file is not a database, or its contents are damaged."""


class DatabaseFailed(StoreError):
    """Any other database error, described without its SQL or parameters."""
