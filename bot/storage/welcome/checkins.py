"""Monthly check-ins of a match, and feedback at its end, in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update

from bot.core.welcome.domain import (
    CheckIn,
    CheckinAnswer,
    Feedback,
)
from bot.storage.common.repository import CHUNK, SqlRepository
from bot.storage.welcome.tables import (
    WelcomeCheckinRow,
    WelcomeFeedbackRow,
)


def _checkin(row: WelcomeCheckinRow) -> CheckIn:
    return CheckIn(
        id=row.id,
        proposal_id=row.proposal_id,
        member_id=row.member_id,
        month=row.month,
        asked_at=row.asked_at,
        answer=CheckinAnswer(row.answer) if row.answer else None,
        answered_at=row.answered_at,
    )


class CheckinQueries(SqlRepository):
    """Check-ins asked and answered, and the feedback of closed matches."""

    async def add_checkin(
        self, proposal_id: int, member_id: int, month: int, now: datetime
    ) -> CheckIn | None:
        statement = (
            self._insert()(WelcomeCheckinRow)
            .values(proposal_id=proposal_id, member_id=member_id, month=month, asked_at=now)
            .on_conflict_do_nothing()
            .returning(WelcomeCheckinRow.id)
        )
        new_id = (await self._session.execute(statement)).scalar()
        if new_id is None:
            return None
        return CheckIn(new_id, proposal_id, member_id, month, now)

    async def checkin_keys(self, proposal_ids: Sequence[int]) -> set[tuple[int, int, int]]:
        return {(c.proposal_id, c.member_id, c.month) for c in await self.checkins_of_proposals(
            proposal_ids
        )}  # fmt: skip

    async def get_checkin(self, checkin_id: int) -> CheckIn | None:
        row = await self._session.get(WelcomeCheckinRow, checkin_id)
        return _checkin(row) if row else None

    async def get_checkins(self, checkin_ids: Sequence[int]) -> dict[int, CheckIn]:
        found: dict[int, CheckIn] = {}
        for start in range(0, len(checkin_ids), CHUNK):
            chunk = list(checkin_ids[start : start + CHUNK])
            for row in await self._session.scalars(
                select(WelcomeCheckinRow).where(WelcomeCheckinRow.id.in_(chunk))
            ):
                found[row.id] = _checkin(row)
        return found

    async def save_checkin(self, checkin: CheckIn) -> None:
        await self._session.execute(
            update(WelcomeCheckinRow)
            .where(WelcomeCheckinRow.id == checkin.id)
            .values(
                answer=checkin.answer.value if checkin.answer else None,
                answered_at=checkin.answered_at,
            )
        )

    async def checkins_of_proposals(self, proposal_ids: Sequence[int]) -> Sequence[CheckIn]:
        found: list[CheckIn] = []
        for start in range(0, len(proposal_ids), CHUNK):
            chunk = list(proposal_ids[start : start + CHUNK])
            rows = await self._session.scalars(
                select(WelcomeCheckinRow)
                .where(WelcomeCheckinRow.proposal_id.in_(chunk))
                .order_by(WelcomeCheckinRow.proposal_id, WelcomeCheckinRow.month)
            )
            found.extend(_checkin(row) for row in rows)
        return found

    async def checkins_of_member(self, member_id: int) -> Sequence[CheckIn]:
        rows = await self._session.scalars(
            select(WelcomeCheckinRow)
            .where(WelcomeCheckinRow.member_id == member_id)
            .order_by(WelcomeCheckinRow.id)
        )
        return [_checkin(row) for row in rows]

    # --- Feedback ------------------------------------------------------------------------

    async def add_feedback(self, feedback: Feedback) -> None:
        self._session.add(
            WelcomeFeedbackRow(
                community_id=feedback.community_id,
                side=feedback.side.value,
                rating=feedback.rating.value,
                closing=feedback.closing.value,
                parts=dict(feedback.parts),
                recorded_at=feedback.recorded_at,
            )
        )
        await self._session.flush()
