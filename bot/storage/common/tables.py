"""The one declarative base (with the constraint naming convention the migrations use), the
UTC timestamp type, and the tables every feature shares: the outbox and WhatsApp delivery
states. Change tables only together with a new Alembic migration."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on both SQLite (which drops the zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class OutboxRow(Base):
    """One proactive message to one member. Text is rendered at delivery, never stored."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    meetup_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetups.id", ondelete="CASCADE"), index=True
    )
    #: What else the message is about (a broadcast, a project update, a match), by kind.
    subject_id: Mapped[int | None] = mapped_column(Integer)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ServerSecretRow(Base):
    """The server's own secrets (the key of keyed hashes and cookies), made on first run."""

    __tablename__ = "server_secrets"
    #: Nothing here is about a member (the erasure test reads this).
    __table_args__ = ({"info": {"member_data": False}},)

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WhatsAppDeliveryRow(Base):
    """The delivery state of one message we sent on WhatsApp, from Meta's status webhooks.

    Only a keyed hash of the message id (a wamid encodes the phone number) and the member it
    went to (so /forget erases it), never the number or the text; purged after 7 days.
    """

    __tablename__ = "whatsapp_deliveries"

    #: `KeyedHash("wamid", message id)`.
    wamid: Mapped[str] = mapped_column(String(128), primary_key=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    #: sent < delivered < read; failed is terminal.
    status: Mapped[str] = mapped_column(String(16))
    #: Meta's error code for a failed message.
    error_code: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class RateLimitRow(Base):
    """One shared rate limit (GCRA): when its next slot is free, in seconds since the epoch
    by the database's clock, so workers on different machines agree. Keyed hashes of keys
    that name a chat; purged when idle."""

    __tablename__ = "rate_limits"
    #: A keyed hash of a chat id is not linked to a member, and lives for minutes.
    __table_args__ = ({"info": {"member_data": False}},)

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    tat: Mapped[float] = mapped_column(Float)


class WhatsAppChoicesRow(Base):
    """The options of the last message with options sent to a WhatsApp member, so a typed
    number or label is read the same by every worker. Labels are what the member was shown;
    the row is replaced by the next message, deleted by one without options, erased with the
    member and purged after the service window."""

    __tablename__ = "whatsapp_choices"

    #: `KeyedHash("wa_id", WhatsApp id)`.
    wa_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    #: [[option id, label], …]
    options: Mapped[list[list[str]]] = mapped_column(JSON)
    numbered: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class WebChatInboxRow(Base):
    """A message the bot sent on its own to a web chat session, until the page takes it
    (then deleted), whichever worker the browser polls; purged after a day if never taken."""

    __tablename__ = "webchat_inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The session's member address (the web chat's external id).
    session: Mapped[str] = mapped_column(String(64), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    #: The message as the page shows it (reply_json).
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
