"""Who locked a placement, when and why, and the rules an override broke.

Revision ID: i14
Revises: i9
Create Date: 2026-12-01
"""
from __future__ import annotations

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'i14'
down_revision: Union[str, None] = 'i15'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('locked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('lock_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('override', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_column('override')
        batch_op.drop_column('lock_reason')
        batch_op.drop_column('locked_at')
        batch_op.drop_column('locked_by')
