"""Outbox leases: who holds a `sending` row, until when, and whether its send started
(issue 13)

Rows left `sending` by an older version get an expired lease and no start, so the first
worker that runs puts them back in the queue.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_owner', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        sa.text(
            "UPDATE outbox SET lease_owner = 'before-leases', "
            "lease_until = '2000-01-01 00:00:00+00:00' WHERE status = 'sending'"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('started_at')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('lease_owner')
