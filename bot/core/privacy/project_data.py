"""What the projects feature stores about a member, for /mydata and the export.

Kept beside the feature so that `member_data.py` only names it: the member record gains
the interests (with when the member agreed) and the projects they joined, proposed or lead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.ports import UnitOfWork
from bot.core.privacy.record import MemberRecord
from bot.core.projects.domain import Interests


@dataclass(frozen=True, slots=True)
class MemberRecordWithProjects(MemberRecord):
    #: None when the member did not agree to us storing interests (then none are stored).
    interests: Interests | None = None
    #: (project id, joined at) of the projects the member is in.
    projects: tuple[tuple[int, datetime], ...] = ()
    proposed: tuple[int, ...] = ()
    leads: tuple[int, ...] = ()


async def project_fields(uow: UnitOfWork, member_id: int) -> dict[str, Any]:
    proposed, leads = await uow.projects.linked_to(member_id)
    return {
        "interests": await uow.projects.interests(member_id),
        "projects": tuple(await uow.projects.joined_by(member_id)),
        "proposed": tuple(proposed),
        "leads": tuple(leads),
    }


def project_export(record: MemberRecord) -> dict[str, Any]:
    if not isinstance(record, MemberRecordWithProjects):
        return {}
    interests = record.interests
    return {
        "interests": (
            {"topics": list(interests.topics), "agreed_at": interests.consented_at.isoformat()}
            if interests is not None
            else None
        ),
        "projects": [
            {"project": project_id, "joined_at": joined_at.isoformat()}
            for project_id, joined_at in record.projects
        ],
        "projects_proposed": list(record.proposed),
        "projects_led": list(record.leads),
    }
