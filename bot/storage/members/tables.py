"""Tables of members: accounts per channel, consents, dialog state, parked deep links and
processed platform events. Change them only together with a new Alembic migration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import true

from bot.storage.common.tables import Base, UTCDateTime


class MemberRow(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    locale: Mapped[str] = mapped_column(String(8))
    role: Mapped[str | None] = mapped_column(String(16))
    display_name: Mapped[str | None] = mapped_column(String(64))
    proactive_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChannelAccountRow(Base):
    __tablename__ = "channel_accounts"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        UniqueConstraint("scoped_id", "channel"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    #: Where we write to them: a Telegram id, a phone number, or WhatsApp's business-scoped
    #: user id (BSUID) when Meta withheld the number.
    external_id: Mapped[str] = mapped_column(String(160))
    #: The platform's stable id for the person beside the number (WhatsApp's BSUID, which
    #: Meta sends since April 2026): the same member whichever of the two a message carries.
    scoped_id: Mapped[str | None] = mapped_column(String(160))
    #: When the person last wrote on this channel (WhatsApp's 24-hour service window).
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ConsentRow(Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConversationRow(Base):
    __tablename__ = "conversations"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StartLinkRow(Base):
    """A deep-link payload parked before consent, keyed by a random nonce."""

    __tablename__ = "start_links"
    #: Parked before consent under a nonce: it names nobody (the erasure test reads this).
    __table_args__ = ({"info": {"member_data": False}},)

    nonce: Mapped[str] = mapped_column(String(24), primary_key=True)
    payload: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ProcessedEventRow(Base):
    """Platform events already handled (Telegram update_id, WhatsApp message id), as keyed
    hashes; with the member who sent them (erased by /forget), none before consent."""

    __tablename__ = "processed_events"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    #: `KeyedHash("event", "<channel>:<event id>")`, never the id itself.
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
