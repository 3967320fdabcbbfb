"""Invite links: a random token per link, attributed to the ambassador who made it.

A token is `J1` + 21 random letters and digits (125 bits: unguessable) + a 4-character check,
27 characters of `[A-Za-z0-9]` (Telegram allows 64 in a /start payload). Letters and digits
only, because a token travels through chats: WhatsApp styles text between `_`, `*` or `~`
(we escape those with U+2060, which a copied token then carries), and some apps cut links at
`-` or `_`. A community slug is lowercase, so `J1…` is never one. The check is not a secret
(the randomness is); it only tells a link that was cut or changed on its way ("damaged") from
one that never existed, so people get the right answer. Tokens made before (`i_` + 20
URL-safe characters + check) keep working, also with U+2060 pasted into them.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.core.ambassadors.domain import AuditAction, Invite
from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.common.clock import Clock
from bot.core.common.domain import Channel
from bot.core.communities.domain import Community, CommunityRole
from bot.core.communities.permissions import NotAllowed, require_ambassador

PREFIX = "J1"
_BODY = 21
_CHECK = 4
TOKEN_LENGTH = len(PREFIX) + _BODY + _CHECK
_ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase
#: Tokens made before December 2026: `i_` + 20 URL-safe characters + a 4-character check.
OLD_PREFIX = "i_"
_OLD_BODY = 20
OLD_TOKEN_LENGTH = len(OLD_PREFIX) + _OLD_BODY + _CHECK
TOKEN_MAX = 64
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9]+$")
_OLD_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")
#: What chats put into a copied token: WhatsApp's word joiners around `_`, zero-width spaces.
_INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\u200c\u200d\ufeff"))
MAX_USES_LIMIT = 100_000
MAX_DAYS = 365

#: How each running channel turns a token into a link (the Telegram adapter registers
#: `https://t.me/<bot>?start=<token>` when it knows its username).
LINK_BUILDERS: dict[Channel, Callable[[str], str]] = {}


def _old_check(body: str) -> str:
    digest = hashlib.sha256(f"josoor-invite:{body}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:3]).decode()


def _check(body: str) -> str:
    number = int.from_bytes(hashlib.sha256(f"josoor-invite:{body}".encode()).digest()[:8])
    digits = []
    for _ in range(_CHECK):
        number, digit = divmod(number, len(_ALPHABET))
        digits.append(_ALPHABET[digit])
    return "".join(digits)


def new_token() -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(_BODY))
    return f"{PREFIX}{body}{_check(body)}"


def clean_token(payload: str) -> str:
    """The token as we made it: without the invisible characters a chat put into it."""
    return payload.translate(_INVISIBLE).strip()


def looks_like_invite(payload: str) -> bool:
    """A /start payload meant as an invite (possibly damaged), not a community slug."""
    return clean_token(payload).startswith((PREFIX, OLD_PREFIX))


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
    if token.startswith(OLD_PREFIX):
        valid = len(token) == OLD_TOKEN_LENGTH and _OLD_TOKEN_CHARS.match(token) is not None
        expected = _old_check
    else:
        valid = len(token) == TOKEN_LENGTH and _TOKEN_CHARS.match(token) is not None
        expected = _check
    body, check = token[len(PREFIX) : -_CHECK], token[-_CHECK:]
    if not valid or not secrets.compare_digest(expected(body), check):
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
        token = clean_token(token)
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
    "clean_token",
    "invite_link",
    "looks_like_invite",
    "new_token",
]
