"""Repository of Welcome Groups: SQL in, domain objects out. Flushes, never commits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.welcome.domain import (
    CheckIn,
    CheckinAnswer,
    Closing,
    Feedback,
    GroupMembership,
    GroupRole,
    Proposal,
    ProposalStatus,
    RequestStatus,
    WelcomeGroup,
    WelcomeRequest,
)
from bot.storage.tables_welcome import (
    WelcomeCheckinRow,
    WelcomeDeclineRow,
    WelcomeFeedbackRow,
    WelcomeGroupMemberRow,
    WelcomeGroupRow,
    WelcomeProposalRow,
    WelcomeRequestRow,
)

_CHUNK = 500


def _group(row: WelcomeGroupRow, member_count: int) -> WelcomeGroup:
    return WelcomeGroup(
        id=row.id,
        community_id=row.community_id,
        name=row.name,
        languages=tuple(row.languages),
        interests=tuple(row.interests),
        offers=tuple(row.offers),
        capacity=row.capacity,
        invite_token=row.invite_token,
        created_at=row.created_at,
        age_band=row.age_band,
        family_max=row.family_max,
        member_count=member_count,
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


_PROPOSAL_FIELDS = (
    "community_id", "request_id", "newcomer_id", "group_id", "score", "reasons", "created_at",
    "newcomer_answer", "group_answer", "sent_at", "matched_at", "ended_at",
    "newcomer_shares_contact", "group_shares_contact",
)  # fmt: skip


def _proposal(row: WelcomeProposalRow) -> Proposal:
    return Proposal(
        id=row.id,
        status=ProposalStatus(row.status),
        newcomer_closing=Closing(row.newcomer_closing) if row.newcomer_closing else None,
        group_closing=Closing(row.group_closing) if row.group_closing else None,
        **{name: getattr(row, name) for name in _PROPOSAL_FIELDS},
    )


def _proposal_values(proposal: Proposal) -> dict[str, Any]:
    return {
        "status": proposal.status.value,
        "newcomer_closing": proposal.newcomer_closing.value if proposal.newcomer_closing else None,
        "group_closing": proposal.group_closing.value if proposal.group_closing else None,
        **{name: getattr(proposal, name) for name in _PROPOSAL_FIELDS},
    }


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


class SqlWelcomeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self) -> Callable[[Any], Any]:
        """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
        dialect = self._session.get_bind().dialect.name
        return pg_insert if dialect == "postgresql" else sqlite_insert

    # --- Groups --------------------------------------------------------------------------

    async def _counts(self, group_ids: Sequence[int]) -> dict[int, int]:
        if not group_ids:
            return {}
        rows = await self._session.execute(
            select(WelcomeGroupMemberRow.group_id, func.count())
            .where(WelcomeGroupMemberRow.group_id.in_(list(group_ids)))
            .group_by(WelcomeGroupMemberRow.group_id)
        )
        return {group_id: count for group_id, count in rows}

    async def _groups(self, rows: Sequence[WelcomeGroupRow]) -> list[WelcomeGroup]:
        counts = await self._counts([row.id for row in rows])
        return [_group(row, counts.get(row.id, 0)) for row in rows]

    async def add_group(self, group: WelcomeGroup, coordinator_id: int) -> WelcomeGroup:
        row = WelcomeGroupRow(
            community_id=group.community_id,
            name=group.name,
            languages=list(group.languages),
            interests=list(group.interests),
            offers=list(group.offers),
            age_band=group.age_band,
            family_max=group.family_max,
            capacity=group.capacity,
            invite_token=group.invite_token,
            created_at=group.created_at,
        )
        self._session.add(row)
        await self._session.flush()
        await self.add_group_member(row.id, coordinator_id, GroupRole.COORDINATOR, row.created_at)
        return _group(row, 1)

    async def get_group(self, group_id: int, *, lock: bool = False) -> WelcomeGroup | None:
        statement = select(WelcomeGroupRow).where(WelcomeGroupRow.id == group_id)
        if lock:
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        return (await self._groups([row]))[0] if row else None

    async def group_by_token(self, token: str) -> WelcomeGroup | None:
        row = await self._session.scalar(
            select(WelcomeGroupRow).where(WelcomeGroupRow.invite_token == token)
        )
        return (await self._groups([row]))[0] if row else None

    async def groups_of_community(self, community_id: int) -> Sequence[WelcomeGroup]:
        rows = await self._session.scalars(
            select(WelcomeGroupRow)
            .where(WelcomeGroupRow.community_id == community_id)
            .order_by(WelcomeGroupRow.id)
        )
        return await self._groups(list(rows))

    async def add_group_member(
        self, group_id: int, member_id: int, role: GroupRole, now: datetime
    ) -> None:
        self._session.add(
            WelcomeGroupMemberRow(
                group_id=group_id, member_id=member_id, role=role.value, joined_at=now
            )
        )
        await self._session.flush()

    async def membership_of(self, member_id: int) -> GroupMembership | None:
        row = await self._session.get(WelcomeGroupMemberRow, member_id)
        if row is None:
            return None
        return GroupMembership(row.group_id, row.member_id, GroupRole(row.role), row.joined_at)

    async def coordinator_of(self, group_id: int) -> int | None:
        return (await self.coordinators_of([group_id])).get(group_id)

    async def coordinators_of(self, group_ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for start in range(0, len(group_ids), _CHUNK):
            rows = await self._session.scalars(
                select(WelcomeGroupMemberRow)
                .where(WelcomeGroupMemberRow.group_id.in_(list(group_ids[start : start + _CHUNK])))
                # The coordinator first; without one, whoever joined first acts for the group.
                .order_by(
                    (WelcomeGroupMemberRow.role == GroupRole.COORDINATOR.value).desc(),
                    WelcomeGroupMemberRow.joined_at,
                    WelcomeGroupMemberRow.member_id,
                )
            )
            for row in rows:
                found.setdefault(row.group_id, row.member_id)
        return found

    # --- Requests ------------------------------------------------------------------------

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

    # --- Proposals and matches -----------------------------------------------------------

    async def add_proposals(self, proposals: Sequence[Proposal]) -> list[Proposal]:
        rows = [WelcomeProposalRow(**_proposal_values(p)) for p in proposals]
        self._session.add_all(rows)
        await self._session.flush()
        return [_proposal(row) for row in rows]

    async def get_proposal(self, proposal_id: int, *, lock: bool = False) -> Proposal | None:
        """`lock` takes a row lock (PostgreSQL) so two answers at once cannot both miss."""
        statement = select(WelcomeProposalRow).where(WelcomeProposalRow.id == proposal_id)
        if lock:
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        return _proposal(row) if row else None

    async def get_proposals(self, proposal_ids: Sequence[int]) -> dict[int, Proposal]:
        found: dict[int, Proposal] = {}
        for start in range(0, len(proposal_ids), _CHUNK):
            chunk = list(proposal_ids[start : start + _CHUNK])
            for row in await self._session.scalars(
                select(WelcomeProposalRow).where(WelcomeProposalRow.id.in_(chunk))
            ):
                found[row.id] = _proposal(row)
        return found

    async def save_proposal(self, proposal: Proposal) -> None:
        await self._session.execute(
            update(WelcomeProposalRow)
            .where(WelcomeProposalRow.id == proposal.id)
            .values(**_proposal_values(proposal))
        )

    async def _proposals(self, *conditions: Any) -> list[Proposal]:
        rows = await self._session.scalars(
            select(WelcomeProposalRow).where(*conditions).order_by(WelcomeProposalRow.id)
        )
        return [_proposal(row) for row in rows]

    async def proposals_of_community(
        self, community_id: int, statuses: Sequence[ProposalStatus]
    ) -> Sequence[Proposal]:
        return await self._proposals(
            WelcomeProposalRow.community_id == community_id,
            WelcomeProposalRow.status.in_([s.value for s in statuses]),
        )

    async def proposals_of_request(self, request_id: int) -> Sequence[Proposal]:
        return await self._proposals(WelcomeProposalRow.request_id == request_id)

    async def proposals_of_group(
        self, group_id: int, statuses: Sequence[ProposalStatus]
    ) -> Sequence[Proposal]:
        return await self._proposals(
            WelcomeProposalRow.group_id == group_id,
            WelcomeProposalRow.status.in_([s.value for s in statuses]),
        )

    async def proposals_of_member(self, member_id: int) -> Sequence[Proposal]:
        group = select(WelcomeGroupMemberRow.group_id).where(
            WelcomeGroupMemberRow.member_id == member_id
        )
        return await self._proposals(
            or_(
                WelcomeProposalRow.newcomer_id == member_id,
                WelcomeProposalRow.group_id.in_(group.scalar_subquery()),
            ),
            WelcomeProposalRow.status != ProposalStatus.DRAFT.value,
        )

    async def matched_before(self, cutoff: datetime) -> Sequence[Proposal]:
        return await self._proposals(
            WelcomeProposalRow.status == ProposalStatus.MATCHED.value,
            WelcomeProposalRow.matched_at <= cutoff,
        )

    async def delete_drafts(self, community_id: int) -> int:
        result = await self._session.execute(
            delete(WelcomeProposalRow).where(
                WelcomeProposalRow.community_id == community_id,
                WelcomeProposalRow.status == ProposalStatus.DRAFT.value,
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def delete_proposal(self, proposal_id: int) -> None:
        await self._session.execute(
            delete(WelcomeProposalRow).where(WelcomeProposalRow.id == proposal_id)
        )

    # --- Declined pairs ------------------------------------------------------------------

    async def add_decline(self, member_id: int, group_id: int, now: datetime) -> None:
        await self._session.execute(
            self._insert()(WelcomeDeclineRow)
            .values(member_id=member_id, group_id=group_id, declined_at=now)
            .on_conflict_do_nothing()
        )

    async def declined_in(self, community_id: int) -> set[tuple[int, int]]:
        rows = await self._session.execute(
            select(WelcomeDeclineRow.member_id, WelcomeDeclineRow.group_id)
            .join(WelcomeGroupRow, WelcomeGroupRow.id == WelcomeDeclineRow.group_id)
            .where(WelcomeGroupRow.community_id == community_id)
        )
        return {(member_id, group_id) for member_id, group_id in rows}

    async def declines_of(self, member_id: int) -> Sequence[tuple[int, datetime]]:
        rows = await self._session.execute(
            select(WelcomeDeclineRow.group_id, WelcomeDeclineRow.declined_at).where(
                WelcomeDeclineRow.member_id == member_id
            )
        )
        return [(group_id, at) for group_id, at in rows]

    # --- Check-ins -----------------------------------------------------------------------

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
        for start in range(0, len(checkin_ids), _CHUNK):
            chunk = list(checkin_ids[start : start + _CHUNK])
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
        for start in range(0, len(proposal_ids), _CHUNK):
            chunk = list(proposal_ids[start : start + _CHUNK])
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
