"""Tables of Welcome Groups (issue 8). Registered in Base.metadata by the import in tables.py.

Everything personal hangs off `members` with ON DELETE CASCADE, so /forget (and withdrawing
a request) erases it. Relayed messages are never stored anywhere: no table has a column for
message text (tests/welcome check it). Feedback is kept only with consent and names nobody.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.common.tables import Base, UTCDateTime


class WelcomeGroupRow(Base):
    __tablename__ = "welcome_groups"
    #: Who is in a group lives in welcome_group_members. (The erasure test reads `member_data`.)
    __table_args__ = ({"info": {"member_data": False}},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    offers: Mapped[list[str]] = mapped_column(JSON, default=list)
    age_band: Mapped[str | None] = mapped_column(String(8))
    family_max: Mapped[int | None] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    invite_token: Mapped[str] = mapped_column(String(24), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WelcomeGroupMemberRow(Base):
    """One row per member who accepted a group's commitments; a member is in one group."""

    __tablename__ = "welcome_group_members"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("welcome_groups.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WelcomeRequestRow(Base):
    """A newcomer's request; one per member, deleted when they withdraw it."""

    __tablename__ = "welcome_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    availability: Mapped[list[str]] = mapped_column(JSON, default=list)
    age_band: Mapped[str | None] = mapped_column(String(8))
    family_size: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WelcomeProposalRow(Base):
    """A proposed pair, and once both said yes, the match with its twelve months."""

    __tablename__ = "welcome_proposals"
    __table_args__ = (Index("ix_welcome_proposals_community_status", "community_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    request_id: Mapped[int] = mapped_column(
        ForeignKey("welcome_requests.id", ondelete="CASCADE"), index=True
    )
    newcomer_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("welcome_groups.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    #: Codes and numbers only (shared languages, interests, needs; the score's parts).
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    newcomer_answer: Mapped[bool | None] = mapped_column(Boolean)
    group_answer: Mapped[bool | None] = mapped_column(Boolean)
    newcomer_shares_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    group_shares_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    newcomer_closing: Mapped[str | None] = mapped_column(String(16))
    group_closing: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WelcomeDeclineRow(Base):
    """A newcomer and a group that said no to each other are never proposed again."""

    __tablename__ = "welcome_declines"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("welcome_groups.id", ondelete="CASCADE"), primary_key=True
    )
    declined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WelcomeCheckinRow(Base):
    """A monthly check-in asked of one side of a match, and the button they pressed."""

    __tablename__ = "welcome_checkins"
    __table_args__ = (UniqueConstraint("proposal_id", "member_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("welcome_proposals.id", ondelete="CASCADE")
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[int] = mapped_column(Integer)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WelcomeFeedbackRow(Base):
    """How a match went, given with consent at its end; linked to no person."""

    __tablename__ = "welcome_feedback"
    #: How a match went, linked to no person. (The erasure test reads `member_data`.)
    __table_args__ = ({"info": {"member_data": False}},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(16))
    rating: Mapped[str] = mapped_column(String(16))
    closing: Mapped[str] = mapped_column(String(16))
    #: The score's parts the matching gave the pair (to tune the weights).
    parts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
