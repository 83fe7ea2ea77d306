"""The newest migration's revision id, so opening an up-to-date database needs no Alembic import.

A test checks it against the head of ``migrations/versions``; bump it with every new migration.
"""

HEAD_REVISION = "i25t"
