"""The practices' GP tutors (issue 25): name, email, training date, refresher due, active, per practice.

Revision ID: i25t
Revises: i26e
Create Date: 2026-12-07
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i25t'
down_revision: str | None = 'i26e'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('tutors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('trained_on', sa.Date(), nullable=False),
    sa.Column('refresher_due', sa.Date(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_tutors_practice_code_practices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tutors'))
    )
    with op.batch_alter_table('tutors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tutors_practice_code'), ['practice_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tutors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tutors_practice_code'))
    op.drop_table('tutors')
