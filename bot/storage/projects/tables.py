"""Tables of the projects feature. Registered in Base.metadata by the import in tables.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.common.tables import Base, UTCDateTime


class ProjectRow(Base):
    __tablename__ = "projects"
    #: Titles are unique among a community's live projects: a declined one has no key.
    __table_args__ = (UniqueConstraint("community_id", "title_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(80))
    #: A hash of the normalised title (`bot.core.projects.lifecycle.title_key`).
    title_key: Mapped[str | None] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(String(1000))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    group_link: Mapped[str | None] = mapped_column(String(200))
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    decline_reason: Mapped[str | None] = mapped_column(String(300))
    source_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProjectMemberRow(Base):
    __tablename__ = "project_members"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProjectUpdateRow(Base):
    """What a lead published to the project's members (their public text, not a chat)."""

    __tablename__ = "project_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InterestConsentRow(Base):
    """The member agreed that we store their interests; deleted when they withdraw."""

    __tablename__ = "interest_consents"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MemberInterestRow(Base):
    __tablename__ = "member_interests"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("interest_consents.member_id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
