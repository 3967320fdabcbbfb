"""Tables of meetups, their series, festival partners, RSVPs and check-ins. Change them only
together with a new Alembic migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.common.tables import Base, UTCDateTime


class MeetupSeriesRow(Base):
    __tablename__ = "meetup_series"
    #: A repeating meetup's rule: no member in it. (The erasure test reads `member_data`.)
    __table_args__ = ({"info": {"member_data": False}},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(120))
    first_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MeetupRow(Base):
    __tablename__ = "meetups"
    __table_args__ = (UniqueConstraint("series_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetup_series.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(1000))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: An occurrence's original slot in its series: what materializing checks, so a moved or
    #: cancelled occurrence is never created again.
    series_slot: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    place: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[int | None] = mapped_column(Integer)
    is_festival: Mapped[bool] = mapped_column(Boolean, default=False)
    checkin_code: Mapped[str | None] = mapped_column(String(8))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    source_meetup_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetups.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MeetupPartnerRow(Base):
    __tablename__ = "meetup_partners"
    #: Partner organisations of a festival. (The erasure test reads `member_data`.)
    __table_args__ = ({"info": {"member_data": False}},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meetup_id: Mapped[int] = mapped_column(
        ForeignKey("meetups.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    link: Mapped[str | None] = mapped_column(String(300))


class RsvpRow(Base):
    __tablename__ = "rsvps"

    meetup_id: Mapped[int] = mapped_column(
        ForeignKey("meetups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    #: Waitlist order: the time the member first asked for a seat.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AttendanceRow(Base):
    __tablename__ = "attendance"

    meetup_id: Mapped[int] = mapped_column(
        ForeignKey("meetups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime())
    method: Mapped[str] = mapped_column(String(16))
