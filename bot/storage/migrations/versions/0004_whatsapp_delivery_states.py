"""whatsapp delivery states

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 18:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('whatsapp_deliveries',
    sa.Column('wamid', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error_code', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('wamid', name=op.f('pk_whatsapp_deliveries'))
    )
    with op.batch_alter_table('whatsapp_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_whatsapp_deliveries_updated_at'), ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('whatsapp_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_whatsapp_deliveries_updated_at'))

    op.drop_table('whatsapp_deliveries')
