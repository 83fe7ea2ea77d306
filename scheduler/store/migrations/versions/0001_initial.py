"""Initial schema: the data-contract tables, settings, plans, placements, unplaced and edits.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""
from __future__ import annotations

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('blocks',
    sa.Column('block_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('rotation_group', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('weekdays', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('block_id', name=op.f('pk_blocks'))
    )
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('objective', sa.Float(), nullable=True),
    sa.Column('bound', sa.Float(), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=True),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('name', name=op.f('uq_plans_name'))
    )
    op.create_table('postcodes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('postcode', sa.String(length=16), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postcodes')),
    sa.UniqueConstraint('postcode', name=op.f('uq_postcodes_postcode'))
    )
    op.create_table('practices',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('postcode', sa.String(length=16), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('accessible', sa.Boolean(), nullable=False),
    sa.Column('public_transport', sa.Boolean(), nullable=False),
    sa.Column('max_students_per_day', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tutor', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_practices'))
    )
    op.create_table('settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settings'))
    )
    op.create_table('students',
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=200), nullable=False),
    sa.Column('last_name', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('rotation_group', sa.String(length=32), nullable=False),
    sa.Column('postcode', sa.String(length=16), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('travel_mode', sa.String(length=8), nullable=False),
    sa.Column('max_travel_minutes', sa.Float(), nullable=True),
    sa.Column('needs_accessible', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('student_id', name=op.f('pk_students'))
    )
    with op.batch_alter_table('students', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_students_year'), ['year'], unique=False)

    op.create_table('capacity_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('block_id', sa.String(length=32), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['block_id'], ['blocks.block_id'], name=op.f('fk_capacity_overrides_block_id_blocks')),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_capacity_overrides_practice_code_practices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capacity_overrides')),
    sa.UniqueConstraint('practice_code', 'block_id', name=op.f('uq_capacity_overrides_practice_code_block_id'))
    )
    with op.batch_alter_table('capacity_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_overrides_block_id'), ['block_id'], unique=False)

    op.create_table('edits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('when', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_edits_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edits'))
    )
    with op.batch_alter_table('edits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_edits_plan_id'), ['plan_id'], unique=False)

    op.create_table('exclusions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_exclusions_practice_code_practices')),
    sa.ForeignKeyConstraint(['student_id'], ['students.student_id'], name=op.f('fk_exclusions_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exclusions')),
    sa.UniqueConstraint('student_id', 'practice_code', name=op.f('uq_exclusions_student_id_practice_code'))
    )
    with op.batch_alter_table('exclusions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exclusions_practice_code'), ['practice_code'], unique=False)

    op.create_table('history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('academic_year', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_history_practice_code_practices')),
    sa.ForeignKeyConstraint(['student_id'], ['students.student_id'], name=op.f('fk_history_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_history'))
    )
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_history_practice_code'), ['practice_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_history_student_id'), ['student_id'], unique=False)

    op.create_table('pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_a', sa.String(length=32), nullable=False),
    sa.Column('student_b', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['student_a'], ['students.student_id'], name=op.f('fk_pairs_student_a_students')),
    sa.ForeignKeyConstraint(['student_b'], ['students.student_id'], name=op.f('fk_pairs_student_b_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairs')),
    sa.UniqueConstraint('student_a', 'student_b', name=op.f('uq_pairs_student_a_student_b'))
    )
    with op.batch_alter_table('pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairs_student_b'), ['student_b'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('block_id', sa.String(length=32), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('travel_minutes', sa.Float(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['block_id'], ['blocks.block_id'], name=op.f('fk_placements_block_id_blocks')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_placements_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_placements_practice_code_practices')),
    sa.ForeignKeyConstraint(['student_id'], ['students.student_id'], name=op.f('fk_placements_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
    sa.UniqueConstraint('plan_id', 'student_id', 'block_id', name=op.f('uq_placements_plan_id_student_id_block_id'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_block_id'), ['block_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_practice_code'), ['practice_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_student_id'), ['student_id'], unique=False)

    op.create_table('practice_years',
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_practice_years_practice_code_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_code', 'year', name=op.f('pk_practice_years'))
    )
    op.create_table('preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_preferences_practice_code_practices')),
    sa.ForeignKeyConstraint(['student_id'], ['students.student_id'], name=op.f('fk_preferences_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_preferences')),
    sa.UniqueConstraint('student_id', 'practice_code', name=op.f('uq_preferences_student_id_practice_code'))
    )
    with op.batch_alter_table('preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_preferences_practice_code'), ['practice_code'], unique=False)

    op.create_table('travel_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('practice_code', sa.String(length=32), nullable=False),
    sa.Column('minutes', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['practice_code'], ['practices.code'], name=op.f('fk_travel_overrides_practice_code_practices')),
    sa.ForeignKeyConstraint(['student_id'], ['students.student_id'], name=op.f('fk_travel_overrides_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_travel_overrides'))
    )
    op.create_table('unplaced',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(length=32), nullable=False),
    sa.Column('block_id', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['block_id'], ['blocks.block_id'], name=op.f('fk_unplaced_block_id_blocks')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_unplaced_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['students.student_id'], name=op.f('fk_unplaced_student_id_students')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unplaced')),
    sa.UniqueConstraint('plan_id', 'student_id', 'block_id', name=op.f('uq_unplaced_plan_id_student_id_block_id'))
    )
    with op.batch_alter_table('unplaced', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unplaced_block_id'), ['block_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unplaced_student_id'), ['student_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unplaced', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unplaced_student_id'))
        batch_op.drop_index(batch_op.f('ix_unplaced_block_id'))

    op.drop_table('unplaced')
    op.drop_table('travel_overrides')
    with op.batch_alter_table('preferences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_preferences_practice_code'))

    op.drop_table('preferences')
    op.drop_table('practice_years')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_student_id'))
        batch_op.drop_index(batch_op.f('ix_placements_practice_code'))
        batch_op.drop_index(batch_op.f('ix_placements_block_id'))

    op.drop_table('placements')
    with op.batch_alter_table('pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairs_student_b'))

    op.drop_table('pairs')
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_history_student_id'))
        batch_op.drop_index(batch_op.f('ix_history_practice_code'))

    op.drop_table('history')
    with op.batch_alter_table('exclusions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exclusions_practice_code'))

    op.drop_table('exclusions')
    with op.batch_alter_table('edits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_edits_plan_id'))

    op.drop_table('edits')
    with op.batch_alter_table('capacity_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_overrides_block_id'))

    op.drop_table('capacity_overrides')
    with op.batch_alter_table('students', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_students_year'))

    op.drop_table('students')
    op.drop_table('settings')
    op.drop_table('practices')
    op.drop_table('postcodes')
    op.drop_table('plans')
    op.drop_table('blocks')
