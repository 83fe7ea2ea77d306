"""The capacity-offers round: when each practice's workbook went out and came back.

Revision ID: i12
Revises: 0001
Create Date: 2026-12-01
"""
from __future__ import annotations

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'i12'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('offers',
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('sent', sa.DateTime(), nullable=True),
    sa.Column('replied', sa.DateTime(), nullable=True),
    sa.Column('source', sa.String(length=260), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('practice_code', name=op.f('pk_offers'))
    )


def downgrade() -> None:
    op.drop_table('offers')
