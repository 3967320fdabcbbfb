"""What Welcome Groups store about a member, for /mydata and the export: their group, their
request with its consent, the proposals made to them, their check-ins and the groups they
declined. (Relayed messages are not here because they are never stored.)

Kept beside the feature so that `member_data.py` only names it. The record extends the
projects feature's record, so one record carries both sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.ports import UnitOfWork
from bot.core.privacy.project_data import MemberRecordWithProjects
from bot.core.privacy.record import MemberRecord


@dataclass(frozen=True, slots=True)
class MemberRecordWithWelcome(MemberRecordWithProjects):
    #: JSON-able: see `welcome_fields`.
    welcome: dict[str, Any] = field(default_factory=dict)


async def welcome_fields(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    welcome = uow.welcome
    membership = await welcome.membership_of(member_id)
    group = await welcome.get_group(membership.group_id) if membership else None
    request = await welcome.request_of(member_id)
    data: dict[str, Any] = {
        "group": (
            {
                "group": group.id,
                "name": group.name,
                "role": membership.role.value,
                "joined_at": membership.joined_at.isoformat(),
            }
            if group is not None and membership is not None
            else None
        ),
        "request": (
            {
                "community": request.community_id,
                "languages": list(request.languages),
                "interests": list(request.interests),
                "needs": list(request.needs),
                "availability": list(request.availability),
                "age_band": request.age_band,
                "family_size": request.family_size,
                "status": request.status.value,
                "agreed_at": request.consented_at.isoformat(),
            }
            if request is not None
            else None
        ),
        "proposals": [
            {
                "proposal": p.id,
                "group": p.group_id,
                "status": p.status.value,
                "as": "newcomer" if p.newcomer_id == member_id else "group",
                "matched_at": p.matched_at.isoformat() if p.matched_at else None,
                "contact_shared": p.newcomer_shares_contact
                if p.newcomer_id == member_id
                else p.group_shares_contact,
            }
            for p in await welcome.proposals_of_member(member_id)
        ],
        "check_ins": [
            {
                "proposal": c.proposal_id,
                "month": c.month,
                "asked_at": c.asked_at.isoformat(),
                "answer": c.answer.value if c.answer else None,
            }
            for c in await welcome.checkins_of_member(member_id)
        ],
        "declined_groups": [group_id for group_id, _ in await welcome.declines_of(member_id)],
    }
    return {"welcome": data}


def welcome_export(record: MemberRecord) -> dict[str, Any]:
    if not isinstance(record, MemberRecordWithWelcome):
        return {}
    return {"welcome_groups": record.welcome}
