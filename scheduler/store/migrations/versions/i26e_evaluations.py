"""The students' evaluations round: per student and block, when the workbook went out, the answers (five 1-5
scores, a comment, a concern tick) once returned, and the office's follow-up of a concern.

Revision ID: i26e
Revises: i25m
Create Date: 2026-12-07
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i26e'
down_revision: str | None = 'i25m'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('evaluations',
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('block_id', sa.String(length=32), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('sent', sa.DateTime(), nullable=True),
    sa.Column('reply_by', sa.Date(), nullable=True),
    sa.Column('received', sa.DateTime(), nullable=True),
    sa.Column('source', sa.String(length=260), nullable=False),
    sa.Column('teaching', sa.Integer(), nullable=True),
    sa.Column('welcome', sa.Integer(), nullable=True),
    sa.Column('patient_contact', sa.Integer(), nullable=True),
    sa.Column('organisation', sa.Integer(), nullable=True),
    sa.Column('recommend', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('concern', sa.Boolean(), nullable=False),
    sa.Column('concern_action', sa.Text(), nullable=False),
    sa.Column('concern_action_at', sa.DateTime(), nullable=True),
    sa.Column('concern_action_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('student_id', 'block_id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_practice_code'), ['practice_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_practice_code'))
    op.drop_table('evaluations')
