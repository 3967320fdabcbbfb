"""Members' interests, stored only after their consent (mixed into `SqlProjectRepository`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from bot.core.projects.domain import Interests
from bot.storage.common.repository import SqlRepository
from bot.storage.projects.tables import InterestConsentRow, MemberInterestRow


class InterestQueries(SqlRepository):
    # --- Interests --------------------------------------------------------------------------

    async def interests(self, member_id: int) -> Interests | None:
        consent = await self._session.get(InterestConsentRow, member_id)
        if consent is None:
            return None
        topics = await self._session.scalars(
            select(MemberInterestRow.topic)
            .where(MemberInterestRow.member_id == member_id)
            .order_by(MemberInterestRow.topic)
        )
        return Interests(tuple(topics), consent.given_at)

    async def give_interest_consent(self, member_id: int, version: int, now: datetime) -> None:
        await self._session.execute(
            self._insert()(InterestConsentRow)
            .values(member_id=member_id, version=version, given_at=now)
            .on_conflict_do_nothing()
        )

    async def set_interest(self, member_id: int, topic: str, wanted: bool) -> None:
        if wanted:
            await self._session.execute(
                self._insert()(MemberInterestRow)
                .values(member_id=member_id, topic=topic)
                .on_conflict_do_nothing()
            )
        else:
            await self._session.execute(
                delete(MemberInterestRow).where(
                    MemberInterestRow.member_id == member_id, MemberInterestRow.topic == topic
                )
            )

    async def withdraw_interests(self, member_id: int) -> None:
        await self._session.execute(
            delete(MemberInterestRow).where(MemberInterestRow.member_id == member_id)
        )
        await self._session.execute(
            delete(InterestConsentRow).where(InterestConsentRow.member_id == member_id)
        )
