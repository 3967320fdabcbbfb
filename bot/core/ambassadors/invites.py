"""Invite links: a random token per link, attributed to the ambassador who made it.

A token is `i_` + 20 random URL-safe characters (120 bits: unguessable) + a 4-character
check, 26 characters of `[A-Za-z0-9_-]` in all (Telegram allows 64 in a /start payload). The
underscore never occurs in a community slug, so tokens and slugs cannot be confused. The
check is not a secret (the randomness is); it only tells a link that was cut or changed on
its way ("damaged") from one that never existed, so people get the right answer.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.core.ambassadors.domain import AuditAction, Invite
from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.common.clock import Clock
from bot.core.common.domain import Channel
from bot.core.communities.domain import Community, CommunityRole
from bot.core.communities.permissions import NotAllowed, require_ambassador

PREFIX = "i_"
_BODY = 20
_CHECK = 4
TOKEN_LENGTH = len(PREFIX) + _BODY + _CHECK
TOKEN_MAX = 64
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_USES_LIMIT = 100_000
MAX_DAYS = 365

#: How each running channel turns a token into a link (the Telegram adapter registers
#: `https://t.me/<bot>?start=<token>` when it knows its username).
LINK_BUILDERS: dict[Channel, Callable[[str], str]] = {}


def _check(body: str) -> str:
    digest = hashlib.sha256(f"josoor-invite:{body}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:3]).decode()


def new_token() -> str:
    body = secrets.token_urlsafe(15)  # 15 bytes → exactly 20 characters
    return f"{PREFIX}{body}{_check(body)}"


def looks_like_invite(payload: str) -> bool:
    """A /start payload meant as an invite (possibly damaged), not a community slug."""
    return payload.startswith(PREFIX)


class InviteProblem(ValueError):
    """Why a link does not let someone in: too_long, damaged, unknown, expired, used_up,
    community_gone."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_token(token: str) -> None:
    """Raise InviteProblem for a token that cannot be one of ours, without the database."""
    if len(token) > TOKEN_MAX:
        raise InviteProblem("too_long")
    if len(token) != TOKEN_LENGTH or not _TOKEN_CHARS.match(token):
        raise InviteProblem("damaged")
    body, check = token[len(PREFIX) : -_CHECK], token[-_CHECK:]
    if not secrets.compare_digest(_check(body), check):
        raise InviteProblem("damaged")


def invite_link(channel: Channel, token: str) -> str | None:
    builder = LINK_BUILDERS.get(channel)
    return builder(token) if builder is not None else None


class CreateInvite:
    def __init__(self, uow: AmbassadorsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, member_id: int, community_id: int, days: int | None, max_uses: int | None
    ) -> Invite:
        await require_ambassador(self._uow, member_id, community_id)
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise ValueError(f"days must be 1..{MAX_DAYS}")
        if max_uses is not None and not 1 <= max_uses <= MAX_USES_LIMIT:
            raise ValueError(f"max_uses must be 1..{MAX_USES_LIMIT}")
        now = self._clock.now()
        expires = now + timedelta(days=days) if days else None
        invite = await self._uow.invites.add(
            new_token(), community_id, member_id, now, expires, max_uses
        )
        await self._uow.audit.record(
            AuditAction.INVITE_CREATED,
            now,
            community_id=community_id,
            actor_id=member_id,
            subject_id=invite.id,
        )
        return invite


@dataclass(frozen=True, slots=True)
class Redeemed:
    community: Community
    already_member: bool


class RedeemInvite:
    """Join the community of a valid link; every problem raises InviteProblem (no membership)."""

    def __init__(self, uow: AmbassadorsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, token: str) -> Redeemed:
        check_token(token)
        invite = await self._uow.invites.by_token(token, lock=True)
        if invite is None:
            raise InviteProblem("unknown")
        community = await self._uow.communities.get(invite.community_id)
        if community is None or community.deleted:
            raise InviteProblem("community_gone")
        if await self._uow.memberships.get(member_id, community.id) is not None:
            return Redeemed(community, already_member=True)
        now = self._clock.now()
        if invite.expires_at is not None and invite.expires_at <= now:
            raise InviteProblem("expired")
        if invite.max_uses is not None and invite.uses >= invite.max_uses:
            raise InviteProblem("used_up")
        await self._uow.memberships.add(member_id, community.id, CommunityRole.MEMBER, now)
        await self._uow.invites.record_join(invite.id, member_id, now)
        return Redeemed(community, already_member=False)


__all__ = [
    "LINK_BUILDERS",
    "CreateInvite",
    "InviteProblem",
    "NotAllowed",
    "RedeemInvite",
    "check_token",
    "invite_link",
    "looks_like_invite",
    "new_token",
]
