"""A linked group's invite link, which asks to join (issue 17)

The Telegram adapter makes it (createChatInviteLink with creates_join_request) once the bot
may invite users; members get it with /group.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('community_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invite_link', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('community_groups', schema=None) as batch_op:
        batch_op.drop_column('invite_link')
