"""The contract's new columns and tables (approval, programmes, clearances, attendance), the offers round
and students' change requests.

Revision ID: i12
Revises: 0001
Create Date: 2026-12-01
"""
from __future__ import annotations

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'i12'
down_revision: Union[str, None] = 'i10'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('practices') as batch:
        batch.add_column(sa.Column('approved_until', sa.Date(), nullable=True))
        batch.add_column(sa.Column('programmes', sa.String(length=200), nullable=False, server_default=''))
    with op.batch_alter_table('students') as batch:
        batch.add_column(sa.Column('programme', sa.String(length=64), nullable=False, server_default='medicine'))
    with op.batch_alter_table('blocks') as batch:
        batch.add_column(sa.Column('programme', sa.String(length=64), nullable=False, server_default='medicine'))
    op.create_table('clearances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['students.student_id'], name=op.f('fk_clearances_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clearances'))
    )
    op.create_index(op.f('ix_clearances_student_id'), 'clearances', ['student_id'], unique=False)
    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('block_id', sa.String(length=32), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['block_id'], ['blocks.block_id'], name=op.f('fk_attendance_block_id_blocks')),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_attendance_practice_code_practices')),
    sa.ForeignKeyConstraint(['student_id'], ['students.student_id'], name=op.f('fk_attendance_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance'))
    )
    op.create_index(op.f('ix_attendance_student_id'), 'attendance', ['student_id'], unique=False)
    op.create_table('change_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('block_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('max_minutes', sa.Float(), nullable=True),
    sa.Column('away_from', sa.Date(), nullable=True),
    sa.Column('away_to', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('decided', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_requests'))
    )
    op.create_index(op.f('ix_change_requests_student_id'), 'change_requests', ['student_id'], unique=False)
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
    op.drop_index(op.f('ix_change_requests_student_id'), table_name='change_requests')
    op.drop_table('change_requests')
    op.drop_index(op.f('ix_attendance_student_id'), table_name='attendance')
    op.drop_table('attendance')
    op.drop_index(op.f('ix_clearances_student_id'), table_name='clearances')
    op.drop_table('clearances')
    for table, column in (('blocks', 'programme'), ('students', 'programme'), ('practices', 'programmes'),
                          ('practices', 'approved_until')):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
