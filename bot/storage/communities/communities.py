"""Communities with their names in every language. SQL in, domain objects out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from bot.core.common.domain import Coordinates
from bot.core.communities.domain import Community
from bot.storage.common.repository import SqlRepository
from bot.storage.communities.tables import CommunityNameRow, CommunityRow


class SqlCommunityRepository(SqlRepository):
    async def _load(self, rows: Sequence[CommunityRow]) -> list[Community]:
        if not rows:
            return []
        names: dict[int, dict[str, str]] = {row.id: {} for row in rows}
        for name_row in await self._session.scalars(
            select(CommunityNameRow).where(CommunityNameRow.community_id.in_(names))
        ):
            names[name_row.community_id][name_row.locale] = name_row.name
        return [
            Community(
                id=row.id,
                slug=row.slug,
                names=names[row.id],
                country=row.country,
                timezone=row.timezone,
                coordinates=(
                    Coordinates(row.latitude, row.longitude)
                    if row.latitude is not None and row.longitude is not None
                    else None
                ),
                aliases=tuple(row.aliases or ()),
                deleted=row.deleted_at is not None,
            )
            for row in rows
        ]

    async def get(self, community_id: int) -> Community | None:
        row = await self._session.get(CommunityRow, community_id)
        return (await self._load([row]))[0] if row else None

    async def by_slug(self, slug: str) -> Community | None:
        row = await self._session.scalar(select(CommunityRow).where(CommunityRow.slug == slug))
        return (await self._load([row]))[0] if row else None

    async def list_active(self) -> Sequence[Community]:
        rows = await self._session.scalars(
            select(CommunityRow)
            .where(CommunityRow.deleted_at.is_(None))
            .order_by(CommunityRow.slug)
        )
        return await self._load(list(rows))

    async def add(
        self,
        slug: str,
        names: dict[str, str],
        country: str,
        timezone: str,
        coordinates: Coordinates | None,
        aliases: Sequence[str],
        now: datetime,
    ) -> Community:
        row = CommunityRow(
            slug=slug,
            country=country,
            timezone=timezone,
            latitude=coordinates.latitude if coordinates else None,
            longitude=coordinates.longitude if coordinates else None,
            aliases=list(aliases),
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        self._session.add_all(
            CommunityNameRow(community_id=row.id, locale=locale, name=name)
            for locale, name in names.items()
        )
        await self._session.flush()
        return (await self._load([row]))[0]

    async def count(self) -> int:
        return await self._session.scalar(select(func.count()).select_from(CommunityRow)) or 0
