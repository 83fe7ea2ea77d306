"""Closed academic years: one row per year closed, and a frozen copy of that year's rows (data set, settings,
plans, attendance, requests, rounds, audit trail), each row as JSON with the student it concerns, so that a
closed year's documents can be reprinted and a student's archived rows exported or purged with them.

Revision ID: i25y
Revises: i23a
Create Date: 2026-12-07
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i25y'
down_revision: str | None = 'i23a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('archived_years',
    sa.Column('academic_year', sa.String(length=16), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.String(length=200), nullable=False),
    sa.Column('final_plan', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('next_year_started', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('academic_year', name=op.f('pk_archived_years'))
    )
    op.create_table('archived_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('academic_year', sa.String(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['academic_year'], ['archived_years.academic_year'],
                            name=op.f('fk_archived_rows_academic_year_archived_years'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archived_rows'))
    )
    with op.batch_alter_table('archived_rows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archived_rows_academic_year'), ['academic_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_archived_rows_student_id'), ['student_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('archived_rows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_archived_rows_student_id'))
        batch_op.drop_index(batch_op.f('ix_archived_rows_academic_year'))
    op.drop_table('archived_rows')
    op.drop_table('archived_years')
