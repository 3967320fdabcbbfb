"""Keyed hashes for platform event ids and WhatsApp message ids, linked to the member who
sent or received them (erased by /forget); the server's key (issue 16)

Existing rows are dropped rather than hashed: they hold raw ids (a wamid encodes a phone
number), the key they would be hashed with does not exist yet, and they expire within 7 days
anyway. A platform that redelivers an event from before the upgrade gets it answered again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('server_secrets',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_server_secrets'))
    )
    op.execute(sa.text('DELETE FROM processed_events'))
    op.execute(sa.text('DELETE FROM whatsapp_deliveries'))
    with op.batch_alter_table('processed_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('member_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_processed_events_member_id'), ['member_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_processed_events_member_id_members'), 'members', ['member_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('whatsapp_deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('member_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_whatsapp_deliveries_member_id'), ['member_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_whatsapp_deliveries_member_id_members'), 'members', ['member_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('whatsapp_deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_whatsapp_deliveries_member_id_members'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_whatsapp_deliveries_member_id'))
        batch_op.drop_column('member_id')

    with op.batch_alter_table('processed_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_processed_events_member_id_members'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_processed_events_member_id'))
        batch_op.drop_column('member_id')

    op.drop_table('server_secrets')
