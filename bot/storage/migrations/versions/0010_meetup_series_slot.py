"""An occurrence of a series remembers its original slot (issue 17)

Materializing a series checks by this slot, never by the current start time, so a moved or
cancelled occurrence is never created again. Existing occurrences get their start time as
their slot (the best we know).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('meetups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_slot', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        sa.text('UPDATE meetups SET series_slot = starts_at WHERE series_id IS NOT NULL')
    )


def downgrade() -> None:
    with op.batch_alter_table('meetups', schema=None) as batch_op:
        batch_op.drop_column('series_slot')
