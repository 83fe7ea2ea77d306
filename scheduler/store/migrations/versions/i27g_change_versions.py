"""Versions per kind of change (data, offers, preferences, requests, settings) and the database's identity.

A solve, advice run or document set records them when it reads and saves only
if none changed (``scheduler.store.change_versions``). Each kind starts at a
random number, so two databases (or a file replaced under a running solve)
never share a set of versions by chance.

Revision ID: i27g
Revises: i12
Create Date: 2026-12-07
"""
from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i27g'
down_revision: str | None = 'i12'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ('database', 'data', 'offers', 'preferences', 'requests', 'settings')


def upgrade() -> None:
    table = op.create_table('change_versions',
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('changed', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_change_versions'))
    )
    op.bulk_insert(table, [{'kind': kind, 'version': secrets.randbits(48), 'changed': None} for kind in KINDS])


def downgrade() -> None:
    op.drop_table('change_versions')
