"""Projects, topics and interests (issue 5)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('interest_consents',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_interest_consents_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_interest_consents'))
    )
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('title_key', sa.String(length=64), nullable=True),
    sa.Column('topic', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('group_link', sa.String(length=200), nullable=True),
    sa.Column('proposed_by', sa.Integer(), nullable=True),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sa.String(length=300), nullable=True),
    sa.Column('source_project_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_projects_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['members.id'], name=op.f('fk_projects_lead_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by'], ['members.id'], name=op.f('fk_projects_proposed_by_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_project_id'], ['projects.id'], name=op.f('fk_projects_source_project_id_projects'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects')),
    sa.UniqueConstraint('community_id', 'title_key', name=op.f('uq_projects_community_id'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_source_project_id'), ['source_project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_topic'), ['topic'], unique=False)

    op.create_table('member_interests',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['interest_consents.member_id'], name=op.f('fk_member_interests_member_id_interest_consents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'topic', name=op.f('pk_member_interests'))
    )
    with op.batch_alter_table('member_interests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_interests_topic'), ['topic'], unique=False)

    op.create_table('project_members',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_project_members_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_members_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'member_id', name=op.f('pk_project_members'))
    )
    with op.batch_alter_table('project_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_members_member_id'), ['member_id'], unique=False)

    op.create_table('project_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_project_updates_author_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_updates_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_updates'))
    )
    with op.batch_alter_table('project_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_updates_project_id'), ['project_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('project_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_updates_project_id'))

    op.drop_table('project_updates')
    with op.batch_alter_table('project_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_members_member_id'))

    op.drop_table('project_members')
    with op.batch_alter_table('member_interests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_interests_topic'))

    op.drop_table('member_interests')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_topic'))
        batch_op.drop_index(batch_op.f('ix_projects_source_project_id'))
        batch_op.drop_index(batch_op.f('ix_projects_community_id'))

    op.drop_table('projects')
    op.drop_table('interest_consents')
