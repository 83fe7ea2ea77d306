"""The students' preferences round: per student, when their workbook went out, the reply-by date, and when
their ranks came back (from which file, how many), so the window can list who has not replied.

Revision ID: i23p
Revises: i23r
Create Date: 2026-12-07
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i23p'
down_revision: str | None = 'i23r'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('preference_round',
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('sent', sa.DateTime(), nullable=True),
    sa.Column('reply_by', sa.Date(), nullable=True),
    sa.Column('replied', sa.DateTime(), nullable=True),
    sa.Column('source', sa.String(length=260), nullable=False),
    sa.Column('ranks', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('student_id', name=op.f('pk_preference_round'))
    )


def downgrade() -> None:
    op.drop_table('preference_round')
