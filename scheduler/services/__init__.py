"""One function per thing a user does: the only API that ``desktop`` and ``cli`` call.

Every service takes a ``Workspace`` (an open database). Modules: ``workspace``,
``data`` (import, export, demo, settings), ``plans``, ``edits``, ``documents``.
Import the module you need; this package imports nothing heavy.
"""

from scheduler.services.workspace import Workspace, default_database_path
from scheduler.store.errors import DatabaseUnavailable, PlanNameTaken, PlanNotFound, StoreError

__all__ = ["DatabaseUnavailable", "PlanNameTaken", "PlanNotFound", "StoreError", "Workspace", "default_database_path"]
