"""Nothing per worker that a member depends on (issue 13): the web chat's undelivered
messages and WhatsApp's last offered options live in the database.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('whatsapp_choices',
    sa.Column('wa_key', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('numbered', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_whatsapp_choices_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('wa_key', name=op.f('pk_whatsapp_choices'))
    )
    with op.batch_alter_table('whatsapp_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_whatsapp_choices_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_whatsapp_choices_updated_at'), ['updated_at'], unique=False)

    op.create_table('webchat_inbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_webchat_inbox_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webchat_inbox'))
    )
    with op.batch_alter_table('webchat_inbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webchat_inbox_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webchat_inbox_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webchat_inbox_session'), ['session'], unique=False)


def downgrade() -> None:
    op.drop_table('webchat_inbox')
    op.drop_table('whatsapp_choices')
