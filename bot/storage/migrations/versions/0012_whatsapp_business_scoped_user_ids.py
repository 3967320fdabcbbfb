"""WhatsApp business-scoped user ids beside phone numbers

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('channel_accounts', schema=None) as batch_op:
        batch_op.alter_column(
            'external_id',
            existing_type=sa.String(length=64),
            type_=sa.String(length=160),
            existing_nullable=False,
        )
        batch_op.add_column(sa.Column('scoped_id', sa.String(length=160), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_channel_accounts_scoped_id'), ['scoped_id', 'channel']
        )


def downgrade() -> None:
    with op.batch_alter_table('channel_accounts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_channel_accounts_scoped_id'), type_='unique')
        batch_op.drop_column('scoped_id')
        batch_op.alter_column(
            'external_id',
            existing_type=sa.String(length=160),
            type_=sa.String(length=64),
            existing_nullable=False,
        )
