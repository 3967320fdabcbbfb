"""A member's control over their data: see it, export it, erase it, pause proactive messages."""

from __future__ import annotations

from typing import Any

from bot.core.common.clock import Clock
from bot.core.meetups.rsvp import release_seats_of
from bot.core.ports import UnitOfWork
from bot.core.privacy.project_data import project_export, project_fields
from bot.core.privacy.record import MemberRecord
from bot.core.privacy.welcome_data import MemberRecordWithWelcome, welcome_export, welcome_fields


class LoadMemberRecord:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, member_id: int) -> MemberRecord | None:
        member = await self._uow.members.get(member_id)
        if member is None:
            return None
        return MemberRecordWithWelcome(
            member=member,
            accounts=tuple(await self._uow.members.accounts(member_id)),
            memberships=tuple(await self._uow.memberships.of_member(member_id)),
            consents=tuple(await self._uow.consents.of_member(member_id)),
            conversation=await self._uow.conversations.get(member_id),
            rsvps=tuple(
                (r.meetup_id, r.status.value, r.updated_at)
                for r in await self._uow.rsvps.of_member(member_id)
            ),
            check_ins=tuple(
                (a.meetup_id, a.checked_in_at)
                for a in await self._uow.attendance.of_member(member_id)
            ),
            notices=tuple(
                (n.kind.value, n.meetup_id, n.due_at, n.status.value)
                for n in await self._uow.outbox.of_member(member_id)
            ),
            **await project_fields(self._uow, member_id),
            **await welcome_fields(self._uow, member_id),
        )


def export_document(record: MemberRecord) -> dict[str, Any]:
    """Everything stored about a member as plain JSON-able data (the GDPR export)."""
    member = record.member
    return {
        "member": {
            "id": member.id,
            "language": member.locale,
            "role": member.role.value if member.role else None,
            "display_name": member.display_name,
            "proactive_messages": member.proactive_allowed,
            "unreachable": member.unreachable,
            "created_at": member.created_at.isoformat(),
        },
        "accounts": [
            {
                "channel": a.address.channel.value,
                "id": a.address.external_id,
                **({"scoped_id": a.scoped_id} if a.scoped_id else {}),
                "last_message_at": a.last_inbound_at.isoformat() if a.last_inbound_at else None,
            }
            for a in record.accounts
        ],
        "communities": [
            {
                "community": community.slug,
                "role": membership.role.value,
                "joined_at": membership.joined_at.isoformat(),
            }
            for membership, community in record.memberships
        ],
        "consents": [
            {"kind": c.kind.value, "version": c.version, "given_at": c.given_at.isoformat()}
            for c in record.consents
        ],
        "meetup_answers": [
            {"meetup": meetup_id, "answer": answer, "at": at.isoformat()}
            for meetup_id, answer, at in record.rsvps
        ],
        "check_ins": [
            {"meetup": meetup_id, "at": at.isoformat()} for meetup_id, at in record.check_ins
        ],
        "messages_from_josoor": [
            {"kind": kind, "meetup": meetup_id, "due": due.isoformat(), "status": status}
            for kind, meetup_id, due, status in record.notices
        ],
        **project_export(record),
        **welcome_export(record),
        "reminders": member.reminders_enabled,
        "conversation": (
            {"state": record.conversation.state, "data": record.conversation.data}
            if record.conversation and record.conversation.state
            else None
        ),
    }


class EraseMember:
    """Deletes the member and everything linked to them; a later /start starts from zero.

    Their seats at upcoming meetups go to the first on each waitlist first.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int) -> None:
        await release_seats_of(self._uow, self._clock, member_id)
        await self._uow.members.delete(member_id)
