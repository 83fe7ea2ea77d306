"""The database: SQLAlchemy models, Alembic migrations, backups, and the row <-> domain mapping.

``Database.open(db)`` opens (creating and migrating as needed) a SQLite file
or any SQLAlchemy URL; ``repository`` holds the functions that read and write
domain objects through a session. Nothing outside this package sees a session.
"""

from scheduler.store.database import Database, default_database_path
from scheduler.store.errors import DatabaseUnavailable, PlanNameTaken, PlanNotFound, StoreError

__all__ = ["Database", "DatabaseUnavailable", "PlanNameTaken", "PlanNotFound", "StoreError", "default_database_path"]
