"""Newcomers' requests for a Welcome Group, in SQL."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, update

from bot.core.welcome.domain import (
    RequestStatus,
    WelcomeRequest,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.welcome.tables import (
    WelcomeRequestRow,
)


def _request(row: WelcomeRequestRow) -> WelcomeRequest:
    return WelcomeRequest(
        id=row.id,
        member_id=row.member_id,
        community_id=row.community_id,
        languages=tuple(row.languages),
        interests=tuple(row.interests),
        needs=tuple(row.needs),
        availability=tuple(row.availability),
        family_size=row.family_size,
        consented_at=row.consented_at,
        created_at=row.created_at,
        age_band=row.age_band,
        status=RequestStatus(row.status),
    )


class RequestQueries(SqlRepository):
    """A newcomer's request, one per member."""

    async def add_request(self, request: WelcomeRequest) -> WelcomeRequest:
        row = WelcomeRequestRow(
            member_id=request.member_id,
            community_id=request.community_id,
            languages=list(request.languages),
            interests=list(request.interests),
            needs=list(request.needs),
            availability=list(request.availability),
            age_band=request.age_band,
            family_size=request.family_size,
            status=request.status.value,
            consented_at=request.consented_at,
            created_at=request.created_at,
        )
        self._session.add(row)
        await self._session.flush()
        return _request(row)

    async def get_request(self, request_id: int) -> WelcomeRequest | None:
        row = await self._session.get(WelcomeRequestRow, request_id)
        return _request(row) if row else None

    async def request_of(self, member_id: int) -> WelcomeRequest | None:
        row = await self._session.scalar(
            select(WelcomeRequestRow).where(WelcomeRequestRow.member_id == member_id)
        )
        return _request(row) if row else None

    async def requests_of_community(
        self, community_id: int, status: RequestStatus
    ) -> Sequence[WelcomeRequest]:
        rows = await self._session.scalars(
            select(WelcomeRequestRow)
            .where(
                WelcomeRequestRow.community_id == community_id,
                WelcomeRequestRow.status == status.value,
            )
            .order_by(WelcomeRequestRow.id)
        )
        return [_request(row) for row in rows]

    async def set_request_status(self, request_id: int, status: RequestStatus) -> None:
        await self._session.execute(
            update(WelcomeRequestRow)
            .where(WelcomeRequestRow.id == request_id)
            .values(status=status.value)
        )

    async def delete_request(self, request_id: int) -> None:
        await self._session.execute(
            delete(WelcomeRequestRow).where(WelcomeRequestRow.id == request_id)
        )
