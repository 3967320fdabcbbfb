"""Proposals (which become matches) and declined pairs, in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from bot.core.welcome.domain import (
    Closing,
    Proposal,
    ProposalStatus,
)
from bot.storage.common.repository import CHUNK, SqlRepository
from bot.storage.welcome.tables import (
    WelcomeDeclineRow,
    WelcomeGroupMemberRow,
    WelcomeGroupRow,
    WelcomeProposalRow,
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


class ProposalQueries(SqlRepository):
    """Proposals of a request to a group, and the pairs never to propose again."""

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
        for start in range(0, len(proposal_ids), CHUNK):
            chunk = list(proposal_ids[start : start + CHUNK])
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
