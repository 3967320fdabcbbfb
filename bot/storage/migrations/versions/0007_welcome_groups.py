"""Welcome Groups and matching (issue 8)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('welcome_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('offers', sa.JSON(), nullable=False),
    sa.Column('age_band', sa.String(length=8), nullable=True),
    sa.Column('family_max', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('invite_token', sa.String(length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_welcome_groups_community_id_communities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welcome_groups')),
    sa.UniqueConstraint('invite_token', name=op.f('uq_welcome_groups_invite_token'))
    )
    with op.batch_alter_table('welcome_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welcome_groups_community_id'), ['community_id'], unique=False)

    op.create_table('welcome_group_members',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['welcome_groups.id'], name=op.f('fk_welcome_group_members_group_id_welcome_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_welcome_group_members_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_welcome_group_members'))
    )
    with op.batch_alter_table('welcome_group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welcome_group_members_group_id'), ['group_id'], unique=False)

    op.create_table('welcome_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('availability', sa.JSON(), nullable=False),
    sa.Column('age_band', sa.String(length=8), nullable=True),
    sa.Column('family_size', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_welcome_requests_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_welcome_requests_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welcome_requests')),
    sa.UniqueConstraint('member_id', name=op.f('uq_welcome_requests_member_id'))
    )
    with op.batch_alter_table('welcome_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welcome_requests_community_id'), ['community_id'], unique=False)

    op.create_table('welcome_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('newcomer_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('newcomer_answer', sa.Boolean(), nullable=True),
    sa.Column('group_answer', sa.Boolean(), nullable=True),
    sa.Column('newcomer_shares_contact', sa.Boolean(), nullable=False),
    sa.Column('group_shares_contact', sa.Boolean(), nullable=False),
    sa.Column('newcomer_closing', sa.String(length=16), nullable=True),
    sa.Column('group_closing', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('matched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_welcome_proposals_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['welcome_groups.id'], name=op.f('fk_welcome_proposals_group_id_welcome_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['newcomer_id'], ['members.id'], name=op.f('fk_welcome_proposals_newcomer_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['welcome_requests.id'], name=op.f('fk_welcome_proposals_request_id_welcome_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welcome_proposals'))
    )
    with op.batch_alter_table('welcome_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_welcome_proposals_community_status', ['community_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_welcome_proposals_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welcome_proposals_newcomer_id'), ['newcomer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_welcome_proposals_request_id'), ['request_id'], unique=False)

    op.create_table('welcome_declines',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('declined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['welcome_groups.id'], name=op.f('fk_welcome_declines_group_id_welcome_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_welcome_declines_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'group_id', name=op.f('pk_welcome_declines'))
    )
    op.create_table('welcome_checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.String(length=16), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_welcome_checkins_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['welcome_proposals.id'], name=op.f('fk_welcome_checkins_proposal_id_welcome_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welcome_checkins')),
    sa.UniqueConstraint('proposal_id', 'member_id', 'month', name=op.f('uq_welcome_checkins_proposal_id'))
    )
    with op.batch_alter_table('welcome_checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welcome_checkins_member_id'), ['member_id'], unique=False)

    op.create_table('welcome_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=False),
    sa.Column('rating', sa.String(length=16), nullable=False),
    sa.Column('closing', sa.String(length=16), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_welcome_feedback_community_id_communities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_welcome_feedback'))
    )
    with op.batch_alter_table('welcome_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welcome_feedback_community_id'), ['community_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('welcome_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welcome_feedback_community_id'))

    op.drop_table('welcome_feedback')
    with op.batch_alter_table('welcome_checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welcome_checkins_member_id'))

    op.drop_table('welcome_checkins')
    op.drop_table('welcome_declines')
    with op.batch_alter_table('welcome_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welcome_proposals_request_id'))
        batch_op.drop_index(batch_op.f('ix_welcome_proposals_newcomer_id'))
        batch_op.drop_index(batch_op.f('ix_welcome_proposals_group_id'))
        batch_op.drop_index('ix_welcome_proposals_community_status')

    op.drop_table('welcome_proposals')
    with op.batch_alter_table('welcome_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welcome_requests_community_id'))

    op.drop_table('welcome_requests')
    with op.batch_alter_table('welcome_group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welcome_group_members_group_id'))

    op.drop_table('welcome_group_members')
    with op.batch_alter_table('welcome_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_welcome_groups_community_id'))

    op.drop_table('welcome_groups')
