"""Tables of the ambassador tools. Registered in Base.metadata by the import in tables.py.

Foreign keys to members are CASCADE where the row is about the member (who joined through a
link, who was greeted) and SET NULL where it is about an action (who made a link, who
appointed whom): /forget then erases the person but keeps that the action happened.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.common.tables import Base, UTCDateTime


class InviteRow(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    max_uses: Mapped[int | None] = mapped_column(Integer)


class InviteJoinRow(Base):
    """Who joined a community through which link (the referral counts)."""

    __tablename__ = "invite_joins"

    invite_id: Mapped[int] = mapped_column(
        ForeignKey("invites.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditRow(Base):
    """One administrative action: ids and a word, never message texts."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    #: None: an operator on the command line, or an ambassador who erased their data since.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    #: What the action was about, by action (a broadcast, an invite, a group).
    subject_id: Mapped[int | None] = mapped_column(Integer)
    #: True when the actor was a member acting in a chat (not an operator).
    in_chat: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class CommunityGroupRow(Base):
    __tablename__ = "community_groups"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    linked_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The link that asks to join (approved after consent); None until the bot may invite.
    invite_link: Mapped[str | None] = mapped_column(String(100))


class GroupGreetingRow(Base):
    """A member was greeted in a group once; never again there."""

    __tablename__ = "group_greetings"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("community_groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    greeted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BroadcastRow(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    audience: Mapped[str] = mapped_column(String(16))
    audience_id: Mapped[int | None] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), index=True)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BroadcastVariantRow(Base):
    """A broadcast's text in one language (the original is the variant of its own language)."""

    __tablename__ = "broadcast_variants"

    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(8), primary_key=True)
    text: Mapped[str] = mapped_column(String(4096), default="")
    status: Mapped[str] = mapped_column(String(16))
    written_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
