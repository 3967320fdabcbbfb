"""Accepting the privacy notice: the moment a person becomes a member and anything is stored."""

from __future__ import annotations

from bot.core.common.clock import Clock
from bot.core.common.domain import ChannelAddress
from bot.core.members.domain import PRIVACY_NOTICE_VERSION, ConsentKind, Member
from bot.core.members.ports import MembersUnit
from bot.i18n.text import clean_user_text

DISPLAY_NAME_MAX = 64


class AcceptPrivacyNotice:
    def __init__(self, uow: MembersUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, address: ChannelAddress, locale: str, profile_name: str | None
    ) -> Member:
        now = self._clock.now()
        name = clean_user_text(profile_name, DISPLAY_NAME_MAX) if profile_name else None
        member = await self._uow.members.by_address(address)
        if member is None:
            member = await self._uow.members.create(address, locale, now, name or None)
        else:
            # Pre-created by an operator (an ambassador added before they wrote to us).
            member.locale = locale
            member.display_name = member.display_name or name or None
            await self._uow.members.save(member)
        await self._uow.consents.record(
            member.id, ConsentKind.PRIVACY_NOTICE, PRIVACY_NOTICE_VERSION, now
        )
        return member


async def has_current_consent(uow: MembersUnit, member_id: int) -> bool:
    return any(
        consent.kind is ConsentKind.PRIVACY_NOTICE and consent.version >= PRIVACY_NOTICE_VERSION
        for consent in await uow.consents.of_member(member_id)
    )
