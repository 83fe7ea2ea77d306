"""The last "Where to recruit" result of each plan, kept with the plan with its date and the versions it read.

Revision ID: i23a
Revises: i23p
Create Date: 2026-12-07
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i23a'
down_revision: str | None = 'i23p'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('plan_advice',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.Column('plan_version', sa.Integer(), nullable=False),
    sa.Column('read_versions', sa.JSON(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_advice_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_plan_advice'))
    )


def downgrade() -> None:
    op.drop_table('plan_advice')
