"""meetups rsvps attendance series outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:28:47.086637
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('meetup_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('first_starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=1000), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_meetup_series_community_id_communities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetup_series'))
    )
    with op.batch_alter_table('meetup_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetup_series_community_id'), ['community_id'], unique=False)

    op.create_table('meetups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('is_festival', sa.Boolean(), nullable=False),
    sa.Column('checkin_code', sa.String(length=8), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('source_meetup_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_meetups_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['members.id'], name=op.f('fk_meetups_created_by_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['series_id'], ['meetup_series.id'], name=op.f('fk_meetups_series_id_meetup_series'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_meetup_id'], ['meetups.id'], name=op.f('fk_meetups_source_meetup_id_meetups'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetups')),
    sa.UniqueConstraint('series_id', 'starts_at', name=op.f('uq_meetups_series_id'))
    )
    with op.batch_alter_table('meetups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetups_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetups_starts_at'), ['starts_at'], unique=False)

    op.create_table('attendance',
    sa.Column('meetup_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['meetup_id'], ['meetups.id'], name=op.f('fk_attendance_meetup_id_meetups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_attendance_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meetup_id', 'member_id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_member_id'), ['member_id'], unique=False)

    op.create_table('meetup_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meetup_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['meetup_id'], ['meetups.id'], name=op.f('fk_meetup_partners_meetup_id_meetups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetup_partners'))
    )
    with op.batch_alter_table('meetup_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetup_partners_meetup_id'), ['meetup_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('meetup_id', sa.Integer(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=40), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meetup_id'], ['meetups.id'], name=op.f('fk_outbox_meetup_id_meetups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_outbox_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_dedupe_key'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_meetup_id'), ['meetup_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_member_id'), ['member_id'], unique=False)
        batch_op.create_index('ix_outbox_status_due_at', ['status', 'due_at'], unique=False)

    op.create_table('rsvps',
    sa.Column('meetup_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meetup_id'], ['meetups.id'], name=op.f('fk_rsvps_meetup_id_meetups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_rsvps_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meetup_id', 'member_id', name=op.f('pk_rsvps'))
    )
    with op.batch_alter_table('rsvps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rsvps_member_id'), ['member_id'], unique=False)

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_enabled', sa.Boolean(), server_default=sa.true(), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('reminders_enabled')

    with op.batch_alter_table('rsvps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rsvps_member_id'))

    op.drop_table('rsvps')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_status_due_at')
        batch_op.drop_index(batch_op.f('ix_outbox_member_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_meetup_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('meetup_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetup_partners_meetup_id'))

    op.drop_table('meetup_partners')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_member_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('meetups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetups_starts_at'))
        batch_op.drop_index(batch_op.f('ix_meetups_community_id'))

    op.drop_table('meetups')
    with op.batch_alter_table('meetup_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetup_series_community_id'))

    op.drop_table('meetup_series')
